/**
 * Errors raised by the idempotency stores. A failure of the store itself (its database refused or
 * was unreachable, the memory store is full) has the code `SPOOL_ERR_IDEMPOTENCY_STORE`, and
 * `retryable` says whether trying again can help: a lost connection or a locked database is
 * retryable. Mistakes of the caller carry the codes they have everywhere in Spool: a bad option
 * `SPOOL_ERR_INVALID_OPTION`, a bad key or duration `SPOOL_ERR_INVALID_ARGUMENT`, a call after
 * `close()` `SPOOL_ERR_STATE`. Every one is an {@link IdempotencyStoreError} naming its store in
 * `details.store`.
 */
import { SpoolError } from '@spool/errors'

/**
 * The `code` of an {@link IdempotencyStoreError} raised by the store itself.
 *
 * @example
 * if ((error as { code?: string }).code === IDEMPOTENCY_STORE_ERROR_CODE) metrics.storeErrors.inc()
 */
export const IDEMPOTENCY_STORE_ERROR_CODE = 'SPOOL_ERR_IDEMPOTENCY_STORE' as const

/** The codes an {@link IdempotencyStoreError} can carry. */
export type IdempotencyStoreErrorCode =
  | typeof IDEMPOTENCY_STORE_ERROR_CODE
  | 'SPOOL_ERR_INVALID_OPTION'
  | 'SPOOL_ERR_INVALID_ARGUMENT'
  | 'SPOOL_ERR_STATE'

export interface IdempotencyStoreErrorOptions {
  /** `SPOOL_ERR_IDEMPOTENCY_STORE` unless the caller is at fault. */
  code?: IdempotencyStoreErrorCode
  cause?: unknown
  retryable?: boolean
  details?: Record<string, unknown>
}

/**
 * An idempotency store could not do what was asked.
 *
 * @example
 * try {
 *   await store.claim(key, 30_000)
 * } catch (error) {
 *   if (error instanceof IdempotencyStoreError && error.retryable) scheduleRetry()
 *   else throw error
 * }
 */
export class IdempotencyStoreError extends SpoolError {
  declare readonly code: IdempotencyStoreErrorCode

  constructor(message: string, options: IdempotencyStoreErrorOptions = {}) {
    super(options.code ?? IDEMPOTENCY_STORE_ERROR_CODE, message, options)
  }
}

// Socket-level failures: the server may well answer on the next attempt.
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])

// PostgreSQL SQLSTATEs that describe a transient condition rather than a wrong statement.
const transientSqlStates = new Set(['40001', '40P01', '53300', '55P03', '57P01', '57P02', '57P03'])

// SQLite primary result codes: SQLITE_BUSY (5) and SQLITE_LOCKED (6) clear once the other writer ends.
const transientSqliteCodes = new Set([5, 6])

/** Whether a driver error describes a connection problem or a transient lock worth retrying. */
export function isTransientStoreError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  const { code, errcode, name, message, errors } = error as Record<string, unknown>
  // Connecting to a host name with several addresses fails with an AggregateError of attempts.
  if (Array.isArray(errors) && errors.some(isTransientStoreError)) return true
  if (typeof code === 'string') {
    if (connectionCodes.has(code)) return true
    // SQLSTATE class 08 is "connection exception".
    if (/^[0-9A-Z]{5}$/.test(code) && (code.startsWith('08') || transientSqlStates.has(code))) return true
  }
  if (typeof errcode === 'number' && transientSqliteCodes.has(errcode & 0xff)) return true
  // ioredis reports a dropped or exhausted connection without a code.
  if (name === 'MaxRetriesPerRequestError') return true
  if (typeof message === 'string') {
    if (message === 'Connection is closed.' || message.startsWith('Connection terminated')) return true
    if (/^(LOADING|BUSY|TRYAGAIN|CLUSTERDOWN|MASTERDOWN)\b/.test(message)) return true
  }
  return false
}

/** Wraps a driver error, naming the store and the operation that failed. */
export function storeError(store: string, operation: string, cause: unknown): IdempotencyStoreError {
  if (cause instanceof IdempotencyStoreError) return cause
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new IdempotencyStoreError(`${store} idempotency store: ${operation} failed: ${reason}`, {
    cause,
    retryable: isTransientStoreError(cause),
    details: { store, operation },
  })
}

/** The error every operation of a closed store rejects with. */
export function closedError(store: string, operation: string): IdempotencyStoreError {
  return new IdempotencyStoreError(`${store} idempotency store: ${operation} called after close()`, {
    code: 'SPOOL_ERR_STATE',
    details: { store, operation },
  })
}
