/**
 * The one log-level variable of the whole of Spool, `SPOOL_LOG_LEVEL`, read the same way by every
 * package that makes its own pino logger (each from its own environment reader).
 */
import { SpoolError } from './error.ts'
import { closest } from './suggest.ts'

/** pino's levels, most verbose first, and `silent`. */
export const logLevels = Object.freeze([
  'trace',
  'debug',
  'info',
  'warn',
  'error',
  'fatal',
  'silent',
] as const)

export type LogLevel = (typeof logLevels)[number]

/** The variable every Spool package reads its default logger's level from. */
export const logLevelVariable = 'SPOOL_LOG_LEVEL'

/**
 * The level `SPOOL_LOG_LEVEL` sets (case ignored), or, when it is unset or empty, the first of
 * `fallbacks` (older names a package still honours) that is set; undefined when none is. A value
 * that is not a level is a `SPOOL_ERR_INVALID_OPTION` naming the variable.
 *
 * @example
 * const level = readLogLevel(process.env) ?? 'info'
 * readLogLevel({ SPOOL_LOG_LEVEL: 'debgu' })
 * // SpoolError SPOOL_ERR_INVALID_OPTION: SPOOL_LOG_LEVEL must be one of trace, …, silent; got "debgu" (did you mean 'debug'?)
 */
export function readLogLevel(
  env: Readonly<Record<string, string | undefined>>,
  fallbacks: readonly string[] = [],
): LogLevel | undefined {
  for (const variable of [logLevelVariable, ...fallbacks]) {
    const raw = env[variable]?.trim()
    if (raw === undefined || raw === '') continue
    const level = raw.toLowerCase()
    if ((logLevels as readonly string[]).includes(level)) return level as LogLevel
    const near = closest(level, logLevels)
    const hint = near === undefined ? '' : ` (did you mean '${near}'?)`
    throw new SpoolError(
      'SPOOL_ERR_INVALID_OPTION',
      `${variable} must be one of ${logLevels.join(', ')}; got ${JSON.stringify(raw)}${hint}`,
      { details: { variable, value: raw, suggestion: near } },
    )
  }
  return undefined
}
