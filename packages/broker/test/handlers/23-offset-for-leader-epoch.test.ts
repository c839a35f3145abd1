import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, createTopic, produce, wire } from '../helpers/wire.ts'

describe('OffsetForLeaderEpoch', () => {
  it('answers the log end for epoch 0, unknown for later epochs, and fences bad current epochs', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'ep')
    await produce(c, 'ep', 0, ['a', 'b'])
    const res = await c.request(ApiKeys.OFFSET_FOR_LEADER_EPOCH, 4, {
      replicaId: -1,
      topics: [
        {
          topic: 'ep',
          partitions: [
            { partition: 0, currentLeaderEpoch: 0, leaderEpoch: 0 },
            { partition: 0, currentLeaderEpoch: -1, leaderEpoch: 3 },
            { partition: 0, currentLeaderEpoch: 2, leaderEpoch: 0 },
            { partition: 9, currentLeaderEpoch: 0, leaderEpoch: 0 },
          ],
        },
      ],
    })
    assert.deepEqual(
      res.topics[0]!.partitions.map((p) => [p.errorCode, p.leaderEpoch, p.endOffset]),
      [
        [0, 0, 2n],
        [0, -1, -1n],
        [ErrorCodes.UNKNOWN_LEADER_EPOCH, -1, -1n],
        [ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, -1, -1n],
      ],
    )
  })
})
