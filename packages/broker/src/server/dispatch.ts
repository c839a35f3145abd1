/**
 * One request frame in, one response frame (or nothing, or "close") out. Decodes the frame, applies
 * Kafka's rules for what cannot be served (unknown key or version: close, except ApiVersions which
 * answers in v0 with UNSUPPORTED_VERSION and the key list), the SASL gate, injected faults, then the
 * handler, and encodes its answer for the request's version.
 */
import diagnostics from 'node:diagnostics_channel'
import {
  ApiKeys,
  decodeRequest,
  ErrorCodes,
  encodeResponse,
  encodeResponseChunks,
  type RequestHeader,
} from '@spool/protocol'
import type { Logger } from 'pino'
import {
  type BrokerContext,
  CloseConnection,
  type ConnectionInfo,
  type Handler,
  NO_RESPONSE,
} from '../handlers/types.ts'
import { errorResponse } from './error-responses.ts'
import type { Faults } from './faults.ts'

/**
 * What the connection does after a request: write a response frame (one Buffer, or the chunks of
 * one frame to write together, record batches among them as read from the log), nothing, or close.
 */
export type DispatchResult = Buffer | readonly Buffer[] | null | typeof CLOSE

/** Close the connection without answering. */
export const CLOSE: unique symbol = Symbol('close')

/**
 * Key in `ConnectionInfo.state` of a function that takes over the next raw frame (SaslHandshake v0:
 * the SASL tokens then travel as bare size-prefixed frames, without a Kafka header).
 */
export const RAW_FRAME_HANDLER = 'raw-frame-handler'
/** Key in `ConnectionInfo.state`: when set, the connection closes once the current response is sent. */
export const CLOSE_AFTER_RESPONSE = 'close-after-response'

export type RawFrameHandler = (frame: Buffer) => Promise<Buffer | null | typeof CLOSE>

const channel = diagnostics.channel('spool:broker')

export interface DispatcherInit {
  readonly handlers: ReadonlyMap<number, Handler>
  readonly context: BrokerContext
  readonly faults: Faults
  readonly logger: Logger
  /** True when connections must authenticate (SASL) before other requests. */
  readonly requireAuth: boolean
}

/**
 * @example
 * const dispatcher = new Dispatcher({ handlers, context, faults, logger, requireAuth: false })
 * const out = await dispatcher.dispatch(frame, connectionInfo)
 */
export class Dispatcher {
  readonly #init: DispatcherInit

  constructor(init: DispatcherInit) {
    this.#init = init
  }

  /** Every handler, by key (ApiVersions advertises exactly these). */
  get handlers(): ReadonlyMap<number, Handler> {
    return this.#init.handlers
  }

  async dispatch(frame: Buffer, conn: ConnectionInfo & { clientId: string | null }): Promise<DispatchResult> {
    const raw = conn.state.get(RAW_FRAME_HANDLER) as RawFrameHandler | undefined
    if (raw !== undefined) {
      conn.state.delete(RAW_FRAME_HANDLER)
      return raw(frame)
    }
    const { logger } = this.#init
    let req: ReturnType<typeof decodeRequest>
    try {
      req = decodeRequest(frame)
    } catch (e) {
      logger.warn(
        { conn: conn.id, remote: conn.remoteAddress, err: (e as Error).message },
        'malformed request: closing the connection',
      )
      return CLOSE
    }
    const { header } = req
    conn.clientId = header.clientId
    const handler = this.#init.handlers.get(header.apiKey)
    const served =
      req.unsupported === null &&
      handler !== undefined &&
      header.apiVersion >= handler.versions.min &&
      header.apiVersion <= handler.versions.max
    if (!served) {
      if (header.apiKey === ApiKeys.API_VERSIONS) return this.#unsupportedApiVersions(header)
      logger.warn(
        { conn: conn.id, apiKey: header.apiKey, apiVersion: header.apiVersion, clientId: header.clientId },
        'unsupported API key or version: closing the connection',
      )
      return CLOSE
    }
    if (this.#init.requireAuth && conn.principal === undefined && handler.requiresAuth !== false) {
      logger.warn(
        { conn: conn.id, apiKey: header.apiKey },
        'request before SASL authentication: closing the connection',
      )
      return CLOSE
    }
    const body = req.body as Record<string, any>
    const started = performance.now()
    let response: unknown
    const fault = this.#init.faults.take(header.apiKey)
    if (fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs))
    if (fault.errorCode !== undefined) {
      if (header.apiKey === ApiKeys.PRODUCE && body.acks === 0) return CLOSE
      response = errorResponse(header.apiKey, header.apiVersion, body, fault.errorCode)
    } else {
      try {
        response = await handler.handle({
          request: body,
          header,
          version: header.apiVersion,
          connection: conn,
          broker: this.#init.context,
        })
      } catch (e) {
        if (e instanceof CloseConnection) {
          logger.info({ conn: conn.id, apiKey: header.apiKey, reason: e.message }, 'closing the connection')
          return CLOSE
        }
        logger.error(
          { err: e, conn: conn.id, apiKey: header.apiKey, apiVersion: header.apiVersion },
          'request handler failed',
        )
        if (header.apiKey === ApiKeys.PRODUCE && body.acks === 0) return CLOSE
        response = errorResponse(header.apiKey, header.apiVersion, body, ErrorCodes.UNKNOWN_SERVER_ERROR)
      }
    }
    if (channel.hasSubscribers)
      channel.publish({
        type: 'request',
        apiKey: header.apiKey,
        apiVersion: header.apiVersion,
        clientId: header.clientId,
        connection: conn.id,
        durationMs: performance.now() - started,
      })
    if (response === NO_RESPONSE) return null
    try {
      return encodeResponseChunks(
        header.apiKey as never,
        header.apiVersion,
        header.correlationId,
        response as never,
      )
    } catch (e) {
      logger.error(
        { err: e, apiKey: header.apiKey, apiVersion: header.apiVersion },
        'response encoding failed: closing the connection',
      )
      return CLOSE
    }
  }

  /** Kafka's answer to an ApiVersions version it does not know: v0, UNSUPPORTED_VERSION, full key list. */
  #unsupportedApiVersions(header: RequestHeader): Buffer {
    return encodeResponse(ApiKeys.API_VERSIONS, 0, header.correlationId, {
      errorCode: ErrorCodes.UNSUPPORTED_VERSION,
      apiKeys: advertisedKeys(this.#init.handlers),
    })
  }
}

/** The ApiVersions key list for a set of handlers. */
export function advertisedKeys(handlers: ReadonlyMap<number, Handler>) {
  return [...handlers.values()]
    .sort((a, b) => a.apiKey - b.apiKey)
    .map((h) => ({ apiKey: h.apiKey, minVersion: h.versions.min, maxVersion: h.versions.max }))
}
