import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes, ZERO_UUID } from '@spool/protocol'
import { broker, createTopic, fetchRecords, produce, wire } from '../helpers/wire.ts'

describe('DeleteTopics', () => {
  it('deletes by name (v1-5) and by id (v6), with their data', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'by-name')
    const id = await createTopic(c, 'by-id')
    await produce(c, 'by-name', 0, ['a'])
    const v1 = await c.request(ApiKeys.DELETE_TOPICS, 1, {
      topicNames: ['by-name', 'ghost'],
      timeoutMs: 1000,
    })
    assert.deepEqual(
      v1.responses.map((r) => [r.name, r.errorCode]),
      [
        ['by-name', 0],
        ['ghost', ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION],
      ],
    )
    const v6 = await c.request(ApiKeys.DELETE_TOPICS, 6, {
      topics: [
        { name: null, topicId: id },
        { name: null, topicId: '11111111-2222-4333-8444-555555555555' },
      ],
      timeoutMs: 1000,
    })
    assert.deepEqual(
      v6.responses.map((r) => [r.name, r.errorCode]),
      [
        ['by-id', 0],
        [null, ErrorCodes.UNKNOWN_TOPIC_ID],
      ],
    )
    assert.deepEqual(b.broker.topics.list(), [])
    // Recreated: a new id and no old data.
    const again = await createTopic(c, 'by-name')
    assert.notEqual(again, ZERO_UUID)
    assert.equal((await fetchRecords(c, 'by-name', 0, 0n)).partition.highWatermark, 0n)
  })
})
