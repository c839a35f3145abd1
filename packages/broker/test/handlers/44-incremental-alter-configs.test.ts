import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, createTopic, wire } from '../helpers/wire.ts'

const SET = 0
const DELETE = 1
const APPEND = 2
const SUBTRACT = 3

describe('IncrementalAlterConfigs', () => {
  it('sets, deletes, appends and subtracts topic configs, and persists them in the registry', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'alt', 1, { 'retention.bytes': '5000' })
    const alter = (
      configs: Array<{ name: string; configOperation: number; value: string | null }>,
      validateOnly = false,
    ) =>
      c.request(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 1, {
        resources: [{ resourceType: 2, resourceName: 'alt', configs }],
        validateOnly,
      })
    assert.equal(
      (
        await alter([
          { name: 'retention.ms', configOperation: SET, value: '60000' },
          { name: 'retention.bytes', configOperation: DELETE, value: null },
        ])
      ).responses[0]!.errorCode,
      0,
    )
    assert.deepEqual(b.broker.topics.get('alt')!.configs, { 'retention.ms': '60000' })
    await alter([{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact' }])
    assert.equal(b.broker.topics.get('alt')!.configs['cleanup.policy'], 'delete,compact')
    await alter([{ name: 'cleanup.policy', configOperation: SUBTRACT, value: 'delete' }])
    assert.equal(b.broker.topics.get('alt')!.configs['cleanup.policy'], 'compact')
    await alter([{ name: 'retention.ms', configOperation: SET, value: '1' }], true)
    assert.equal(b.broker.topics.get('alt')!.configs['retention.ms'], '60000', 'validateOnly changes nothing')
  })

  it('refuses bad values, unknown names, unknown topics and broker configs', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'x')
    const res = await c.request(ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, {
      resources: [
        {
          resourceType: 2,
          resourceName: 'x',
          configs: [{ name: 'retention.ms', configOperation: SET, value: 'abc' }],
        },
        {
          resourceType: 2,
          resourceName: 'ghost',
          configs: [{ name: 'retention.ms', configOperation: SET, value: '1' }],
        },
        {
          resourceType: 4,
          resourceName: '1',
          configs: [{ name: 'num.partitions', configOperation: SET, value: '3' }],
        },
      ],
      validateOnly: false,
    })
    assert.deepEqual(
      res.responses.map((r) => r.errorCode),
      [ErrorCodes.INVALID_CONFIG, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, ErrorCodes.INVALID_CONFIG],
    )
    assert.match(res.responses[0]!.errorMessage!, /retention\.ms/)
  })
})
