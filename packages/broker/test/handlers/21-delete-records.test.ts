import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, createTopic, fetchRecords, produce, wire } from '../helpers/wire.ts'

describe('DeleteRecords', () => {
  it('moves the log start offset (-1 = high watermark) and refuses offsets past the end', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'dr', 2)
    for (const v of ['a', 'b', 'c']) await produce(c, 'dr', 0, [v])
    await produce(c, 'dr', 1, ['x'])
    const res = await c.request(ApiKeys.DELETE_RECORDS, 2, {
      topics: [
        {
          name: 'dr',
          partitions: [
            { partitionIndex: 0, offset: 2n },
            { partitionIndex: 1, offset: -1n },
          ],
        },
        { name: 'ghost', partitions: [{ partitionIndex: 0, offset: 1n }] },
      ],
      timeoutMs: 1000,
    })
    assert.deepEqual(
      res.topics[0]!.partitions.map((p) => [p.lowWatermark, p.errorCode]),
      [
        [2n, 0],
        [1n, 0],
      ],
    )
    assert.equal(res.topics[1]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    assert.deepEqual(
      (await fetchRecords(c, 'dr', 0, 2n)).records.map((r) => r.value),
      ['c'],
    )
    const past = await c.request(ApiKeys.DELETE_RECORDS, 0, {
      topics: [{ name: 'dr', partitions: [{ partitionIndex: 0, offset: 10n }] }],
      timeoutMs: 1000,
    })
    assert.equal(past.topics[0]!.partitions[0]!.errorCode, ErrorCodes.OFFSET_OUT_OF_RANGE)
    const earliest = await c.request(ApiKeys.LIST_OFFSETS, 7, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [{ name: 'dr', partitions: [{ partitionIndex: 0, timestamp: -2n }] }],
    })
    assert.equal(earliest.topics[0]!.partitions[0]!.offset, 2n)
  })
})
