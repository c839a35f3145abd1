/**
 * CreateTopics (key 19), v2-7, flexible from v5.
 * Version notes: v4 numPartitions/replicationFactor -1 take the broker defaults; v5 the answer
 * describes the created topic (partitions, replication factor, configs); v6 quota errors; v7 the
 * topic id.
 * One node: replication factor 1 or -1, anything else is INVALID_REPLICATION_FACTOR; a replica
 * assignment may only name this node. A name twice in one request fails both (INVALID_REQUEST).
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput, ZERO_UUID } from '@spool/protocol'
import { ConfigSource, TOPIC_CONFIGS } from '../topics/configs.ts'
import { TopicError, type TopicManager } from '../topics/manager.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.CREATE_TOPICS>
type Res = ResponseInput<typeof ApiKeys.CREATE_TOPICS>
type TopicOut = NonNullable<Res['topics']>[number]

/** The configs CreateTopics v5+ reports for a new topic (every known config and its source). */
function describeConfigs(topics: TopicManager, configs: Readonly<Record<string, string>>) {
  return [...TOPIC_CONFIGS.keys()].map((name) => {
    const own = configs[name]
    const brokerValue = topics.brokerDefaults.get(name)
    const kafkaDefault = TOPIC_CONFIGS.get(name)!.kafkaDefault
    const source =
      own !== undefined
        ? ConfigSource.TOPIC_CONFIG
        : brokerValue !== undefined && brokerValue !== kafkaDefault
          ? ConfigSource.STATIC_BROKER_CONFIG
          : ConfigSource.DEFAULT_CONFIG
    return {
      name,
      value: own ?? brokerValue ?? kafkaDefault,
      readOnly: false,
      configSource: source,
      isSensitive: false,
    }
  })
}

export const createTopicsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.CREATE_TOPICS,
  name: 'CreateTopics',
  versions: kafkaVersions(ApiKeys.CREATE_TOPICS),
  async handle({ request, broker }) {
    const counts = new Map<string, number>()
    for (const t of request.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1)
    const topics: TopicOut[] = []
    for (const t of request.topics) {
      const failed = (errorCode: number, errorMessage: string): TopicOut => ({
        name: t.name,
        topicId: ZERO_UUID,
        errorCode,
        errorMessage,
        numPartitions: -1,
        replicationFactor: -1,
        configs: null,
      })
      if (counts.get(t.name)! > 1) {
        topics.push(
          failed(
            ErrorCodes.INVALID_REQUEST,
            `Create topics request contains multiple entries for the topic ${t.name}`,
          ),
        )
        continue
      }
      const configs: Record<string, string | null> = {}
      for (const c of t.configs) configs[c.name] = c.value
      const spec = {
        name: t.name,
        numPartitions: t.numPartitions,
        replicationFactor: t.replicationFactor,
        assignments: t.assignments,
        configs,
      }
      try {
        const planned = broker.topics.validateCreate(spec)
        const created = request.validateOnly ? undefined : await broker.topics.create(spec)
        topics.push({
          name: t.name,
          topicId: created?.id ?? ZERO_UUID,
          errorCode: ErrorCodes.NONE,
          errorMessage: null,
          numPartitions: planned.partitions,
          replicationFactor: 1,
          configs: describeConfigs(broker.topics, planned.configs),
        })
      } catch (e) {
        if (!(e instanceof TopicError)) throw e
        topics.push(failed(e.errorCode, e.message))
      }
    }
    return { throttleTimeMs: 0, topics }
  },
}
