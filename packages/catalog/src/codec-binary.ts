/**
 * CloudEvents Kafka binding, binary content mode:
 *   value   = the `data` bytes (JSON)
 *   headers = `content-type: <datacontenttype>` and every other attribute and extension as
 *             `ce_<name>: <UTF-8 text>` (specversion, id, source, type, time, subject, dataversion,
 *             partitionkey, ...)
 * A missing value means an event without data (a tombstone on a compacted topic).
 */

import { type EventEnvelope, type ExtensionValue, JSON_CONTENT_TYPE, SPEC_VERSION } from './envelope.ts'
import { DecodeError, InvalidOptionError } from './errors.ts'

/** Headers of a binary-mode message, in a fixed order so every message has the same shape. */
export function binaryHeaders(
  envelope: EventEnvelope<unknown>,
  versionText: string,
  extensions: Readonly<Record<string, ExtensionValue>> | undefined,
  extraHeaders: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': JSON_CONTENT_TYPE,
    ce_specversion: SPEC_VERSION,
    ce_id: envelope.id,
    ce_source: envelope.source,
    ce_type: envelope.type,
    ce_time: envelope.time,
  }
  if (envelope.subject !== undefined) headers.ce_subject = envelope.subject
  headers.ce_dataversion = versionText
  if (envelope.partitionkey !== undefined) headers.ce_partitionkey = envelope.partitionkey
  // Extension names were checked when the envelope was built.
  if (extensions !== undefined) {
    for (const name of Object.keys(extensions)) headers[`ce_${name}`] = String(extensions[name])
  }
  if (extraHeaders !== undefined) addExtraHeaders(headers, extraHeaders)
  return headers
}

/** The Kafka value of a binary-mode message: the data as UTF-8 JSON. */
export function binaryValue(data: unknown): Buffer {
  // JSON.stringify(undefined) is undefined: an event without data is written as JSON null.
  return Buffer.from(JSON.stringify(data) ?? 'null', 'utf8')
}

/** Adds user headers, refusing names that would shadow CloudEvents attributes. */
export function addExtraHeaders(
  headers: Record<string, string>,
  extra: Readonly<Record<string, string>>,
): void {
  for (const name of Object.keys(extra)) {
    if (name.toLowerCase() === 'content-type' || name.startsWith('ce_')) {
      throw new InvalidOptionError(`headers.${name}`, 'is reserved for CloudEvents attributes')
    }
    const value = extra[name]
    if (typeof value !== 'string') throw new InvalidOptionError(`headers.${name}`, 'must be a string')
    headers[name] = value
  }
}

/** True for JSON media types: application/json, text/json, anything +json, with parameters. */
export function isJsonContentType(contentType: string): boolean {
  if (contentType === JSON_CONTENT_TYPE) return true
  const lower = contentType.toLowerCase()
  return lower.startsWith('application/json') || lower.startsWith('text/json') || lower.includes('+json')
}

/** Parses the value of a binary-mode message according to its content type. */
export function binaryData(value: Uint8Array | string | null | undefined, contentType: string): unknown {
  if (value === null || value === undefined) return undefined
  if (!isJsonContentType(contentType)) {
    throw new DecodeError(`Cannot decode data with content-type '${contentType}': only JSON is supported`)
  }
  return parseJson(value, 'value')
}

/** JSON.parse of bytes or text, with a DecodeError naming what was not JSON. */
export function parseJson(value: Uint8Array | string, what: string): unknown {
  const text = typeof value === 'string' ? value : bytesToText(value)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new DecodeError(`Message ${what} is not JSON: ${(err as Error).message}`, err)
  }
}

/** UTF-8 text of bytes without copying them. */
export function bytesToText(bytes: Uint8Array): string {
  return Buffer.isBuffer(bytes)
    ? bytes.toString()
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString()
}
