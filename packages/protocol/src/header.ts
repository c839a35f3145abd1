/**
 * Request and response headers.
 *
 *   request header v1: api_key int16, api_version int16, correlation_id int32, client_id nullable string
 *   request header v2: v1 + tagged fields. client_id stays a classic int16-length string.
 *   response header v0: correlation_id int32
 *   response header v1: v0 + tagged fields
 *
 * A request uses v2 and its response v1 exactly when the API version is flexible — except the
 * ApiVersions response, which is always v0 so that a client can read it before it knows which
 * versions the broker speaks.
 */
import { apiDef } from './messages/index.ts'
import type { Reader } from './primitives/reader.ts'
import type { Writer } from './primitives/writer.ts'
import { inVersions } from './schema/versions.ts'

export interface RequestHeader {
  apiKey: number
  apiVersion: number
  correlationId: number
  clientId: string | null
}

const API_VERSIONS_KEY = 18

/** True if `apiVersion` of `apiKey` uses the flexible (compact, tagged) encoding. */
export function isFlexible(apiKey: number, apiVersion: number): boolean {
  const def = apiDef(apiKey)
  return def !== undefined && inVersions(def.request.flexibleVersions, apiVersion)
}

/**
 * Request header version for an API version: 2 if flexible, else 1.
 *
 * @example
 * requestHeaderVersion(3, 12) // 2
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): 1 | 2 {
  return isFlexible(apiKey, apiVersion) ? 2 : 1
}

/**
 * Response header version: 1 if flexible, else 0; always 0 for ApiVersions.
 *
 * @example
 * responseHeaderVersion(18, 4) // 0
 */
export function responseHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 {
  if (apiKey === API_VERSIONS_KEY) return 0
  return isFlexible(apiKey, apiVersion) ? 1 : 0
}

/** Reads a request header of the given version (1 or 2). */
export function readRequestHeader(r: Reader, headerVersion: 1 | 2): RequestHeader {
  const header = {
    apiKey: r.readInt16('request header api_key'),
    apiVersion: r.readInt16('request header api_version'),
    correlationId: r.readInt32('request header correlation_id'),
    clientId: r.readNullableString('request header client_id'),
  }
  // No header tags are defined for clients; any sent are skipped.
  if (headerVersion === 2) r.readTaggedFields('request header tagged fields')
  return header
}

/** Writes a request header of the given version (1 or 2). */
export function writeRequestHeader(w: Writer, header: RequestHeader, headerVersion: 1 | 2): void {
  w.writeInt16(header.apiKey).writeInt16(header.apiVersion).writeInt32(header.correlationId)
  w.writeNullableString(header.clientId)
  if (headerVersion === 2) w.writeTaggedFields()
}

/** Reads a response header (0 or 1) and returns the correlation id. */
export function readResponseHeader(r: Reader, headerVersion: 0 | 1): number {
  const correlationId = r.readInt32('response header correlation_id')
  if (headerVersion === 1) r.readTaggedFields('response header tagged fields')
  return correlationId
}

/** Writes a response header (0 or 1). */
export function writeResponseHeader(w: Writer, correlationId: number, headerVersion: 0 | 1): void {
  w.writeInt32(correlationId)
  if (headerVersion === 1) w.writeTaggedFields()
}
