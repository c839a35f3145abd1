/**
 * AsyncAPI 3.0 export: one channel per topic, one message per event type, one `send` operation per
 * channel. Payloads use the multi-format schema object with JSON Schema draft-07, the dialect
 * AsyncAPI 3.0 names; headers describe the CloudEvents binary-mode `ce_*` headers.
 */
import type { AnyEventDefinition, JSONSchema } from './define.ts'
import { JSON_CONTENT_TYPE } from './envelope.ts'
import { eventJSONSchema } from './json-schema.ts'

/** `info` of the document, plus optional servers. */
export interface AsyncAPIInfo {
  readonly title: string
  readonly version: string
  readonly description?: string
  /** AsyncAPI server objects by name, e.g. `{ dev: { host: 'localhost:9092', protocol: 'kafka' } }`. */
  readonly servers?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
}

/** An AsyncAPI 3.0 document as a plain JSON-serialisable object. */
export interface AsyncAPIDocument {
  asyncapi: '3.0.0'
  info: { title: string; version: string; description?: string }
  defaultContentType: string
  servers?: Record<string, unknown>
  channels: Record<string, JSONSchema>
  operations: Record<string, JSONSchema>
  components: { messages: Record<string, JSONSchema> }
}

const DRAFT_07_FORMAT = 'application/schema+json;version=draft-07'
const KAFKA_BINDING_VERSION = '0.5.0'
const COMPONENT_KEY_CHAR = /[^a-zA-Z0-9._-]/g

/**
 * Builds an AsyncAPI 3.0 document from event definitions.
 *
 * @example
 * const doc = toAsyncAPI(catalog.list(), { title: 'Missions', version: '1.0.0' })
 * writeFileSync('asyncapi.json', JSON.stringify(doc, null, 2))
 */
export function toAsyncAPI(defs: readonly AnyEventDefinition[], info: AsyncAPIInfo): AsyncAPIDocument {
  const channels: Record<string, JSONSchema> = {}
  const operations: Record<string, JSONSchema> = {}
  const messages: Record<string, JSONSchema> = {}
  const used = new Set<string>()
  for (const def of defs) {
    const channelId = componentKey(def.topic)
    const messageId = uniqueKey(componentKey(def.type), used)
    messages[messageId] = message(def)
    let channel = channels[channelId] as { messages: Record<string, unknown> } | undefined
    if (channel === undefined) {
      channel = { messages: {} }
      channels[channelId] = {
        address: def.topic,
        title: def.topic,
        messages: channel.messages,
        bindings: { kafka: { topic: def.topic, bindingVersion: KAFKA_BINDING_VERSION } },
      }
      operations[`${channelId}.send`] = {
        action: 'send',
        channel: { $ref: `#/channels/${channelId}` },
        messages: [],
      }
    }
    channel.messages[messageId] = { $ref: `#/components/messages/${messageId}` }
    ;(operations[`${channelId}.send`].messages as unknown[]).push({
      $ref: `#/channels/${channelId}/messages/${messageId}`,
    })
  }
  const doc: AsyncAPIDocument = {
    asyncapi: '3.0.0',
    info: { title: info.title, version: info.version },
    defaultContentType: JSON_CONTENT_TYPE,
    channels,
    operations,
    components: { messages },
  }
  if (info.description !== undefined) doc.info.description = info.description
  if (info.servers !== undefined) doc.servers = { ...info.servers }
  return doc
}

function message(def: AnyEventDefinition): JSONSchema {
  const out: JSONSchema = {
    name: def.type,
    title: def.type,
    contentType: JSON_CONTENT_TYPE,
    headers: ceHeaders(def),
    payload: { schemaFormat: DRAFT_07_FORMAT, schema: eventJSONSchema(def, { target: 'draft-07' }) },
    bindings: { kafka: { key: { type: 'string' }, bindingVersion: KAFKA_BINDING_VERSION } },
  }
  if (def.description !== undefined) out.summary = def.description
  if (def.example !== undefined) out.examples = [{ name: 'example', payload: def.example }]
  return out
}

function ceHeaders(def: AnyEventDefinition): JSONSchema {
  const text = { type: 'string' }
  return {
    type: 'object',
    description: 'CloudEvents attributes (Kafka binding, binary content mode)',
    properties: {
      'content-type': { type: 'string', const: JSON_CONTENT_TYPE },
      ce_specversion: { type: 'string', const: '1.0' },
      ce_id: text,
      ce_source: text,
      ce_type: { type: 'string', const: def.type },
      ce_time: { type: 'string', format: 'date-time' },
      ce_subject: text,
      ce_dataversion: { type: 'string', const: String(def.version) },
      ce_partitionkey: text,
    },
    required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type'],
  }
}

function componentKey(name: string): string {
  return name.replace(COMPONENT_KEY_CHAR, '_')
}

function uniqueKey(key: string, used: Set<string>): string {
  let candidate = key
  for (let n = 2; used.has(candidate); n++) candidate = `${key}_${n}`
  used.add(candidate)
  return candidate
}
