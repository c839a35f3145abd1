import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, wire } from '../helpers/wire.ts'

describe('InitProducerId', () => {
  it('hands out a new producer id at epoch 0 each time', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const a = await c.request(ApiKeys.INIT_PRODUCER_ID, 0, {
      transactionalId: null,
      transactionTimeoutMs: 60_000,
    })
    const d = await c.request(ApiKeys.INIT_PRODUCER_ID, 5, {
      transactionalId: null,
      transactionTimeoutMs: 60_000,
      producerId: a.producerId,
      producerEpoch: 0,
    })
    assert.deepEqual([a.errorCode, a.producerEpoch, d.errorCode, d.producerEpoch], [0, 0, 0, 0])
    assert.notEqual(a.producerId, d.producerId)
    assert.ok(a.producerId >= 0n)
  })

  it('refuses transactional ids with TRANSACTIONAL_ID_AUTHORIZATION_FAILED', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const res = await c.request(ApiKeys.INIT_PRODUCER_ID, 4, {
      transactionalId: 'tx-1',
      transactionTimeoutMs: 60_000,
    })
    assert.equal(res.errorCode, ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED)
  })
})
