/**
 * The base class of every error a Spool package raises. An error is recognised without
 * `instanceof` (a service may load two copies of a package): {@link isSpoolError} checks a
 * registered symbol that every copy sets.
 */
import { type ErrorCode, errorCodes } from './codes.ts'

const brand: unique symbol = Symbol.for('spool.error') as never

export interface SpoolErrorOptions {
  /** The error that led to this one (ES2022 `cause`). */
  cause?: unknown
  /** Overrides the table's default: whether retrying the same call can succeed. */
  retryable?: boolean
  /** Structured facts about the failure (a topic, an option name, …). */
  details?: Record<string, unknown>
}

/**
 * @example
 * throw new SpoolError('SPOOL_ERR_INVALID_OPTION', "createBus: unknown option 'brokrs' (did you mean 'brokers'?)")
 */
export class SpoolError extends Error {
  readonly code: ErrorCode
  readonly retryable: boolean
  readonly details: Record<string, unknown>

  constructor(code: ErrorCode, message: string, options: SpoolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? errorCodes[code]?.retryable ?? false
    this.details = options.details ?? {}
    Object.defineProperty(this, brand, { value: true })
  }
}

/**
 * Whether a value is an error raised by any copy of any Spool package.
 *
 * @example
 * if (isSpoolError(err)) console.error(err.code, err.retryable)
 */
export function isSpoolError(value: unknown): value is SpoolError {
  return (
    value instanceof Error &&
    (value as unknown as Record<symbol, unknown>)[brand] === true &&
    typeof (value as { code?: unknown }).code === 'string'
  )
}
