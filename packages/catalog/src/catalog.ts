/**
 * `createCatalog`: the set of event definitions a service knows. Looks definitions up by type and
 * topic, parses consumed records into typed envelopes (decode, upcast, validate) and exports JSON
 * Schema and AsyncAPI documents.
 */
import { type AsyncAPIDocument, type AsyncAPIInfo, toAsyncAPI } from './asyncapi.ts'
import { decodeCloudEvent, headerReader, type KafkaMessageLike } from './decode.ts'
import { type AnyEventDefinition, definitionInternals, isEventDefinition, type JSONSchema } from './define.ts'
import type { EnvelopeOf, EventEnvelope } from './envelope.ts'
import { AsyncSchemaError, DecodeError, DefinitionError, UnknownEventError } from './errors.ts'
import { eventJSONSchema, type JSONSchemaOptions, requiredFields } from './json-schema.ts'
import { NOT_CLOUDEVENT, PlainIndex } from './plain.ts'
import { isPromiseLike, runSchema, unwrapResult } from './validate.ts'

/** How a listing (e.g. `GET /api/kafka/events`) describes one event type. */
export interface EventSummary {
  readonly topic: string
  readonly version: number
  readonly required: string[]
  readonly description: string | undefined
}

/** A catalog over definitions `D` (a union of their types). */
export interface Catalog<D extends AnyEventDefinition = AnyEventDefinition> {
  /** The definition of `type`, or undefined when unknown. */
  get<T extends D['type']>(type: T): Extract<D, { type: T }>
  /** The definition of a type known only at run time, or undefined. */
  get(type: string): D | undefined
  /** The definition of `type`; throws UnknownEventError when unknown. */
  require<T extends D['type']>(type: T): Extract<D, { type: T }>
  /** The definition of a type known only at run time; throws UnknownEventError when unknown. */
  require(type: string): D
  /** True when the catalog defines `type`. */
  has(type: string): boolean
  /** Every definition, in the order given. */
  list(): readonly D[]
  /** Unique topics, in order of first appearance. */
  topics(): readonly string[]
  /** Definitions published to `topic` (empty when none). */
  byTopic(topic: string): readonly D[]
  /**
   * Decodes a record, looks up its type, upcasts `data` to the current version and validates it.
   * A record without CloudEvents attributes is matched against the definitions' `plain` mappings
   * of its `topic`. Rejects with DecodeError, UnknownEventError or ValidationError, all
   * `retryable: false`.
   */
  parse(message: KafkaMessageLike): Promise<EnvelopeOf<D>>
  /** Synchronous `parse`; throws AsyncSchemaError when a schema validates asynchronously. */
  parseSync(message: KafkaMessageLike): EnvelopeOf<D>
  /** JSON Schema (draft 2020-12 by default) of each event type's data. */
  toJSONSchema(options?: JSONSchemaOptions): Record<string, JSONSchema>
  /** `{ [type]: { topic, version, required, description } }`. */
  describe(): Record<string, EventSummary>
  /** AsyncAPI 3.0 document of the catalog. */
  toAsyncAPI(info: AsyncAPIInfo): AsyncAPIDocument
}

/**
 * Creates a catalog. Rejects duplicate types and values not made by `defineEvent`.
 *
 * @example
 * const catalog = createCatalog([MissionCompleted, QuizCreated])
 * const event = await catalog.parse(record) // EnvelopeOf<typeof MissionCompleted | typeof QuizCreated>
 * if (event.type === 'mission.completed') console.log(event.data.missionId)
 */
export function createCatalog<const Defs extends readonly AnyEventDefinition[]>(
  defs: Defs,
): Catalog<Defs[number]> {
  type D = Defs[number]
  if (!Array.isArray(defs)) throw new DefinitionError('defs', 'must be an array of event definitions')
  const byType = new Map<string, D>()
  const byTopicMap = new Map<string, D[]>()
  const plain = new PlainIndex<D>()
  defs.forEach((def, index) => {
    if (!isEventDefinition(def)) throw new DefinitionError(`defs[${index}]`, 'was not created by defineEvent')
    if (byType.has(def.type))
      throw new DefinitionError(`defs[${index}].type`, `'${def.type}' is defined twice`)
    byType.set(def.type, def)
    const mapping = def[definitionInternals].plain
    if (mapping !== undefined) plain.add(def, mapping, index)
    const list = byTopicMap.get(def.topic)
    if (list === undefined) byTopicMap.set(def.topic, [def])
    else list.push(def)
  })
  const all: readonly D[] = Object.freeze([...defs])
  const topics: readonly string[] = Object.freeze([...byTopicMap.keys()])
  for (const list of byTopicMap.values()) Object.freeze(list)
  const none: readonly D[] = Object.freeze([])

  const requireDef = (type: string): D => {
    const def = byType.get(type)
    if (def === undefined) throw new UnknownEventError(type, [...byType.keys()])
    return def
  }

  const prepare = (
    message: KafkaMessageLike,
  ): { envelope: EventEnvelope<unknown>; def: D; data: unknown } => {
    const envelope = decodeCloudEvent(message)
    if (envelope === undefined) return preparePlain(message)
    const def = requireDef(envelope.type)
    return { envelope, def, data: upcast(def, envelope) }
  }

  const preparePlain = (
    message: KafkaMessageLike,
  ): { envelope: EventEnvelope<unknown>; def: D; data: unknown } => {
    const topic = message.topic
    if (topic === undefined) throw new DecodeError(NOT_CLOUDEVENT)
    const { def, envelope } = plain.match({
      topic,
      partition: message.partition,
      offset: message.offset,
      value: message.value,
      key: message.key,
      timestamp: message.timestamp,
      header: headerReader(message.headers),
    })
    envelope.dataversion = def.version
    return { envelope, def, data: envelope.data }
  }

  const catalog: Catalog<D> = {
    get: (type: string) => byType.get(type) as any,
    require: requireDef as Catalog<D>['require'],
    has: (type) => byType.has(type),
    list: () => all,
    topics: () => topics,
    byTopic: (topic) => byTopicMap.get(topic) ?? none,
    async parse(message) {
      const { envelope, def, data } = prepare(message)
      const result = runSchema<unknown>(def.schema, data)
      envelope.data = unwrapResult(isPromiseLike(result) ? await result : result, def.type, 'data')
      envelope.dataversion = def.version
      return envelope as EnvelopeOf<D>
    },
    parseSync(message) {
      const { envelope, def, data } = prepare(message)
      const result = runSchema<unknown>(def.schema, data)
      if (isPromiseLike(result)) throw new AsyncSchemaError(def.type)
      envelope.data = unwrapResult(result, def.type, 'data')
      envelope.dataversion = def.version
      return envelope as EnvelopeOf<D>
    },
    toJSONSchema(options) {
      const out: Record<string, JSONSchema> = {}
      for (const def of all) out[def.type] = eventJSONSchema(def, options)
      return out
    },
    describe() {
      const out: Record<string, EventSummary> = {}
      for (const def of all) {
        out[def.type] = {
          topic: def.topic,
          version: def.version,
          required: requiredFields(def),
          description: def.description,
        }
      }
      return out
    },
    toAsyncAPI: (info) => toAsyncAPI(all, info),
  }
  return Object.freeze(catalog)
}

/**
 * Lifts an envelope's data from its `dataversion` to the definition's version. Data newer than
 * the definition is left as is: the schema then decides whether this consumer can read it.
 */
function upcast(def: AnyEventDefinition, envelope: EventEnvelope<unknown>): unknown {
  let data = envelope.data
  const chain = def[definitionInternals].upcastChain
  if (chain === undefined || envelope.dataversion >= def.version) return data
  for (let from = envelope.dataversion; from < def.version; from++) {
    try {
      data = chain[from](data)
    } catch (err) {
      throw new DecodeError(
        `Upcasting '${def.type}' data from version ${from} to ${from + 1} failed: ${(err as Error)?.message ?? err}`,
        err,
      )
    }
  }
  return data
}
