/**
 * Errors raised by the idempotency stores. They share one stable code so callers can recognise a
 * store failure, and `retryable` says whether trying again can help: a lost connection or a locked
 * database is retryable, a bad option or a closed store is not.
 */

/**
 * The `code` of every {@link IdempotencyStoreError}.
 *
 * @example
 * if ((error as { code?: string }).code === IDEMPOTENCY_STORE_ERROR_CODE) metrics.storeErrors.inc()
 */
export const IDEMPOTENCY_STORE_ERROR_CODE = 'SPOOL_ERR_IDEMPOTENCY_STORE' as const

export interface IdempotencyStoreErrorOptions {
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
export class IdempotencyStoreError extends Error {
  readonly code: typeof IDEMPOTENCY_STORE_ERROR_CODE = IDEMPOTENCY_STORE_ERROR_CODE
  readonly retryable: boolean
  readonly details: Record<string, unknown>

  constructor(message: string, options: IdempotencyStoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'IdempotencyStoreError'
    this.retryable = options.retryable ?? false
    this.details = options.details ?? {}
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
    details: { store, operation },
  })
}
