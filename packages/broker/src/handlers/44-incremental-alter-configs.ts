/**
 * IncrementalAlterConfigs (key 44), v0-1, flexible from v1.
 * Operations: 0 set, 1 delete (back to the default), 2 append and 3 subtract (list configs such as
 * cleanup.policy). Topic resources are altered and persisted; retention and size changes apply to
 * the open logs at once. Broker and broker-logger configs are static here: INVALID_CONFIG, as
 * Kafka answers for configs it cannot update dynamically. validateOnly checks without applying.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { TopicError } from '../topics/manager.ts'
import { ResourceType } from './32-describe-configs.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.INCREMENTAL_ALTER_CONFIGS>
type Res = ResponseInput<typeof ApiKeys.INCREMENTAL_ALTER_CONFIGS>

export const incrementalAlterConfigsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.INCREMENTAL_ALTER_CONFIGS,
  name: 'IncrementalAlterConfigs',
  versions: kafkaVersions(ApiKeys.INCREMENTAL_ALTER_CONFIGS),
  async handle({ request, broker }) {
    const seen = new Map<string, number>()
    for (const r of request.resources) {
      const k = `${r.resourceType}:${r.resourceName}`
      seen.set(k, (seen.get(k) ?? 0) + 1)
    }
    const responses: NonNullable<Res['responses']> = []
    for (const r of request.resources) {
      const out = { resourceType: r.resourceType, resourceName: r.resourceName }
      if (seen.get(`${r.resourceType}:${r.resourceName}`)! > 1) {
        responses.push({
          ...out,
          errorCode: ErrorCodes.INVALID_REQUEST,
          errorMessage: 'Duplicate resource in request',
        })
        continue
      }
      if (r.resourceType === ResourceType.BROKER || r.resourceType === ResourceType.BROKER_LOGGER) {
        responses.push({
          ...out,
          errorCode: ErrorCodes.INVALID_CONFIG,
          errorMessage: 'Broker configs are static: set them with the broker options',
        })
        continue
      }
      if (r.resourceType !== ResourceType.TOPIC) {
        responses.push({
          ...out,
          errorCode: ErrorCodes.INVALID_REQUEST,
          errorMessage: `Unsupported resource type ${r.resourceType}`,
        })
        continue
      }
      try {
        await broker.topics.alterConfigs(
          r.resourceName,
          r.configs.map((c) => ({ name: c.name, op: c.configOperation, value: c.value })),
          request.validateOnly,
        )
        responses.push({ ...out, errorCode: ErrorCodes.NONE, errorMessage: null })
      } catch (e) {
        if (!(e instanceof TopicError)) throw e
        responses.push({ ...out, errorCode: e.errorCode, errorMessage: e.message })
      }
    }
    return { throttleTimeMs: 0, responses }
  },
}
