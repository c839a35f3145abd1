/**
 * DeleteTopics (key 20), v1-6, flexible from v4.
 * Version notes: v3 TOPIC_DELETION_DISABLED (deletion is always enabled here); v5 error messages;
 * v6 delete by name or by topic id (`topics` replaces `topicNames`; setting both is INVALID_REQUEST,
 * an unknown id is UNKNOWN_TOPIC_ID).
 * The topic's partition data is removed and its committed offsets are dropped by the group
 * coordinator (through the topic registry's `deleted` event, wired in broker.ts).
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput, ZERO_UUID } from '@spool/protocol'
import { TopicError } from '../topics/manager.ts'
import { kafkaVersions } from './common.ts'
import type { BrokerContext, Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.DELETE_TOPICS>
type Res = ResponseInput<typeof ApiKeys.DELETE_TOPICS>
type Out = NonNullable<Res['responses']>[number]

async function deleteOne(broker: BrokerContext, name: string | null, topicId: string): Promise<Out> {
  const hasId = topicId !== ZERO_UUID
  if (name !== null && hasId)
    return {
      name,
      topicId,
      errorCode: ErrorCodes.INVALID_REQUEST,
      errorMessage: 'Topic name and topic id cannot both be set',
    }
  const topic = hasId ? broker.topics.byId(topicId) : name === null ? undefined : broker.topics.get(name)
  if (topic === undefined)
    return {
      name,
      topicId,
      errorCode: hasId ? ErrorCodes.UNKNOWN_TOPIC_ID : ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION,
      errorMessage: hasId ? `Topic id ${topicId} does not exist` : `Topic '${name}' does not exist`,
    }
  try {
    await broker.topics.delete(topic.name)
    return { name: topic.name, topicId: topic.id, errorCode: ErrorCodes.NONE, errorMessage: null }
  } catch (e) {
    if (!(e instanceof TopicError)) throw e
    return { name: topic.name, topicId: topic.id, errorCode: e.errorCode, errorMessage: e.message }
  }
}

export const deleteTopicsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.DELETE_TOPICS,
  name: 'DeleteTopics',
  versions: kafkaVersions(ApiKeys.DELETE_TOPICS),
  async handle({ request, version, broker }) {
    const wanted =
      version >= 6 ? request.topics : request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }))
    const responses: Out[] = []
    for (const t of wanted) responses.push(await deleteOne(broker, t.name, t.topicId))
    return { throttleTimeMs: 0, responses }
  },
}
