/**
 * OffsetFetch (key 9), v1-10, flexible from v6.
 * Version notes: v2 null topics = every committed offset, and a top-level error code (v1 reports a
 * group error on each partition); v3 throttle time; v5 committed leader epoch; v7 requireStable;
 * v8 several groups per request; v9 member id/epoch (consumer protocol only, ignored for classic
 * groups); v10 topic ids instead of names.
 * A group that does not exist has offset -1 everywhere, without an error (as in Kafka).
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput, ZERO_UUID } from '@spool/protocol'
import { topicId, topicName } from '../group/handler-support.ts'
import type { CommittedOffset, OffsetFetchResult } from '../group/types.ts'
import { kafkaVersions } from './common.ts'
import type { BrokerContext, Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.OFFSET_FETCH>
type Res = ResponseInput<typeof ApiKeys.OFFSET_FETCH>

interface TopicQuery {
  readonly name: string
  readonly topicId: string
  readonly partitionIndexes: readonly number[]
}

interface TopicAnswer {
  readonly name: string
  readonly topicId: string
  readonly partitions: readonly CommittedOffset[]
}

const missing = (partition: number, errorCode: number): CommittedOffset => ({
  partition,
  offset: -1n,
  leaderEpoch: -1,
  metadata: '',
  errorCode,
})

/** One group's answer, topics named (or identified, v10) as the version wants. */
function fetchGroup(
  broker: BrokerContext,
  groupId: string,
  topics: readonly TopicQuery[] | null,
  requireStable: boolean,
  byId: boolean,
): { errorCode: number; topics: TopicAnswer[] } {
  if (topics === null) {
    const all: OffsetFetchResult = broker.groups.fetchOffsets(groupId, null, requireStable)
    const named = all.topics.map((t) => ({ ...t, topicId: topicId(broker, t.name) ?? ZERO_UUID }))
    // With topic ids, offsets of topics that no longer exist cannot be named: leave them out.
    return { errorCode: all.errorCode, topics: byId ? named.filter((t) => t.topicId !== ZERO_UUID) : named }
  }
  const resolved = topics.map((t) => ({ query: t, name: byId ? topicName(broker, t.topicId) : t.name }))
  const known = resolved.filter((r) => r.name !== undefined)
  const result = broker.groups.fetchOffsets(
    groupId,
    known.map((r) => ({ name: r.name!, partitions: r.query.partitionIndexes })),
    requireStable,
  )
  if (result.errorCode !== ErrorCodes.NONE) return { errorCode: result.errorCode, topics: [] }
  let next = 0
  return {
    errorCode: ErrorCodes.NONE,
    topics: resolved.map((r) => ({
      name: r.name ?? '',
      topicId: r.query.topicId,
      partitions:
        r.name === undefined
          ? r.query.partitionIndexes.map((p) => missing(p, ErrorCodes.UNKNOWN_TOPIC_ID))
          : result.topics[next++]!.partitions,
    })),
  }
}

const partitionOut = (p: CommittedOffset) => ({
  partitionIndex: p.partition,
  committedOffset: p.offset,
  committedLeaderEpoch: p.leaderEpoch,
  metadata: p.metadata,
  errorCode: p.errorCode,
})

export const offsetFetchHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.OFFSET_FETCH,
  name: 'OffsetFetch',
  versions: kafkaVersions(ApiKeys.OFFSET_FETCH),
  handle({ request, version, broker }) {
    if (version >= 8) {
      return {
        throttleTimeMs: 0,
        groups: request.groups.map((g) => {
          const topics = g.topics?.map((t) => ({ ...t, name: t.name ?? '' })) ?? null
          const answer = fetchGroup(broker, g.groupId, topics, request.requireStable, version >= 10)
          return {
            groupId: g.groupId,
            errorCode: answer.errorCode,
            topics: answer.topics.map((t) => ({
              name: t.name,
              topicId: t.topicId,
              partitions: t.partitions.map(partitionOut),
            })),
          }
        }),
      }
    }
    const topics = request.topics?.map((t) => ({ ...t, topicId: ZERO_UUID })) ?? null
    const answer = fetchGroup(broker, request.groupId, topics, request.requireStable, false)
    if (answer.errorCode !== ErrorCodes.NONE && version < 2) {
      // v1 has no top-level error: the group error goes on every requested partition.
      return {
        throttleTimeMs: 0,
        topics: (topics ?? []).map((t) => ({
          name: t.name,
          partitions: t.partitionIndexes.map((p) => partitionOut(missing(p, answer.errorCode))),
        })),
      }
    }
    return {
      throttleTimeMs: 0,
      errorCode: answer.errorCode,
      topics: answer.topics.map((t) => ({ name: t.name, partitions: t.partitions.map(partitionOut) })),
    }
  },
}
