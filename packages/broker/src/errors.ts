/**
 * Errors raised by the embedded broker's own API (options, start, stop, storage). Errors a client
 * sees travel as Kafka error codes in responses; these are for the program that embeds the broker.
 * Each has a stable `code`, an optional `cause`, and says whether retrying can succeed.
 */

/** Stable codes of {@link SpoolBrokerError}. */
export const BrokerErrorCodes = {
  /** An option is missing or wrong; the message names it. */
  VALIDATION: 'SPOOL_ERR_VALIDATION',
  /** The listening socket could not be opened (port in use, permission). */
  LISTEN: 'SPOOL_ERR_LISTEN',
  /** The data directory could not be read or written. */
  STORAGE: 'SPOOL_ERR_STORAGE',
  /** The broker is stopped or stopping. */
  STOPPED: 'SPOOL_ERR_STOPPED',
  /** A SASL user file or user list is malformed. */
  AUTH_CONFIG: 'SPOOL_ERR_AUTH_CONFIG',
} as const

export type BrokerErrorCode = (typeof BrokerErrorCodes)[keyof typeof BrokerErrorCodes]

export interface SpoolBrokerErrorOptions {
  cause?: unknown
  retryable?: boolean
}

/**
 * Base class of every error the broker raises to its embedder.
 *
 * @example
 * try { await startBroker({ port: 70000 }) } catch (e) {
 *   if (e instanceof SpoolBrokerError && e.code === 'SPOOL_ERR_VALIDATION') console.error(e.message)
 * }
 */
export class SpoolBrokerError extends Error {
  readonly code: BrokerErrorCode
  readonly retryable: boolean

  constructor(code: BrokerErrorCode, message: string, options: SpoolBrokerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'SpoolBrokerError'
    this.code = code
    this.retryable = options.retryable ?? false
  }
}

/** Shorthand for a validation error naming the offending property. */
export function invalidOption(property: string, expected: string, got: unknown): SpoolBrokerError {
  let shown: string
  try {
    shown = typeof got === 'string' ? JSON.stringify(got) : String(got)
  } catch {
    shown = typeof got
  }
  return new SpoolBrokerError(
    BrokerErrorCodes.VALIDATION,
    `Invalid broker option \`${property}\`: expected ${expected}, got ${shown}`,
  )
}
