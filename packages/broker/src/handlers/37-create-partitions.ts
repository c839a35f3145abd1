/**
 * CreatePartitions (key 37), v0-3, flexible from v2.
 * Version notes: v3 quota errors. Null assignments let the broker place the new partitions; given
 * ones may only name this node. The count must grow (INVALID_PARTITIONS otherwise). A topic named
 * twice fails (INVALID_REQUEST).
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { TopicError } from '../topics/manager.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.CREATE_PARTITIONS>
type Res = ResponseInput<typeof ApiKeys.CREATE_PARTITIONS>

export const createPartitionsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.CREATE_PARTITIONS,
  name: 'CreatePartitions',
  versions: kafkaVersions(ApiKeys.CREATE_PARTITIONS),
  async handle({ request, broker }) {
    const counts = new Map<string, number>()
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1)
    const results: NonNullable<Res['results']> = []
    for (const t of request.topics) {
      if (counts.get(t.name)! > 1) {
        results.push({
          name: t.name,
          errorCode: ErrorCodes.INVALID_REQUEST,
          errorMessage: 'Duplicate topic in request.',
        })
        continue
      }
      try {
        const assignments = t.assignments === null ? null : t.assignments.map((a) => a.brokerIds)
        await broker.topics.createPartitions(t.name, t.count, assignments, request.validateOnly)
        results.push({ name: t.name, errorCode: ErrorCodes.NONE, errorMessage: null })
      } catch (e) {
        if (!(e instanceof TopicError)) throw e
        results.push({ name: t.name, errorCode: e.errorCode, errorMessage: e.message })
      }
    }
    return { throttleTimeMs: 0, results }
  },
}
