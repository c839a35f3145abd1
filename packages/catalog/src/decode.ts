/**
 * `decodeEvent`: read a Kafka record as a CloudEvent. The mode is detected as the Kafka binding
 * says: a `content-type` starting with `application/cloudevents` means structured, otherwise
 * binary (`ce_*` headers). A record with neither is sniffed as structured JSON, since the
 * binding lets structured senders omit `content-type`.
 */
import { binaryData, bytesToText, parseJson } from './codec-binary.ts'
import { isStructuredContentType, structuredAttributes, structuredAttributesOf } from './codec-structured.ts'
import { type EventEnvelope, JSON_CONTENT_TYPE, SPEC_VERSION } from './envelope.ts'
import { DecodeError } from './errors.ts'
import { NOT_CLOUDEVENT } from './plain.ts'

/** A header value as Kafka clients hand it over (KafkaJS may give arrays for repeated headers). */
export type HeaderValue = string | Uint8Array | ReadonlyArray<string | Uint8Array> | null | undefined

/** Record headers as an object (KafkaJS, node-rdkafka) or a Map (@platformatic/kafka). */
export type HeadersLike =
  | Readonly<Record<string, HeaderValue>>
  | ReadonlyMap<string | Uint8Array, HeaderValue>

/** The parts of a consumed Kafka record that decoding reads. */
export interface KafkaMessageLike {
  readonly value: Uint8Array | string | null | undefined
  readonly headers?: HeadersLike | null
  readonly key?: Uint8Array | string | null
  /** Record timestamp (ms); stands in for a missing `time` attribute. */
  readonly timestamp?: bigint | number | Date
  /** Topic the record came from; plain records (not CloudEvents) are mapped by it. */
  readonly topic?: string
  /** Partition and offset: a plain record without an id field gets `<topic>-<partition>-<offset>`. */
  readonly partition?: number
  readonly offset?: bigint | number | string
}

type Mode = 'binary' | 'structured'

/**
 * Decodes a Kafka record into a CloudEvents envelope without validating `data`. Throws a
 * DecodeError naming what is missing or invalid.
 *
 * @example
 * const event = decodeEvent({ value: record.value, headers: record.headers, key: record.key })
 * console.log(event.type, event.id, event.data)
 */
export function decodeEvent<T = unknown>(message: KafkaMessageLike): EventEnvelope<T> {
  const envelope = decodeCloudEvent<T>(message)
  if (envelope === undefined) throw new DecodeError(NOT_CLOUDEVENT)
  return envelope
}

/**
 * `decodeEvent`, but undefined (instead of a DecodeError) when the record carries no CloudEvents
 * attributes at all: the caller may then read it as a plain record.
 *
 * @example
 * const event = decodeCloudEvent(record) ?? readPlain(record)
 */
export function decodeCloudEvent<T = unknown>(message: KafkaMessageLike): EventEnvelope<T> | undefined {
  if (message === null || typeof message !== 'object') throw new DecodeError('Message must be an object')
  const scan: HeaderScan = { contentType: undefined, ce: undefined }
  const headers = message.headers
  if (headers instanceof Map) {
    for (const [name, value] of headers) {
      const text = headerText(value)
      if (text !== undefined) collect(scan, typeof name === 'string' ? name : bytesToText(name), text)
    }
  } else if (headers !== null && headers !== undefined) {
    const record = headers as Readonly<Record<string, HeaderValue>>
    for (const name in record) {
      const text = headerText(record[name])
      if (text !== undefined) collect(scan, name, text)
    }
  }
  const { contentType, ce } = scan
  if (contentType !== undefined && isStructuredContentType(contentType)) {
    return toEnvelope(structuredAttributes(message.value, contentType), 'structured', message)
  }
  if (ce !== undefined) {
    const data = binaryData(message.value, contentType ?? JSON_CONTENT_TYPE)
    if (contentType !== undefined) ce.datacontenttype = contentType
    const attrs: Record<string, unknown> = ce
    attrs.data = data
    return toEnvelope(attrs, 'binary', message)
  }
  if (contentType === undefined && message.value !== null && message.value !== undefined) {
    const sniffed = sniffStructured(message.value)
    if (sniffed !== undefined) return toEnvelope(structuredAttributesOf(sniffed), 'structured', message)
  }
  return undefined
}

/**
 * A lookup of a header's text by name (the last occurrence of a repeated header).
 *
 * @example
 * headerReader(record.headers)('event-type') // 'USER_LOGIN'
 */
export function headerReader(headers: HeadersLike | null | undefined): (name: string) => string | undefined {
  if (headers === null || headers === undefined) return () => undefined
  if (headers instanceof Map) {
    return (name) => {
      let found: string | undefined
      for (const [k, v] of headers) {
        if ((typeof k === 'string' ? k : bytesToText(k)) === name) found = headerText(v) ?? found
      }
      return found
    }
  }
  const record = headers as Readonly<Record<string, HeaderValue>>
  return (name) => (Object.hasOwn(record, name) ? headerText(record[name]) : undefined)
}

interface HeaderScan {
  contentType: string | undefined
  /** `ce_*` headers by attribute name, undefined when there are none. */
  ce: Record<string, string> | undefined
}

function collect(scan: HeaderScan, name: string, text: string): void {
  if (name.startsWith('ce_')) {
    if (scan.ce === undefined) scan.ce = {}
    scan.ce[name.slice(3)] = text
  } else if (scan.contentType === undefined && isContentTypeName(name)) {
    scan.contentType = text
  }
}

/**
 * Checks the attributes and completes them into the envelope, in place: the parsed value (or the
 * attributes read from headers) becomes the envelope without being copied.
 */
function toEnvelope<T>(
  attrs: Record<string, unknown>,
  mode: Mode,
  message: KafkaMessageLike,
): EventEnvelope<T> {
  const specversion = attrs.specversion
  if (specversion === undefined) throw missing('specversion', mode)
  if (specversion !== SPEC_VERSION) {
    throw new DecodeError(
      `Unsupported ${where('specversion', mode)} '${String(specversion)}': expected '1.0'`,
    )
  }
  requireText(attrs.id, 'id', mode)
  requireText(attrs.source, 'source', mode)
  requireText(attrs.type, 'type', mode)
  const time = attrs.time
  if (time === undefined) attrs.time = timeFromRecord(message.timestamp)
  else if (typeof time !== 'string') throw invalid('time', mode, 'is not a string')
  const subject = attrs.subject
  if (subject !== undefined && typeof subject !== 'string') throw invalid('subject', mode, 'is not a string')
  if (attrs.datacontenttype === undefined) attrs.datacontenttype = JSON_CONTENT_TYPE
  attrs.dataversion = dataVersion(attrs.dataversion, mode)
  const partitionkey = attrs.partitionkey
  if (partitionkey !== undefined) {
    if (typeof partitionkey !== 'string') attrs.partitionkey = String(partitionkey)
  } else if (message.key !== null && message.key !== undefined) {
    // Reverse key mapping: the record key is the partition key when the extension is absent.
    attrs.partitionkey = typeof message.key === 'string' ? message.key : bytesToText(message.key)
  }
  if (!('data' in attrs)) attrs.data = undefined
  return attrs as EventEnvelope<T>
}

function requireText(value: unknown, name: string, mode: Mode): string {
  if (value === undefined) throw missing(name, mode)
  if (typeof value !== 'string' || value.length === 0) throw invalid(name, mode, 'must be a non-empty string')
  return value
}

function dataVersion(value: unknown, mode: Mode): number {
  if (value === undefined) return 1
  const version = typeof value === 'number' ? value : Number(value)
  if (!Number.isSafeInteger(version) || version < 1) {
    throw invalid('dataversion', mode, `must be a positive integer, got '${String(value)}'`)
  }
  return version
}

function timeFromRecord(timestamp: KafkaMessageLike['timestamp']): string {
  if (timestamp === undefined) throw new DecodeError('Missing attribute time and no record timestamp to use')
  const ms = timestamp instanceof Date ? timestamp.getTime() : Number(timestamp)
  if (!Number.isFinite(ms)) throw new DecodeError(`Missing attribute time and invalid record timestamp`)
  return new Date(ms).toISOString()
}

function where(name: string, mode: Mode): string {
  return mode === 'binary' ? `header ce_${name}` : `attribute ${name}`
}

function missing(name: string, mode: Mode): DecodeError {
  return new DecodeError(`Missing required CloudEvents ${where(name, mode)} (${mode} mode)`)
}

function invalid(name: string, mode: Mode, problem: string): DecodeError {
  return new DecodeError(`Invalid CloudEvents ${where(name, mode)}: ${problem}`)
}

function isContentTypeName(name: string): boolean {
  return name === 'content-type' || (name.length === 12 && name.toLowerCase() === 'content-type')
}

function headerText(value: HeaderValue): string | undefined {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return undefined
  if (value instanceof Uint8Array) return bytesToText(value)
  // Repeated header: the last occurrence wins, as in Kafka Streams' lastHeader().
  return value.length === 0 ? undefined : headerText(value[value.length - 1])
}

function sniffStructured(value: Uint8Array | string): object | undefined {
  const first = typeof value === 'string' ? value.trimStart()[0] : firstNonSpace(value)
  if (first !== '{') return undefined
  let parsed: unknown
  try {
    parsed = parseJson(value, 'value')
  } catch {
    return undefined
  }
  return parsed !== null && typeof parsed === 'object' && 'specversion' in parsed ? parsed : undefined
}

function firstNonSpace(bytes: Uint8Array): string | undefined {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return String.fromCharCode(c)
  }
  return undefined
}
