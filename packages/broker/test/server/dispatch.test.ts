import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, decodeResponse, ErrorCodes, encodeBatch, encodeRequest } from '@spool/protocol'
import { pino } from 'pino'
import { apiVersionsHandler } from '../../src/handlers/18-api-versions.ts'
import { type BrokerContext, CloseConnection, type Handler, NO_RESPONSE } from '../../src/handlers/types.ts'
import { CLOSE, Dispatcher, type DispatchResult } from '../../src/server/dispatch.ts'
import { Faults } from '../../src/server/faults.ts'

const produceWith = (handle: Handler['handle']): Handler => ({
  apiKey: 0,
  name: 'Produce',
  versions: { min: 0, max: 13 },
  handle,
})
const context = { apiKeys: [] } as unknown as BrokerContext
const conn = () => ({
  id: 1,
  remoteAddress: '127.0.0.1',
  clientId: null,
  principal: undefined,
  saslMechanism: undefined,
  state: new Map(),
})

const produceFrame = (acks: number) =>
  encodeRequest(
    { apiKey: ApiKeys.PRODUCE, apiVersion: 9, correlationId: 5, clientId: 't' },
    {
      acks,
      timeoutMs: 1000,
      topicData: [
        {
          name: 't',
          partitionData: [
            {
              index: 3,
              records: encodeBatch({ records: [{ key: null, value: Buffer.from('x'), headers: [] }] }),
            },
          ],
        },
      ],
    },
  ).subarray(4)

function dispatcher(handler: Handler, requireAuth = false) {
  return new Dispatcher({
    handlers: new Map([
      [0, handler],
      [18, apiVersionsHandler],
    ]),
    context,
    faults: new Faults(),
    logger: pino({ level: 'silent' }),
    requireAuth,
  })
}

/** The response frame of a dispatch (one Buffer or its chunks); fails on CLOSE or no response. */
function joined(out: DispatchResult): Buffer {
  assert.ok(out !== null && out !== CLOSE, 'a response frame')
  return Buffer.isBuffer(out) ? out : Buffer.concat(out)
}

describe('Dispatcher', () => {
  it('answers UNKNOWN_SERVER_ERROR at the right level when a handler throws', async () => {
    const d = dispatcher(
      produceWith(() => {
        throw new Error('boom')
      }),
    )
    const out = joined(await d.dispatch(produceFrame(1), conn()))
    assert.equal(out.readInt32BE(0), out.length - 4, 'size prefix')
    const res = decodeResponse(ApiKeys.PRODUCE, 9, out.subarray(4))
    assert.equal(res.correlationId, 5)
    assert.deepEqual(
      res.body.responses[0]!.partitionResponses.map((p) => [p.index, p.errorCode]),
      [[3, ErrorCodes.UNKNOWN_SERVER_ERROR]],
    )
  })

  it('closes on CloseConnection and on any failure of an acks=0 produce; sends nothing for NO_RESPONSE', async () => {
    const closing = dispatcher(
      produceWith(() => {
        throw new CloseConnection('no')
      }),
    )
    assert.equal(await closing.dispatch(produceFrame(1), conn()), CLOSE)
    const failing = dispatcher(
      produceWith(() => {
        throw new Error('boom')
      }),
    )
    assert.equal(await failing.dispatch(produceFrame(0), conn()), CLOSE)
    assert.equal(await dispatcher(produceWith(() => NO_RESPONSE)).dispatch(produceFrame(0), conn()), null)
  })

  it('lets only ApiVersions and SASL through before authentication', async () => {
    const d = dispatcher(
      produceWith(() => NO_RESPONSE),
      true,
    )
    assert.equal(await d.dispatch(produceFrame(0), conn()), CLOSE)
    const av = encodeRequest(
      { apiKey: ApiKeys.API_VERSIONS, apiVersion: 3, correlationId: 1, clientId: 't' },
      { clientSoftwareName: 'a', clientSoftwareVersion: '1' },
    )
    assert.ok(joined(await d.dispatch(av.subarray(4), conn())).length > 4)
  })
})
