import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, createTopic, produce, wire } from '../helpers/wire.ts'

describe('CreatePartitions', () => {
  it('grows a topic, refuses shrinking, validates only when asked', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'grow', 1)
    const res = await c.request(ApiKeys.CREATE_PARTITIONS, 3, {
      topics: [
        { name: 'grow', count: 3, assignments: null },
        { name: 'ghost', count: 2, assignments: null },
      ],
      timeoutMs: 1000,
      validateOnly: false,
    })
    assert.deepEqual(
      res.results.map((r) => r.errorCode),
      [0, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION],
    )
    assert.equal(b.broker.topics.get('grow')?.partitions.length, 3)
    assert.equal((await produce(c, 'grow', 2, ['new partition'])).errorCode, 0)
    const shrink = await c.request(ApiKeys.CREATE_PARTITIONS, 3, {
      topics: [{ name: 'grow', count: 2, assignments: null }],
      timeoutMs: 1000,
      validateOnly: false,
    })
    assert.equal(shrink.results[0]!.errorCode, ErrorCodes.INVALID_PARTITIONS)
    const dry = await c.request(ApiKeys.CREATE_PARTITIONS, 0, {
      topics: [{ name: 'grow', count: 5, assignments: null }],
      timeoutMs: 1000,
      validateOnly: true,
    })
    assert.equal(dry.results[0]!.errorCode, 0)
    assert.equal(b.broker.topics.get('grow')?.partitions.length, 3)
    const elsewhere = await c.request(ApiKeys.CREATE_PARTITIONS, 3, {
      topics: [{ name: 'grow', count: 4, assignments: [{ brokerIds: [9] }] }],
      timeoutMs: 1000,
      validateOnly: false,
    })
    assert.equal(elsewhere.results[0]!.errorCode, ErrorCodes.INVALID_REPLICA_ASSIGNMENT)
  })
})
