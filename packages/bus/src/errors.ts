/**
 * Errors raised by the event bus. Each has a stable `code` from the repository's one table
 * (`@spool/errors`), an optional `cause`, and says whether retrying the same operation can succeed
 * (`retryable`). Handlers may throw `NonRetryableError` (or any error with `retryable: false`) to
 * send an event straight to the dead letters.
 */
import { type ErrorCode, SpoolError, type SpoolErrorOptions } from '@spool/errors'

export type SpoolBusErrorOptions = SpoolErrorOptions

/**
 * Base class of every error the bus raises.
 *
 * @example
 * try { await bus.publish(OrderPlaced, data) } catch (err) {
 *   if (err instanceof SpoolBusError && err.retryable) scheduleRetry()
 * }
 */
export class SpoolBusError extends SpoolError {
  constructor(code: ErrorCode, message: string, options: SpoolBusErrorOptions = {}) {
    super(code, message, options)
  }
}

/**
 * An option or environment variable is missing, unknown or wrong (`SPOOL_ERR_INVALID_OPTION`).
 * The message names the option or variable.
 *
 * @example
 * createBus({ brokers: [] }) // ConfigError: options.brokers must list at least one "host:port" address
 */
export class ConfigError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_INVALID_OPTION', message, options)
  }
}

/**
 * A value given to an operation is malformed or out of range (`SPOOL_ERR_INVALID_ARGUMENT`);
 * `property` (and `details.property`) names it.
 *
 * @example
 * await bus.sendMessages([{ topic: '', value: 'x' }]) // InvalidArgumentError: records[0].topic must be a non-empty string
 */
export class InvalidArgumentError extends SpoolBusError {
  readonly property: string

  constructor(property: string, message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_INVALID_ARGUMENT', message, { ...options, details: { property, ...options.details } })
    this.property = property
  }
}

/**
 * Kafka could not be reached (`SPOOL_ERR_KAFKA_UNAVAILABLE`, retryable): at start with
 * `offline: 'fail'`, for a publish without the offline spool, or for an admin call.
 *
 * @example
 * catch (err) { if (err instanceof NotConnectedError) console.error('Kafka is down:', err.message) }
 */
export class NotConnectedError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_KAFKA_UNAVAILABLE', message, options)
  }
}

/** Publishing failed for a reason other than connectivity (for example a record too large). */
export class PublishError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_PUBLISH', message, options)
  }
}

/**
 * Kafka answered a request with an error (`SPOOL_ERR_KAFKA_REQUEST`); `cause` is the Kafka
 * client's error, `details.kafkaError` Kafka's error name when there is one, and `retryable`
 * whether Kafka marks it retriable.
 *
 * @example
 * catch (err) { if (err instanceof KafkaRequestError) console.error(err.details.kafkaError) }
 */
export class KafkaRequestError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_KAFKA_REQUEST', message, options)
  }
}

/**
 * Handlers are registered wrongly (`SPOOL_ERR_HANDLER`): a second handler for an event type or a
 * topic in one group, or a group started without any.
 *
 * @example
 * bus.on(OrderPlaced, a).on(OrderPlaced, b) // HandlerRegistrationError: group "billing" already has a handler for "order.placed"
 */
export class HandlerRegistrationError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_HANDLER', message, options)
  }
}

/** An operation did not finish within its deadline. */
export class TimeoutError extends SpoolBusError {
  constructor(message: string, options: SpoolBusErrorOptions = {}) {
    super('SPOOL_ERR_TIMEOUT', message, options)
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
