/**
 * Errors of the test harness. Each carries a stable `code` from the repository's one table
 * (`@spool/errors`) so a test runner or CI script can tell "Kafka could not be had on this
 * machine" from "Kafka was there and broke".
 */
import { type ErrorCode, SpoolError } from '@spool/errors'

/** Stable codes of {@link SpoolTestingError}. */
export const testingErrorCodes = {
  /** `java` or `mvn` is missing (or a required broker is), so real Apache Kafka cannot run here. */
  unavailable: 'SPOOL_ERR_KAFKA_UNAVAILABLE',
  /** Maven could not fetch the pinned Kafka jars. */
  fetch: 'SPOOL_ERR_KAFKA_FETCH',
  /** A broker process exited, or did not answer a client in time; the message ends with its log. */
  start: 'SPOOL_ERR_KAFKA_START',
  /** An option passed to the harness is invalid; the message names it. */
  invalidOption: 'SPOOL_ERR_INVALID_OPTION',
  /** A Kafka command-line tool failed or ran past its time limit. */
  tool: 'SPOOL_ERR_KAFKA_TOOL',
  /** A wait (`waitFor`, the build lock) ran past its deadline. */
  timeout: 'SPOOL_ERR_TIMEOUT',
  /** `tsc` failed on an example project. */
  build: 'SPOOL_ERR_BUILD',
  /** The harness's own files are not as it expects (a pom without a version property). */
  internal: 'SPOOL_ERR_INTERNAL',
} as const satisfies Record<string, ErrorCode>

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
export class SpoolTestingError extends SpoolError {
  declare readonly code: TestingErrorCode

  constructor(
    code: TestingErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(code, message, options)
  }
}
