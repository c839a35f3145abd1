/**
 * OffsetCommit (key 8), v2-10, flexible from v8.
 * Version notes: v2-4 a retention time (later: broker config only); v3 throttle time; v6 committed
 * leader epoch; v7 group instance id; v9 GROUP_ID_NOT_FOUND instead of ILLEGAL_GENERATION when a
 * member commits to a group that does not exist; v10 topic ids instead of names.
 * As Kafka's KafkaApis: partitions of unknown topics are refused here (UNKNOWN_TOPIC_OR_PARTITION,
 * UNKNOWN_TOPIC_ID); the rest goes to the coordinator, which answers once the commit is journaled.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput, ZERO_UUID } from '@spool/protocol'
import { partitionError, topicName } from '../group/handler-support.ts'
import type { OffsetCommitInput } from '../group/types.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.OFFSET_COMMIT>
type Res = ResponseInput<typeof ApiKeys.OFFSET_COMMIT>
type Topic = OffsetCommitInput['topics'][number]

export const offsetCommitHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.OFFSET_COMMIT,
  name: 'OffsetCommit',
  versions: kafkaVersions(ApiKeys.OFFSET_COMMIT),
  async handle({ request, version, broker }) {
    const byId = version >= 10
    // Request order, each topic answered either here (refused) or by the coordinator.
    const answers: Array<{ name: string; topicId: string; errors: Map<number, number> }> = []
    const valid: Topic[] = []
    for (const t of request.topics) {
      const name = byId ? topicName(broker, t.topicId) : t.name
      const errors = new Map<number, number>()
      answers.push({ name: name ?? t.name, topicId: t.topicId, errors })
      const partitions: Array<Topic['partitions'][number]> = []
      for (const p of t.partitions) {
        const error =
          name === undefined ? ErrorCodes.UNKNOWN_TOPIC_ID : partitionError(broker, name, p.partitionIndex)
        if (error !== ErrorCodes.NONE) errors.set(p.partitionIndex, error)
        else
          partitions.push({
            partition: p.partitionIndex,
            offset: p.committedOffset,
            leaderEpoch: p.committedLeaderEpoch,
            metadata: p.committedMetadata,
          })
      }
      if (name !== undefined && partitions.length > 0) valid.push({ name, partitions })
    }
    if (valid.length > 0) {
      const results = await broker.groups.commitOffsets({
        groupId: request.groupId,
        generationId: request.generationIdOrMemberEpoch,
        memberId: request.memberId,
        groupInstanceId: request.groupInstanceId,
        retentionTimeMs: Number(request.retentionTimeMs),
        apiVersion: version,
        topics: valid,
      })
      for (const r of results) {
        const answer = answers.find((a) => a.name === r.name)!
        for (const p of r.partitions) answer.errors.set(p.partition, p.errorCode)
      }
    }
    return {
      throttleTimeMs: 0,
      topics: request.topics.map((t, i) => ({
        name: answers[i]!.name,
        topicId: byId ? t.topicId : ZERO_UUID,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: answers[i]!.errors.get(p.partitionIndex) ?? ErrorCodes.NONE,
        })),
      })),
    }
  },
}
