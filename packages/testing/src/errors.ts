/**
 * Errors of the test harness. Each carries a stable `code` so a test runner or CI script can tell
 * "Kafka could not be had on this machine" from "Kafka was there and broke".
 */

/** Stable codes of {@link SpoolTestingError}. */
export const testingErrorCodes = {
  /** `java` or `mvn` is missing, so real Apache Kafka cannot run here. */
  unavailable: 'SPOOL_ERR_KAFKA_UNAVAILABLE',
  /** Maven could not fetch the pinned Kafka jars. */
  fetch: 'SPOOL_ERR_KAFKA_FETCH',
  /** A broker process exited, or did not answer a client in time; the message ends with its log. */
  start: 'SPOOL_ERR_KAFKA_START',
  /** An option passed to the harness is invalid; the message names it. */
  validation: 'SPOOL_ERR_VALIDATION',
  /** A Kafka command-line tool failed or ran past its time limit. */
  tool: 'SPOOL_ERR_KAFKA_TOOL',
} as const

/** One of {@link testingErrorCodes}. */
export type TestingErrorCode = (typeof testingErrorCodes)[keyof typeof testingErrorCodes]

/**
 * The one error class of `@spool/testing`.
 *
 * @example
 * try {
 *   await startKafka()
 * } catch (err) {
 *   if (err instanceof SpoolTestingError && err.code === 'SPOOL_ERR_KAFKA_UNAVAILABLE') skip(err.message)
 *   else throw err
 * }
 */
export class SpoolTestingError extends Error {
  readonly code: TestingErrorCode
  /** True when the same call may succeed later (a slow start, a flaky download). */
  readonly retryable: boolean

  constructor(
    code: TestingErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'SpoolTestingError'
    this.code = code
    this.retryable = options.retryable ?? false
  }
}
