/**
 * Errors of the gateway, and the one table that turns any error (the gateway's, the bus's, the
 * catalog's, Fastify's) into an HTTP status and a stable code from the repository's one table
 * (`@spool/errors`). A client always gets `{ status: 'error', error: { code, message, issues? } }`
 * and never a stack trace.
 */
import { type ErrorCode, isErrorCode, SpoolError } from '@spool/errors'

export interface Issue {
  /** Where the problem is: `data.total`, `eventType`, `query.offset`. */
  path: string
  message: string
}

export interface GatewayErrorOptions {
  cause?: unknown
  retryable?: boolean
  issues?: Issue[]
  details?: Record<string, unknown>
}

/**
 * An error the gateway answers with; `statusCode` is the HTTP status.
 *
 * @example
 * throw new GatewayError(404, 'SPOOL_ERR_NOT_FOUND', 'no route GET /nope')
 */
export class GatewayError extends SpoolError {
  readonly statusCode: number
  readonly issues: Issue[] | undefined

  constructor(statusCode: number, code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(code, message, options)
    this.statusCode = statusCode
    this.issues = options.issues
  }
}

/** A gateway option is wrong; the message names it. */
export class GatewayConfigError extends GatewayError {
  readonly property: string

  constructor(property: string, message: string) {
    super(
      500,
      'SPOOL_ERR_INVALID_OPTION',
      `${/^[A-Z_]+$/.test(property) ? property : `gateway options.${property}`} ${message}`,
    )
    this.name = 'GatewayConfigError'
    this.property = property
  }
}

/** HTTP status of each stable error code the gateway may see. */
const statusByCode: Partial<Record<ErrorCode, number>> = {
  SPOOL_ERR_VALIDATION: 400,
  SPOOL_ERR_INVALID_ARGUMENT: 400,
  SPOOL_ERR_INVALID_OPTION: 400,
  SPOOL_ERR_BAD_JSON: 400,
  SPOOL_ERR_UNAUTHORIZED: 401,
  SPOOL_ERR_FORBIDDEN: 403,
  SPOOL_ERR_NOT_FOUND: 404,
  SPOOL_ERR_UNKNOWN_EVENT: 404,
  SPOOL_ERR_CONFLICT: 409,
  SPOOL_ERR_STATE: 409,
  SPOOL_ERR_PAYLOAD_TOO_LARGE: 413,
  SPOOL_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  SPOOL_ERR_RATE_LIMITED: 429,
  SPOOL_ERR_PUBLISH: 502,
  SPOOL_ERR_KAFKA_REQUEST: 502,
  SPOOL_ERR_KAFKA_UNAVAILABLE: 503,
  SPOOL_ERR_TIMEOUT: 504,
}

/** Fastify's own codes, renamed to ours. */
const fastifyCodes: Record<string, [number, ErrorCode]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'SPOOL_ERR_BAD_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'SPOOL_ERR_BAD_JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'SPOOL_ERR_PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'SPOOL_ERR_UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'SPOOL_ERR_INVALID_ARGUMENT'],
  FST_ERR_CTP_INVALID_TYPE: [415, 'SPOOL_ERR_UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_BAD_URL: [400, 'SPOOL_ERR_INVALID_ARGUMENT'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'SPOOL_ERR_INVALID_ARGUMENT'],
}

export interface ErrorBody {
  status: 'error'
  error: { code: ErrorCode; message: string; issues?: Issue[]; details?: Record<string, unknown> }
}

/** Status and body for any thrown value. 5xx messages stay generic unless the error is ours. */
export function toHttpError(error: unknown): { statusCode: number; body: ErrorBody } {
  const e = (error ?? {}) as {
    code?: unknown
    statusCode?: unknown
    message?: unknown
    issues?: unknown
    validation?: unknown
    details?: unknown
    property?: unknown
  }
  const message = typeof e.message === 'string' ? e.message : String(error)
  if (error instanceof GatewayError) {
    const details = Object.keys(error.details).length > 0 ? error.details : undefined
    return body(error.statusCode, error.code, message, error.issues, details)
  }
  const code = typeof e.code === 'string' ? e.code : undefined
  if (code && fastifyCodes[code]) {
    const [status, ours] = fastifyCodes[code]!
    return body(status, ours, message)
  }
  if (code && isErrorCode(code) && statusByCode[code] !== undefined) {
    let status = statusByCode[code]!
    // A record Kafka refuses as too large is the client's doing: 413, not a gateway failure.
    if (code === 'SPOOL_ERR_PUBLISH' && /MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/.test(message)) status = 413
    const issues = Array.isArray(e.issues) ? (e.issues as Issue[]) : undefined
    const details =
      e.details && typeof e.details === 'object' && Object.keys(e.details).length > 0
        ? (e.details as Record<string, unknown>)
        : undefined
    return body(status, code, message, issues, details)
  }
  const status =
    typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 600 ? e.statusCode : 500
  if (status === 429) return body(429, 'SPOOL_ERR_RATE_LIMITED', message)
  if (status < 500) return body(status, 'SPOOL_ERR_INVALID_ARGUMENT', message)
  return body(status, 'SPOOL_ERR_INTERNAL', 'internal error; see the gateway log')
}

function body(
  statusCode: number,
  code: ErrorCode,
  message: string,
  issues?: Issue[],
  details?: Record<string, unknown>,
): { statusCode: number; body: ErrorBody } {
  const error: ErrorBody['error'] = { code, message }
  if (issues && issues.length > 0) error.issues = issues
  if (details) error.details = details
  return { statusCode, body: { status: 'error', error } }
}
