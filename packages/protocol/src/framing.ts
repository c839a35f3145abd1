/**
 * Whole requests and responses: header + body, with the int32 size prefix Kafka puts before
 * every frame on the socket.
 *
 *   frame := size int32, header, body      (size counts header + body)
 *
 * `decodeRequest` takes a frame without its size prefix (what a socket framer hands over);
 * the encoders return a Buffer with the prefix, ready to write.
 */
import { ProtocolError, ProtocolErrorCodes } from './errors.ts'
import {
  type RequestHeader,
  readRequestHeader,
  readResponseHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  writeRequestHeader,
  writeResponseHeader,
} from './header.ts'
import {
  type ApiKey,
  apiDef,
  type RequestInput,
  type RequestOf,
  type ResponseInput,
  type ResponseOf,
} from './messages/index.ts'
import { Reader } from './primitives/reader.ts'
import { Writer } from './primitives/writer.ts'
import { decodeMessage, type EncodeOptions, encodeMessage } from './schema/codec.ts'
import { isSupportedVersion } from './versions.ts'

/** Why a request could not be decoded although its header could. */
export type Unsupported = 'api-key' | 'version'

export type DecodedRequest =
  | { header: RequestHeader; body: Record<string, unknown>; unsupported: null }
  | { header: RequestHeader; body: null; unsupported: Unsupported }

/**
 * Decodes a request frame (without its size prefix). A request for an unknown API key or an
 * unsupported version is not an error: its header is returned with `unsupported` set so the broker
 * can answer UNSUPPORTED_VERSION (for ApiVersions, in v0 with the full key list) or close.
 * Malformed bytes throw a ProtocolError.
 *
 * @example
 * const req = decodeRequest(frame)
 * if (req.unsupported === null && req.header.apiKey === ApiKeys.METADATA) {
 *   const body = req.body as RequestOf<typeof ApiKeys.METADATA>
 * }
 */
export function decodeRequest(frame: Buffer): DecodedRequest {
  const peek = new Reader(frame)
  const apiKey = peek.readInt16('request header api_key')
  const apiVersion = peek.readInt16('request header api_version')
  const r = new Reader(frame)
  const def = apiDef(apiKey)
  if (def === undefined || !isSupportedVersion(apiKey, apiVersion)) {
    // Only the v1 part of the header is common to all versions; that is all an error answer needs.
    return {
      header: readRequestHeader(r, 1),
      body: null,
      unsupported: def === undefined ? 'api-key' : 'version',
    }
  }
  const header = readRequestHeader(r, requestHeaderVersion(apiKey, apiVersion))
  const body = decodeMessage(def.request, apiVersion, r)
  return { header, body, unsupported: null }
}

function sized(w: Writer): Buffer {
  const buf = w.toBuffer()
  buf.writeInt32BE(buf.length - 4, 0)
  return buf
}

/**
 * Encodes a response frame, size prefix included.
 *
 * @example
 * socket.write(encodeResponse(ApiKeys.HEARTBEAT, 4, header.correlationId, { errorCode: 0 }))
 */
export function encodeResponse<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ResponseInput<K>,
  options?: EncodeOptions,
): Buffer {
  const def = requireApi(apiKey, apiVersion)
  const w = new Writer(1024).writeInt32(0)
  writeResponseHeader(w, correlationId, responseHeaderVersion(apiKey, apiVersion))
  encodeMessage(def.response, apiVersion, body as never, w, options)
  return sized(w)
}

/**
 * Encodes a response frame, size prefix included, as the list of chunks it was written in: record
 * batches stay the Buffers the handler gave (views of what was read from the log), so a vectored
 * socket write (`cork`, `write` each, `uncork`) sends them without another copy.
 *
 * @example
 * socket.cork()
 * for (const chunk of encodeResponseChunks(ApiKeys.FETCH, 12, correlationId, body)) socket.write(chunk)
 * socket.uncork()
 */
export function encodeResponseChunks<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ResponseInput<K>,
  options?: EncodeOptions,
): Buffer[] {
  const def = requireApi(apiKey, apiVersion)
  const w = new Writer(1024).writeInt32(0)
  writeResponseHeader(w, correlationId, responseHeaderVersion(apiKey, apiVersion))
  encodeMessage(def.response, apiVersion, body as never, w, options)
  const size = w.length - 4
  const chunks = w.toChunks()
  // The size prefix was the first thing written, so it sits in the first chunk (a Writer chunk).
  chunks[0]!.writeInt32BE(size, 0)
  return chunks
}

/**
 * Encodes a request frame, size prefix included (for clients and tests).
 *
 * @example
 * const frame = encodeRequest({ apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'me' }, {})
 */
export function encodeRequest<K extends ApiKey>(
  header: RequestHeader & { apiKey: K },
  body: RequestInput<K>,
  options?: EncodeOptions,
): Buffer {
  const def = requireApi(header.apiKey, header.apiVersion)
  const w = new Writer(1024).writeInt32(0)
  writeRequestHeader(w, header, requestHeaderVersion(header.apiKey, header.apiVersion))
  encodeMessage(def.request, header.apiVersion, body as never, w, options)
  return sized(w)
}

/**
 * Decodes a response frame (without its size prefix); the caller knows which request it answers.
 *
 * @example
 * const { correlationId, body } = decodeResponse(ApiKeys.METADATA, 12, frame)
 */
export function decodeResponse<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  frame: Buffer,
): { correlationId: number; body: ResponseOf<K> } {
  const def = requireApi(apiKey, apiVersion)
  const r = new Reader(frame)
  const correlationId = readResponseHeader(r, responseHeaderVersion(apiKey, apiVersion))
  return { correlationId, body: decodeMessage(def.response, apiVersion, r) as ResponseOf<K> }
}

/** Decodes a request body of a known API and version (no header). */
export function decodeRequestBody<K extends ApiKey>(
  apiKey: K,
  apiVersion: number,
  body: Buffer,
): RequestOf<K> {
  return decodeMessage(requireApi(apiKey, apiVersion).request, apiVersion, body) as RequestOf<K>
}

function requireApi(apiKey: number, apiVersion: number) {
  const def = apiDef(apiKey)
  if (def === undefined || !isSupportedVersion(apiKey, apiVersion)) {
    throw new ProtocolError(`No schema for API key ${apiKey} version ${apiVersion}`, {
      code: ProtocolErrorCodes.UNSUPPORTED_VERSION,
    })
  }
  return def
}
