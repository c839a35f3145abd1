/**
 * CloudEvents Kafka binding, structured content mode:
 *   value   = the whole envelope in the CloudEvents JSON format
 *   headers = `content-type: application/cloudevents+json; charset=UTF-8` (plus user headers)
 * Binary data in the JSON format travels as `data_base64`; Spool writes JSON data as `data`.
 */
import { addExtraHeaders, isJsonContentType, parseJson } from './codec-binary.ts'
import { type EventEnvelope, STRUCTURED_CONTENT_TYPE } from './envelope.ts'
import { DecodeError } from './errors.ts'

/** Headers of a structured-mode message. */
export function structuredHeaders(
  extraHeaders: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': STRUCTURED_CONTENT_TYPE }
  if (extraHeaders !== undefined) addExtraHeaders(headers, extraHeaders)
  return headers
}

/** The Kafka value of a structured-mode message: the envelope as UTF-8 JSON, stringified once. */
export function structuredValue(envelope: EventEnvelope<unknown>): Buffer {
  return Buffer.from(JSON.stringify(envelope), 'utf8')
}

/** True when a `content-type` header announces structured mode (prefix match, case-insensitive). */
export function isStructuredContentType(contentType: string): boolean {
  return (
    contentType === STRUCTURED_CONTENT_TYPE || contentType.toLowerCase().startsWith('application/cloudevents')
  )
}

/** Parses a structured-mode value into its attributes (with `data` resolved). */
export function structuredAttributes(
  value: Uint8Array | string | null | undefined,
  contentType: string | undefined,
): Record<string, unknown> {
  if (contentType !== undefined) checkFormat(contentType)
  if (value === null || value === undefined) throw new DecodeError('Structured CloudEvent has no value')
  return structuredAttributesOf(parseJson(value, 'value'))
}

/** The attributes of an already parsed structured-mode value. */
export function structuredAttributesOf(parsed: unknown): Record<string, unknown> {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new DecodeError('Structured CloudEvent value is not a JSON object')
  }
  const attrs = parsed as Record<string, unknown>
  const base64 = attrs.data_base64
  if (base64 !== undefined) {
    if (typeof base64 !== 'string') throw new DecodeError('Attribute data_base64 is not a string')
    const bytes = Buffer.from(base64, 'base64')
    const type = typeof attrs.datacontenttype === 'string' ? attrs.datacontenttype : 'application/json'
    attrs.data = isJsonContentType(type) ? parseJson(bytes, 'data_base64') : bytes
    delete attrs.data_base64
  }
  return attrs
}

function checkFormat(contentType: string): void {
  if (contentType === STRUCTURED_CONTENT_TYPE) return
  const lower = contentType.toLowerCase()
  if (lower.startsWith('application/cloudevents-batch')) {
    throw new DecodeError('CloudEvents batch mode is not part of the Kafka binding and is not supported')
  }
  // `application/cloudevents` alone is read as JSON; another format (+avro, +protobuf) is refused.
  if (lower.startsWith('application/cloudevents+') && !lower.startsWith('application/cloudevents+json')) {
    throw new DecodeError(
      `Unsupported CloudEvents format '${contentType}': only application/cloudevents+json`,
    )
  }
}
