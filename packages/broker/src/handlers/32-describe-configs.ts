/**
 * DescribeConfigs (key 32), v1-4, flexible from v4.
 * Version notes: v1 synonyms and config source; v3 config type and documentation.
 * Resources: 2 topic (every topic config with its value in force and where it comes from: the
 * topic's override, a broker option, or Kafka's default), 4 broker (this node's static configs,
 * name '' or the node id), 8 broker logger (no loggers are reported). Null configurationKeys means
 * every key.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { brokerConfigs } from '../topics/broker-configs.ts'
import { ConfigSource, TOPIC_CONFIGS } from '../topics/configs.ts'
import { kafkaVersions } from './common.ts'
import type { BrokerContext, Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.DESCRIBE_CONFIGS>
type Res = ResponseInput<typeof ApiKeys.DESCRIBE_CONFIGS>
type Result = NonNullable<Res['results']>[number]
type ConfigOut = NonNullable<Result['configs']>[number]

export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const

function topicConfigs(
  broker: BrokerContext,
  name: string,
  keys: string[] | null,
  synonyms: boolean,
  docs: boolean,
): Result {
  const topic = broker.topics.get(name)
  const base = { resourceType: ResourceType.TOPIC, resourceName: name }
  if (topic === undefined)
    return {
      ...base,
      errorCode: ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION,
      errorMessage: `Topic '${name}' does not exist`,
      configs: [],
    }
  const configs: ConfigOut[] = []
  for (const def of TOPIC_CONFIGS.values()) {
    if (keys !== null && !keys.includes(def.name)) continue
    const chain: Array<{ name: string; value: string; source: number }> = []
    const own = topic.configs[def.name]
    if (own !== undefined) chain.push({ name: def.name, value: own, source: ConfigSource.TOPIC_CONFIG })
    const fromBroker = broker.topics.brokerDefaults.get(def.name)
    if (fromBroker !== undefined && fromBroker !== def.kafkaDefault)
      chain.push({ name: def.synonym, value: fromBroker, source: ConfigSource.STATIC_BROKER_CONFIG })
    chain.push({ name: def.synonym, value: def.kafkaDefault, source: ConfigSource.DEFAULT_CONFIG })
    configs.push({
      name: def.name,
      value: chain[0]!.value,
      readOnly: false,
      configSource: chain[0]!.source,
      isSensitive: false,
      synonyms: synonyms ? chain : [],
      configType: def.type,
      documentation: docs ? def.doc : null,
    })
  }
  return { ...base, errorCode: ErrorCodes.NONE, errorMessage: null, configs }
}

function nodeConfigs(
  broker: BrokerContext,
  name: string,
  keys: string[] | null,
  synonyms: boolean,
  docs: boolean,
): Result {
  const base = { resourceType: ResourceType.BROKER, resourceName: name }
  if (name !== '' && name !== String(broker.nodeId))
    return {
      ...base,
      errorCode: ErrorCodes.INVALID_REQUEST,
      errorMessage: `Unexpected broker id, expected ${broker.nodeId} or empty string, but received ${name}`,
      configs: [],
    }
  const configs = brokerConfigs(broker.options, broker.advertised)
    .filter((c) => keys === null || keys.includes(c.name))
    .map((c) => ({
      name: c.name,
      value: c.value,
      readOnly: true,
      configSource: c.source,
      isSensitive: false,
      synonyms: synonyms ? [{ name: c.name, value: c.value, source: c.source }] : [],
      configType: c.type,
      documentation: docs ? c.doc : null,
    }))
  return { ...base, errorCode: ErrorCodes.NONE, errorMessage: null, configs }
}

export const describeConfigsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.DESCRIBE_CONFIGS,
  name: 'DescribeConfigs',
  versions: kafkaVersions(ApiKeys.DESCRIBE_CONFIGS),
  handle({ request, broker }) {
    const results = request.resources.map((r): Result => {
      switch (r.resourceType) {
        case ResourceType.TOPIC:
          return topicConfigs(
            broker,
            r.resourceName,
            r.configurationKeys,
            request.includeSynonyms,
            request.includeDocumentation,
          )
        case ResourceType.BROKER:
          return nodeConfigs(
            broker,
            r.resourceName,
            r.configurationKeys,
            request.includeSynonyms,
            request.includeDocumentation,
          )
        case ResourceType.BROKER_LOGGER:
          return {
            errorCode: ErrorCodes.NONE,
            errorMessage: null,
            resourceType: r.resourceType,
            resourceName: r.resourceName,
            configs: [],
          }
        default:
          return {
            errorCode: ErrorCodes.INVALID_REQUEST,
            errorMessage: `Unsupported resource type ${r.resourceType}`,
            resourceType: r.resourceType,
            resourceName: r.resourceName,
            configs: [],
          }
      }
    })
    return { throttleTimeMs: 0, results }
  },
}
