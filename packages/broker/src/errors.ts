/**
 * Errors raised by the embedded broker's own API (options, start, stop, storage, topics). Errors a
 * client sees travel as Kafka error codes in responses; these are for the program that embeds the
 * broker. Each has a stable `code` from the repository's one table (`@spool/errors`), an optional
 * `cause`, and says whether retrying can succeed.
 */
import { type ErrorCode, SpoolError, type SpoolErrorOptions } from '@spool/errors'

/** Stable codes of {@link SpoolBrokerError}. */
export const BrokerErrorCodes = {
  /** An option (or a SASL user file or list) is missing or wrong; the message names it. */
  INVALID_OPTION: 'SPOOL_ERR_INVALID_OPTION',
  /** A value given to a call (a topic name, a partition count, a fault rule) is wrong. */
  INVALID_ARGUMENT: 'SPOOL_ERR_INVALID_ARGUMENT',
  /** The listening socket could not be opened (port in use, permission). */
  LISTEN: 'SPOOL_ERR_LISTEN',
  /** The data directory could not be read or written. */
  STORAGE: 'SPOOL_ERR_STORAGE',
  /** The broker (or the part asked) is stopped or stopping. */
  STATE: 'SPOOL_ERR_STATE',
  /** A topic does not exist. */
  NOT_FOUND: 'SPOOL_ERR_NOT_FOUND',
  /** A topic already exists. */
  CONFLICT: 'SPOOL_ERR_CONFLICT',
  /** A bug: an invariant of the broker does not hold. */
  INTERNAL: 'SPOOL_ERR_INTERNAL',
} as const satisfies Record<string, ErrorCode>

export type BrokerErrorCode = (typeof BrokerErrorCodes)[keyof typeof BrokerErrorCodes]

export type SpoolBrokerErrorOptions = SpoolErrorOptions

/**
 * Base class of every error the broker raises to its embedder.
 *
 * @example
 * try { await startBroker({ port: 70000 }) } catch (e) {
 *   if (e instanceof SpoolBrokerError && e.code === 'SPOOL_ERR_INVALID_OPTION') console.error(e.message)
 * }
 */
export class SpoolBrokerError extends SpoolError {
  declare readonly code: BrokerErrorCode

  constructor(code: BrokerErrorCode, message: string, options: SpoolBrokerErrorOptions = {}) {
    super(code, message, options)
  }
}

/**
 * A broken invariant of the broker (a bug, never the embedder's doing).
 *
 * @example
 * if (handlers.has(key)) throw internalError(`two handlers for API key ${key}`)
 */
export function internalError(message: string): SpoolBrokerError {
  return new SpoolBrokerError(BrokerErrorCodes.INTERNAL, message)
}

/** Shorthand for an invalid-option error naming the offending property. */
export function invalidOption(property: string, expected: string, got: unknown): SpoolBrokerError {
  let shown: string
  try {
    shown = typeof got === 'string' ? JSON.stringify(got) : String(got)
  } catch {
    shown = typeof got
  }
  return new SpoolBrokerError(
    BrokerErrorCodes.INVALID_OPTION,
    `Invalid broker option \`${property}\`: expected ${expected}, got ${shown}`,
  )
}
