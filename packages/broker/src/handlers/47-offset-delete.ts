/**
 * OffsetDelete (key 47), v0 only, never flexible.
 * Deletes a group's committed offsets for topics it does not subscribe to: a live consumer group
 * gets GROUP_SUBSCRIBED_TO_TOPIC for its topics, a live group of another protocol NON_EMPTY_GROUP.
 * As in KafkaApis, partitions of unknown topics are answered UNKNOWN_TOPIC_OR_PARTITION here.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { partitionError } from '../group/handler-support.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.OFFSET_DELETE>
type Res = ResponseInput<typeof ApiKeys.OFFSET_DELETE>

export const offsetDeleteHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.OFFSET_DELETE,
  name: 'OffsetDelete',
  versions: kafkaVersions(ApiKeys.OFFSET_DELETE),
  async handle({ request, broker }) {
    const refused = new Map<string, number>()
    const key = (topic: string, partition: number) => `${partition}:${topic}`
    const valid = request.topics
      .map((t) => ({
        name: t.name,
        partitions: t.partitions
          .map((p) => p.partitionIndex)
          .filter((p) => {
            const error = partitionError(broker, t.name, p)
            if (error !== ErrorCodes.NONE) refused.set(key(t.name, p), error)
            return error === ErrorCodes.NONE
          }),
      }))
      .filter((t) => t.partitions.length > 0)
    const result = await broker.groups.deleteOffsets(request.groupId, valid)
    if (result.errorCode !== ErrorCodes.NONE)
      return { errorCode: result.errorCode, throttleTimeMs: 0, topics: [] }
    const answered = new Map<string, number>()
    for (const t of result.topics)
      for (const p of t.partitions) answered.set(key(t.name, p.partition), p.errorCode)
    return {
      errorCode: ErrorCodes.NONE,
      throttleTimeMs: 0,
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode:
            refused.get(key(t.name, p.partitionIndex)) ??
            answered.get(key(t.name, p.partitionIndex)) ??
            ErrorCodes.NONE,
        })),
      })),
    }
  },
}
