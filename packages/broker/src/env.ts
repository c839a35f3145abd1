/**
 * The one place the broker reads environment variables.
 *
 * | variable        | default | meaning                                                      |
 * |-----------------|---------|--------------------------------------------------------------|
 * | SPOOL_LOG_LEVEL | silent  | level of the broker's own logger, when no `logger` is given   |
 */
import { type LogLevel, readLogLevel } from '@spool/errors'

/**
 * The level of the broker's default logger: SPOOL_LOG_LEVEL, else silent (an embedded broker says
 * nothing unless asked). A value that is not a level is a SPOOL_ERR_INVALID_OPTION naming it.
 *
 * @example
 * brokerLogLevel({ SPOOL_LOG_LEVEL: 'debug' }) // 'debug'
 */
export function brokerLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  return readLogLevel(env) ?? 'silent'
}
