/**
 * @spool/errors — the one error-code table of Spool, the base class every Spool error extends,
 * and the option checks every package shares (unknown keys named, with a suggestion).
 *
 * @packageDocumentation
 *
 * @example
 * import { isSpoolError } from '@spool/errors'
 * try {
 *   await bus.publish(OrderPlaced, data)
 * } catch (err) {
 *   if (isSpoolError(err) && err.retryable) scheduleRetry()
 * }
 */
import { assertSupportedNode } from './node-version.ts'

assertSupportedNode()

export { type ErrorCode, type ErrorCodeInfo, errorCodes, isErrorCode } from './codes.ts'
export { isSpoolError, SpoolError, type SpoolErrorOptions } from './error.ts'
export { type LogLevel, logLevels, logLevelVariable, readLogLevel } from './log-level.ts'
export { assertSupportedNode, isSupportedNode, minimumNode } from './node-version.ts'
export { type OptionsSchema, parseOptions, rejectUnknownKeys } from './options.ts'
export { closest, editDistance } from './suggest.ts'
