/**
 * Plain records: JSON written by producers that are not on Spool yet (KafkaJS services, NestJS
 * `client.emit`, …), without CloudEvents attributes. A definition's `plain` mapping says how to
 * recognise its records on its topic — by a field of the JSON (`{ type: 'USER_LOGIN', … }`), by a
 * Kafka header, or the whole topic — and the envelope is synthesised from the record:
 *   id     = a field of the JSON, else `<topic>-<partition>-<offset>` (stable across redeliveries,
 *            so idempotency works), else a SHA-256 of the value when the offset is unknown
 *   time   = a field of the JSON (RFC 3339 text or epoch ms), else the record timestamp
 *   source = a header, else the topic
 * Publishing in `plain` mode writes the reverse: the data as JSON with the type field (and the id
 * and time fields, when mapped) added, in the shape the existing consumers read.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { bytesToText, parseJson } from './codec-binary.ts'
import type { EventEnvelope } from './envelope.ts'
import { JSON_CONTENT_TYPE, SPEC_VERSION } from './envelope.ts'
import { DecodeError, DefinitionError } from './errors.ts'

/**
 * How a definition's records look when written by a producer not on Spool.
 *
 * @example
 * // KafkaJS: { type: 'USER_LOGIN', userId, timestamp } on user-events
 * defineEvent({ type: 'user.login', topic: 'user-events', schema, plain: { field: 'type', value: 'USER_LOGIN', time: 'timestamp' } })
 */
export interface PlainMapping<TData = unknown> {
  /** JSON field naming the event, e.g. `type` or `eventType`; its value must be `value`. */
  readonly field?: string
  /** Kafka header naming the event (instead of a field); its value must be `value`. */
  readonly header?: string
  /** The field's or header's value for this event, e.g. `USER_LOGIN`; default the event type. */
  readonly value?: string
  /** JSON field holding the event id; default `<topic>-<partition>-<offset>`. */
  readonly id?: string
  /** JSON field holding the event time (RFC 3339 or epoch ms); default the record timestamp. */
  readonly time?: string
  /** Kafka header holding the CloudEvents `source`; default the topic. */
  readonly source?: string
  /** The schema's input from the record's JSON; default the JSON as it is. */
  readonly data?: (json: any) => unknown
  /** The JSON written in plain mode from the (validated) data; default the data plus the mapped fields. */
  readonly json?: (data: TData) => unknown
  /** Publish this event as plain JSON unless a publish asks otherwise (default false). */
  readonly publish?: boolean
}

const fn = z.custom<(value: any) => unknown>((v) => typeof v === 'function', 'must be a function')

/**
 * A definition's `plain` option, as a schema.
 *
 * @example
 * plainMappingSchema.parse({ field: 'type', value: 'USER_LOGIN' })
 */
export const plainMappingSchema = z
  .strictObject({
    field: z.string().min(1).optional(),
    header: z.string().min(1).optional(),
    value: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    time: z.string().min(1).optional(),
    source: z.string().min(1).optional(),
    /** `(json) => input` of the schema; default the JSON as it is. */
    data: fn.optional(),
    /** `(data) => json` written in plain mode; default the data plus the mapped fields. */
    json: fn.optional(),
    /** Publish as plain JSON unless a publish asks otherwise. */
    publish: z.boolean().default(false),
  })
  .refine((m) => m.field === undefined || m.header === undefined, {
    message: 'give a field or a header that names the event, not both',
    path: ['header'],
  })
  .refine((m) => m.value === undefined || m.field !== undefined || m.header !== undefined, {
    message: 'needs a field or a header to compare with',
    path: ['value'],
  })

/** A definition's plain mapping after parsing: `value` resolved. */
export interface PlainInternals {
  readonly field: string | undefined
  readonly header: string | undefined
  readonly value: string
  readonly id: string | undefined
  readonly time: string | undefined
  readonly source: string | undefined
  readonly data: ((json: any) => unknown) | undefined
  readonly json: ((data: unknown) => unknown) | undefined
  readonly publish: boolean
}

export function plainInternals(
  mapping: z.output<typeof plainMappingSchema> | undefined,
  type: string,
): PlainInternals | undefined {
  if (mapping === undefined) return undefined
  return Object.freeze({
    field: mapping.field,
    header: mapping.header,
    value: mapping.value ?? type,
    id: mapping.id,
    time: mapping.time,
    source: mapping.source,
    data: mapping.data,
    json: mapping.json as ((data: unknown) => unknown) | undefined,
    publish: mapping.publish,
  })
}

/** What the plain index keeps of a definition. */
interface Candidate<D> {
  readonly def: D
  readonly plain: PlainInternals
}

/** The plain mappings of one topic: by field value, by header value, or the whole topic. */
interface TopicMappings<D> {
  readonly byField: Map<string, Map<string, Candidate<D>>>
  readonly byHeader: Map<string, Map<string, Candidate<D>>>
  whole: Candidate<D> | undefined
}

/** Plain mappings of a catalog by topic; built once by `createCatalog`. */
export class PlainIndex<D extends { type: string; topic: string }> {
  readonly #topics = new Map<string, TopicMappings<D>>()

  /** Adds a definition's mapping; throws a DefinitionError when it overlaps another's. */
  add(def: D, plain: PlainInternals, index: number): void {
    let topic = this.#topics.get(def.topic)
    if (topic === undefined) {
      topic = { byField: new Map(), byHeader: new Map(), whole: undefined }
      this.#topics.set(def.topic, topic)
    }
    const candidate = { def, plain }
    const name = plain.field ?? plain.header
    if (name === undefined) {
      if (topic.whole !== undefined)
        throw new DefinitionError(
          `defs[${index}].plain`,
          `'${def.type}' and '${topic.whole.def.type}' both claim every plain record of topic '${def.topic}': give one a field or header`,
        )
      topic.whole = candidate
      return
    }
    const table = plain.field !== undefined ? topic.byField : topic.byHeader
    let values = table.get(name)
    if (values === undefined) {
      values = new Map()
      table.set(name, values)
    }
    const other = values.get(plain.value)
    if (other !== undefined)
      throw new DefinitionError(
        `defs[${index}].plain`,
        `'${def.type}' and '${other.def.type}' both map ${plain.field !== undefined ? 'field' : 'header'} '${name}' = '${plain.value}' on topic '${def.topic}'`,
      )
    values.set(plain.value, candidate)
  }

  /** True when some definition reads plain records of `topic`. */
  has(topic: string): boolean {
    return this.#topics.has(topic)
  }

  /**
   * The definition and synthesised envelope (data not yet validated) of a plain record. Throws a
   * DecodeError saying why the record matched nothing.
   */
  match(record: PlainRecord): { def: D; envelope: EventEnvelope<unknown> } {
    const topic = this.#topics.get(record.topic)
    if (topic === undefined)
      throw new DecodeError(`${NOT_CLOUDEVENT}, and no plain mapping is defined for topic '${record.topic}'`)
    const json = jsonObject(record.value)
    let candidate: Candidate<D> | undefined
    const seen: string[] = []
    if (json !== undefined) {
      for (const [field, values] of topic.byField) {
        const v = json[field]
        if (typeof v === 'string' || typeof v === 'number') {
          candidate = values.get(String(v))
          if (candidate !== undefined) break
        }
        seen.push(
          `field '${field}' is ${v === undefined ? 'absent' : `'${String(v)}'`} (mapped: ${[...values.keys()].join(', ')})`,
        )
      }
    }
    if (candidate === undefined) {
      for (const [header, values] of topic.byHeader) {
        const v = record.header(header)
        candidate = v === undefined ? undefined : values.get(v)
        if (candidate !== undefined) break
        seen.push(
          `header '${header}' is ${v === undefined ? 'absent' : `'${v}'`} (mapped: ${[...values.keys()].join(', ')})`,
        )
      }
    }
    if (candidate === undefined) candidate = topic.whole
    if (candidate === undefined) {
      const why = json === undefined ? 'the value is not a JSON object' : seen.join('; ')
      throw new DecodeError(
        `${NOT_CLOUDEVENT}, and no plain mapping of topic '${record.topic}' matches: ${why}`,
      )
    }
    if (json === undefined)
      throw new DecodeError(
        `${NOT_CLOUDEVENT}, and the value is not a JSON object as plain event '${candidate.def.type}' needs`,
      )
    return { def: candidate.def, envelope: synthesise(candidate.def, candidate.plain, json, record) }
  }
}

/** The start of the reason a record that is neither a CloudEvent nor mapped is refused with. */
export const NOT_CLOUDEVENT =
  'Not a CloudEvent: no ce_specversion header (binary mode) and no application/cloudevents+json content-type (structured mode)'

/** What plain matching reads of a consumed record. */
export interface PlainRecord {
  readonly topic: string
  readonly partition: number | undefined
  readonly offset: bigint | number | string | undefined
  readonly value: Uint8Array | string | null | undefined
  readonly key: Uint8Array | string | null | undefined
  readonly timestamp: bigint | number | Date | undefined
  header(name: string): string | undefined
}

function jsonObject(value: Uint8Array | string | null | undefined): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined
  let parsed: unknown
  try {
    parsed = parseJson(value, 'value')
  } catch {
    return undefined
  }
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined
}

function synthesise(
  def: { type: string; topic: string },
  plain: PlainInternals,
  json: Record<string, unknown>,
  record: PlainRecord,
): EventEnvelope<unknown> {
  const envelope = {
    specversion: SPEC_VERSION,
    id: eventId(plain, json, record),
    source: (plain.source !== undefined ? record.header(plain.source) : undefined) ?? record.topic,
    type: def.type,
    time: eventTime(plain, json, record),
  } as EventEnvelope<unknown>
  envelope.datacontenttype = JSON_CONTENT_TYPE
  envelope.dataversion = 1
  if (record.key !== null && record.key !== undefined)
    envelope.partitionkey = typeof record.key === 'string' ? record.key : bytesToText(record.key)
  try {
    envelope.data = plain.data === undefined ? json : plain.data(json)
  } catch (err) {
    throw new DecodeError(
      `Mapping the plain record to '${def.type}' data failed: ${(err as Error)?.message ?? err}`,
      err,
    )
  }
  return envelope
}

function eventId(plain: PlainInternals, json: Record<string, unknown>, record: PlainRecord): string {
  if (plain.id !== undefined) {
    const v = json[plain.id]
    if ((typeof v === 'string' && v.length > 0) || typeof v === 'number') return String(v)
  }
  if (record.partition !== undefined && record.offset !== undefined)
    return `${record.topic}-${record.partition}-${String(record.offset)}`
  const hash = createHash('sha256').update(record.topic).update('\0')
  if (record.value !== null && record.value !== undefined) hash.update(record.value)
  return `sha256:${hash.digest('hex')}`
}

function eventTime(plain: PlainInternals, json: Record<string, unknown>, record: PlainRecord): string {
  if (plain.time !== undefined) {
    const v = json[plain.time]
    const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN
    if (Number.isFinite(ms)) return new Date(ms).toISOString()
  }
  const ts = record.timestamp
  const ms = ts === undefined ? Number.NaN : ts instanceof Date ? ts.getTime() : Number(ts)
  if (!Number.isFinite(ms))
    throw new DecodeError('Plain record without a time field and without a record timestamp')
  return new Date(ms).toISOString()
}

/**
 * The JSON a plain-mode publish writes: the mapping's `json` of the data, or the data with the
 * type field (and the id and time fields, when mapped and absent) added, type first.
 */
export function plainValue(
  plain: PlainInternals | undefined,
  data: unknown,
  envelope: EventEnvelope<unknown>,
): unknown {
  if (plain?.json !== undefined) return plain.json(data)
  if (plain === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) return data
  const out: Record<string, unknown> = {}
  if (plain.id !== undefined && !(plain.id in data)) out[plain.id] = envelope.id
  if (plain.field !== undefined) out[plain.field] = plain.value
  Object.assign(out, data)
  if (plain.time !== undefined && !(plain.time in data)) out[plain.time] = envelope.time
  return out
}
