/**
 * Errors raised by the NestJS integration. Each has a stable `code`, an optional `cause`, and says
 * whether retrying the same operation can succeed. They are raised while a Nest application
 * starts (bad options, conflicting handlers) or when a Nest API asks for something Kafka events
 * cannot do (request-response over `ClientProxy.send`).
 */
import { type ErrorCode, SpoolError, type SpoolErrorOptions } from '@spool/errors'

export type SpoolNestErrorOptions = SpoolErrorOptions

/**
 * Base class of every error `@spool/nest` raises.
 *
 * @example
 * try {
 *   await NestFactory.createApplicationContext(AppModule)
 * } catch (error) {
 *   if (error instanceof SpoolNestError) console.error(error.code, error.message)
 * }
 */
export class SpoolNestError extends SpoolError {
  constructor(code: ErrorCode, message: string, options: SpoolNestErrorOptions = {}) {
    super(code, message, options)
  }
}

/**
 * A module, transport, client or decorator option is wrong (`SPOOL_ERR_INVALID_OPTION`). The
 * message names the property.
 *
 * @example
 * SpoolModule.forRoot({ group: '' }) // NestConfigError: options.group must be a non-empty string; got ""
 */
export class NestConfigError extends SpoolNestError {
  constructor(message: string, options: SpoolNestErrorOptions = {}) {
    super('SPOOL_ERR_INVALID_OPTION', message, options)
  }
}

/**
 * A handler cannot be registered: two handlers of one group claim the same event type, a handler
 * lives in a request-scoped provider, or handlers of one group ask for different group options.
 *
 * @example
 * // HandlerRegistrationError: handlers of consumer group "g" disagree on option "retry": A.one and B.two set different values
 */
export class HandlerRegistrationError extends SpoolNestError {
  constructor(message: string, options: SpoolNestErrorOptions = {}) {
    super('SPOOL_ERR_HANDLER', message, options)
  }
}

/**
 * A Nest API that has no meaning for Kafka events was called (e.g. `ClientProxy.send`).
 *
 * @example
 * await lastValueFrom(client.send('payment.completed', data)) // rejects: SPOOL_ERR_UNSUPPORTED — use emit()
 */
export class UnsupportedError extends SpoolNestError {
  constructor(message: string, options: SpoolNestErrorOptions = {}) {
    super('SPOOL_ERR_UNSUPPORTED', message, options)
  }
}

/**
 * A microservice handler failed with a value that is not an `Error` (Nest's exception filters turn
 * unknown errors into `{ status: 'error', message }` objects). It keeps the original value as
 * `cause`; it is retryable, as a handler failure is unless it says otherwise.
 *
 * @example
 * // dead letter: 'handler of "payment.completed" failed: Internal server error' (without SpoolErrorInterceptor)
 */
export class HandlerFailedError extends SpoolNestError {
  constructor(message: string, options: SpoolNestErrorOptions = {}) {
    super('SPOOL_ERR_HANDLER_FAILED', message, options)
  }
}
