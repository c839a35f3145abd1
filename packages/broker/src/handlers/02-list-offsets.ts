/**
 * ListOffsets (key 2), v1-11, flexible from v6.
 * Version notes: v2 isolation level; v4 current leader epoch (fencing) and the leader epoch of the
 * answer; v7 max timestamp (-3); v8 earliest local (-4); v9 latest tiered (-5); v10 timeout;
 * v11 earliest pending upload (-6).
 * Special timestamps: -1 latest (the high watermark; also the last stable offset, as there are no
 * transactions), -2 earliest, -3 the record with the largest timestamp, -4 = -2 (all data is local),
 * -5/-6 none (no tiered storage: offset -1). Otherwise the first offset whose timestamp is at least
 * the one asked for, or -1 when there is none.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { LEADER_EPOCH } from '../topics/partition.ts'
import { kafkaVersions, storageErrorCode } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.LIST_OFFSETS>
type Res = ResponseInput<typeof ApiKeys.LIST_OFFSETS>
type PartitionOut = NonNullable<NonNullable<Res['topics']>[number]['partitions']>[number]

const LATEST = -1n
const EARLIEST = -2n
const MAX_TIMESTAMP = -3n
const EARLIEST_LOCAL = -4n

const none = (partitionIndex: number, errorCode: number): PartitionOut => ({
  partitionIndex,
  errorCode,
  timestamp: -1n,
  offset: -1n,
  leaderEpoch: -1,
})

export const listOffsetsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.LIST_OFFSETS,
  name: 'ListOffsets',
  versions: kafkaVersions(ApiKeys.LIST_OFFSETS),
  async handle({ request, broker }) {
    const topics = await Promise.all(
      request.topics.map(async (t) => {
        const topic = broker.topics.get(t.name)
        const partitions = await Promise.all(
          t.partitions.map(async (p): Promise<PartitionOut> => {
            const partition = topic?.partitions[p.partitionIndex]
            if (partition === undefined) return none(p.partitionIndex, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
            if (p.currentLeaderEpoch > LEADER_EPOCH)
              return none(p.partitionIndex, ErrorCodes.UNKNOWN_LEADER_EPOCH)
            if (p.currentLeaderEpoch >= 0 && p.currentLeaderEpoch < LEADER_EPOCH)
              return none(p.partitionIndex, ErrorCodes.FENCED_LEADER_EPOCH)
            const log = partition.log
            const found = (offset: bigint, timestamp = -1n): PartitionOut => ({
              partitionIndex: p.partitionIndex,
              errorCode: ErrorCodes.NONE,
              timestamp,
              offset,
              leaderEpoch: LEADER_EPOCH,
            })
            try {
              if (p.timestamp === LATEST) return found(log.logEndOffset)
              if (p.timestamp === EARLIEST || p.timestamp === EARLIEST_LOCAL) return found(log.logStartOffset)
              if (p.timestamp < MAX_TIMESTAMP) return none(p.partitionIndex, ErrorCodes.NONE)
              const hit = await log.offsetForTimestamp(p.timestamp)
              return hit === undefined
                ? none(p.partitionIndex, ErrorCodes.NONE)
                : found(hit.offset, hit.timestamp)
            } catch (e) {
              return none(p.partitionIndex, storageErrorCode(e))
            }
          }),
        )
        return { name: t.name, partitions }
      }),
    )
    return { throttleTimeMs: 0, topics }
  },
}
