/**
 * OffsetForLeaderEpoch (key 23), v2-4, flexible from v4.
 * Version notes: v2 current leader epoch (fencing) and throttle time; v3 replica id; v4 flexible.
 * Consumers (Java) use it to validate their position after a leader change. Every partition has had
 * one leader epoch, 0, since it was created: asking for epoch 0 gives the log end offset; a later
 * epoch is unknown (-1, -1), as in Kafka's leader-epoch cache.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { LEADER_EPOCH } from '../topics/partition.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.OFFSET_FOR_LEADER_EPOCH>
type Res = ResponseInput<typeof ApiKeys.OFFSET_FOR_LEADER_EPOCH>

export const offsetForLeaderEpochHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.OFFSET_FOR_LEADER_EPOCH,
  name: 'OffsetForLeaderEpoch',
  versions: kafkaVersions(ApiKeys.OFFSET_FOR_LEADER_EPOCH),
  handle({ request, broker }) {
    const topics = request.topics.map((t) => {
      const topic = broker.topics.get(t.topic)
      return {
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const base = { partition: p.partition, leaderEpoch: -1, endOffset: -1n }
          const partition = topic?.partitions[p.partition]
          if (partition === undefined) return { ...base, errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION }
          if (p.currentLeaderEpoch > LEADER_EPOCH)
            return { ...base, errorCode: ErrorCodes.UNKNOWN_LEADER_EPOCH }
          if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < LEADER_EPOCH)
            return { ...base, errorCode: ErrorCodes.FENCED_LEADER_EPOCH }
          if (p.leaderEpoch !== LEADER_EPOCH) return { ...base, errorCode: ErrorCodes.NONE }
          return {
            partition: p.partition,
            errorCode: ErrorCodes.NONE,
            leaderEpoch: LEADER_EPOCH,
            endOffset: partition.log.logEndOffset,
          }
        }),
      }
    })
    return { throttleTimeMs: 0, topics }
  },
}
