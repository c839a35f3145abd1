/**
 * Errors raised by the event bus. Each has a stable `code`, an optional `cause`, and says whether
 * retrying the same operation can succeed (`retryable`). Handlers may throw `NonRetryableError`
 * (or any error with `retryable: false`) to send an event straight to the dead letters.
 */

export interface SpoolBusErrorOptions {
  cause?: unknown
  retryable?: boolean
  details?: Record<string, unknown>
}

/** Base class of every error the bus raises. */
export class SpoolBusError extends Error {
  readonly code: string
  readonly retryable: boolean
  readonly details: Record<string, unknown>

  constructor(code: string, message: string, options: SpoolBusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.retryable = options.retryable ?? false
    this.details = options.details ?? {}
  }
}

/** A configuration value is missing or wrong. The message names the option or variable. */
export class ConfigError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_CONFIG', message, options)
  }
}

/** Kafka could not be reached and the offline spool is disabled. */
export class NotConnectedError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_NOT_CONNECTED', message, { retryable: true, ...options })
  }
}

/** Publishing failed for a reason other than connectivity (for example a record too large). */
export class PublishError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_PUBLISH', message, options)
  }
}

/** An operation did not finish within its deadline. */
export class TimeoutError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_TIMEOUT', message, { retryable: true, ...options })
  }
}

/** The bus (or one consumer) is closed or not started for this call. */
export class StateError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_STATE', message, options)
  }
}

/**
 * Throw from a handler when retrying cannot help (bad data, a business rule): the event goes
 * straight to the dead-letter topic.
 *
 * @example
 * bus.on(PaymentCompleted, async (event) => {
 *   if (!event.data.amount) throw new NonRetryableError('amount missing')
 * })
 */
export class NonRetryableError extends SpoolBusError {
  constructor(message: string, options: Omit<SpoolBusErrorOptions, 'retryable'> = {}) {
    super('SPOOL_ERR_NON_RETRYABLE', message, { ...options, retryable: false })
  }
}

/** Whether an error thrown by a handler may be retried. Errors are retryable unless they say not. */
export function isRetryable(error: unknown): boolean {
  if (error && typeof error === 'object' && 'retryable' in error) {
    return (error as { retryable: unknown }).retryable !== false
  }
  return true
}
