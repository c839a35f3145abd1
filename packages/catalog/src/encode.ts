/**
 * `encodeEvent`: validate data with the definition's schema, wrap it in a CloudEvents envelope and
 * lay it out as a Kafka record in binary or structured mode. The data is stringified once; headers
 * are one fixed-shape object built from strings precomputed by `defineEvent`.
 */
import { addExtraHeaders, binaryHeaders, binaryValue } from './codec-binary.ts'
import { structuredHeaders, structuredValue } from './codec-structured.ts'
import { type AnyEventDefinition, definitionInternals, type EventData, type EventInput } from './define.ts'
import {
  buildEnvelope,
  type EncodeOptions,
  type EventEnvelope,
  rejectUnknownEncodeOptions,
} from './envelope.ts'
import { AsyncSchemaError, InvalidOptionError } from './errors.ts'
import { plainValue } from './plain.ts'
import { isPromiseLike, runSchema, unwrapResult } from './validate.ts'

/** A Kafka record ready to produce, plus the envelope it carries. */
export interface EncodedEvent<T = unknown> {
  readonly topic: string
  /** Kafka key: the partition key, or undefined (the producer's partitioner spreads records). */
  readonly key: string | undefined
  readonly value: Buffer
  readonly headers: Record<string, string>
  /** Record timestamp in ms since the epoch, equal to the envelope's `time`. */
  readonly timestamp: number
  readonly envelope: EventEnvelope<T>
}

/**
 * Validates `data` and encodes it as a Kafka record. Rejects with a ValidationError listing every
 * issue. Works with asynchronous schemas; a synchronous schema costs no extra microtask beyond the
 * returned promise.
 *
 * @example
 * const record = await encodeEvent(MissionCompleted, { userId: 'u1', missionId: 'm1', xpEarned: 50 }, {
 *   source: '/services/missions',
 * })
 * // record.topic === 'mission-events', record.key === 'u1', record.headers.ce_type === 'mission.completed'
 */
export async function encodeEvent<D extends AnyEventDefinition>(
  def: D,
  data: EventInput<D>,
  options: EncodeOptions,
): Promise<EncodedEvent<EventData<D>>> {
  const result = runSchema<EventData<D>>(def.schema, data)
  const valid = isPromiseLike(result)
    ? unwrapResult(await result, def.type, 'data')
    : unwrapResult(result, def.type, 'data')
  return encodeValid(def, valid, options)
}

/**
 * Synchronous `encodeEvent` for the hot path. Throws a ValidationError on bad data and an
 * AsyncSchemaError when the schema validates asynchronously.
 *
 * @example
 * const record = encodeEventSync(MissionCompleted, data, { source: '/services/missions', mode: 'structured' })
 */
export function encodeEventSync<D extends AnyEventDefinition>(
  def: D,
  data: EventInput<D>,
  options: EncodeOptions,
): EncodedEvent<EventData<D>> {
  const result = runSchema<EventData<D>>(def.schema, data)
  if (isPromiseLike(result)) throw new AsyncSchemaError(def.type)
  return encodeValid(def, unwrapResult(result, def.type, 'data'), options)
}

/**
 * Encodes data that was already validated (the output of the definition's schema). For callers
 * that validated earlier, e.g. a spool replaying stored events.
 *
 * @example
 * const record = encodeValid(MissionCompleted, storedData, { source: '/services/missions', id: storedId })
 */
export function encodeValid<D extends AnyEventDefinition>(
  def: D,
  data: EventData<D>,
  options: EncodeOptions,
): EncodedEvent<EventData<D>> {
  if (options === null || typeof options !== 'object')
    throw new InvalidOptionError('options', 'must be an object')
  rejectUnknownEncodeOptions(options)
  const internals = def[definitionInternals]
  let key = options.key
  if (key === undefined) {
    if (internals.partitionKey !== undefined) key = internals.partitionKey(data)
  } else if (typeof key !== 'string') {
    throw new InvalidOptionError('key', 'must be a string')
  }
  let subject = options.subject
  if (subject === undefined) {
    if (internals.subject !== undefined) subject = internals.subject(data)
  } else if (typeof subject !== 'string') {
    throw new InvalidOptionError('subject', 'must be a string')
  }
  let time = options.time
  let timestamp: number
  if (time === undefined) {
    timestamp = Date.now()
    time = isoTime(timestamp)
  } else {
    timestamp = typeof time === 'string' ? Date.parse(time) : Number.NaN
    if (Number.isNaN(timestamp))
      throw new InvalidOptionError('time', `must be an RFC 3339 timestamp, got ${time}`)
  }
  const envelope = buildEnvelope(def, data, options, time, key, subject)
  const mode = options.mode ?? (internals.plain?.publish ? 'plain' : 'binary')
  if (mode === 'binary') {
    return {
      topic: def.topic,
      key,
      value: binaryValue(data),
      headers: binaryHeaders(envelope, internals.versionText, options.extensions, options.headers),
      timestamp,
      envelope,
    }
  }
  if (mode === 'structured') {
    return {
      topic: def.topic,
      key,
      value: structuredValue(envelope),
      headers: structuredHeaders(options.headers),
      timestamp,
      envelope,
    }
  }
  if (mode === 'plain') {
    // For consumers not on Spool yet: the JSON they read today, no CloudEvents attributes.
    const headers: Record<string, string> = {}
    const plain = internals.plain
    if (plain?.header !== undefined) headers[plain.header] = plain.value
    if (options.headers !== undefined) addExtraHeaders(headers, options.headers)
    return {
      topic: def.topic,
      key,
      value: binaryValue(plainValue(plain, data, envelope)),
      headers,
      timestamp,
      envelope,
    }
  }
  throw new InvalidOptionError('mode', `must be 'binary', 'structured' or 'plain', got ${String(mode)}`)
}

// Many events share a millisecond at high rates: format each millisecond once.
let lastMs = -1
let lastIso = ''
function isoTime(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString()
    lastMs = ms
  }
  return lastIso
}
