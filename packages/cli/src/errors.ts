/**
 * The CLI's errors and its exit codes. Every failure a command can meet ends as one of a few exit
 * codes, so scripts can tell "you typed it wrong" from "it does not exist" from "Kafka is down".
 */
import { CommanderError } from 'commander'

/**
 * Exit codes of every `spool` command.
 *
 * @example
 * process.exit(exitCodes.notFound) // 3
 */
export const exitCodes = Object.freeze({
  ok: 0,
  /** The operation failed at run time (Kafka refused it, a bug). */
  failure: 1,
  /** Bad flag, missing argument or invalid value (a partition or offset out of range too). */
  usage: 2,
  /** The topic or consumer group does not exist. */
  notFound: 3,
  /** The topic already exists, or the group has active members. */
  conflict: 4,
  /** Kafka could not be reached, or did not answer in time. */
  unavailable: 5,
})

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes]

/** The exit-code table as shown at the end of every `--help`. */
export const exitCodeHelp = `
Exit codes:
  0  success
  1  runtime failure (Kafka refused the operation, unexpected error)
  2  usage error (unknown flag, missing or invalid argument)
  3  not found (topic or consumer group)
  4  conflict (topic exists, group has active members)
  5  Kafka unreachable or timed out`

export type CliErrorCode =
  | 'SPOOL_ERR_USAGE'
  | 'SPOOL_ERR_NOT_FOUND'
  | 'SPOOL_ERR_CONFLICT'
  | 'SPOOL_ERR_UNAVAILABLE'
  | 'SPOOL_ERR_FAILED'

const exitOfCode: Record<CliErrorCode, ExitCode> = {
  SPOOL_ERR_USAGE: exitCodes.usage,
  SPOOL_ERR_NOT_FOUND: exitCodes.notFound,
  SPOOL_ERR_CONFLICT: exitCodes.conflict,
  SPOOL_ERR_UNAVAILABLE: exitCodes.unavailable,
  SPOOL_ERR_FAILED: exitCodes.failure,
}

/**
 * An error a command reports to the user, with its exit code.
 *
 * @example
 * throw new CliError('SPOOL_ERR_USAGE', '--to-offset needs a number')
 */
export class CliError extends Error {
  readonly code: CliErrorCode
  readonly exitCode: ExitCode
  readonly retryable: boolean

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'CliError'
    this.code = code
    this.exitCode = exitOfCode[code]
    this.retryable = options.retryable ?? code === 'SPOOL_ERR_UNAVAILABLE'
  }
}

/** A usage error (exit 2). */
export const usage = (message: string): CliError => new CliError('SPOOL_ERR_USAGE', message)

const unavailableCodes = new Set(['SPOOL_ERR_TIMEOUT', 'SPOOL_ERR_NOT_CONNECTED'])
const networkCodes = new Set([
  'PLT_KFK_NETWORK',
  'PLT_KFK_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
  'ENOTFOUND',
])

/**
 * The exit code for any error a command throws: the CLI's own, commander's (usage), and the bus's
 * admin errors by their stable `code`.
 *
 * @example
 * exitCodeOf(new NotFoundError('topic', 'orders')) // 3
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode
  if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
  const code = (error as { code?: unknown })?.code
  if (code === 'SPOOL_ERR_NOT_FOUND') return exitCodes.notFound
  if (code === 'SPOOL_ERR_CONFLICT') return exitCodes.conflict
  if (
    code === 'SPOOL_ERR_INVALID_ARGUMENT' ||
    code === 'SPOOL_ERR_INVALID_OPTION' ||
    code === 'SPOOL_ERR_CONFIG' ||
    code === 'SPOOL_ERR_VALIDATION'
  ) {
    return exitCodes.usage
  }
  if (typeof code === 'string' && unavailableCodes.has(code)) return exitCodes.unavailable
  if (isConnectivity(error)) return exitCodes.unavailable
  return exitCodes.failure
}

/** A Kafka client error that means "could not talk to the cluster". */
function isConnectivity(error: unknown): boolean {
  return networkCause(error) !== undefined
}

/** The innermost network error inside a client error (they nest: aggregate of retries of …). */
function networkCause(error: unknown, depth = 0): Error | undefined {
  if (!error || typeof error !== 'object' || depth > 8) return undefined
  const err = error as { code?: unknown; errors?: unknown[]; cause?: unknown }
  for (const inner of Array.isArray(err.errors) ? err.errors : []) {
    const found = networkCause(inner, depth + 1)
    if (found) return found
  }
  const deeper = err.cause === error ? undefined : networkCause(err.cause, depth + 1)
  if (deeper) return deeper
  return typeof err.code === 'string' && networkCodes.has(err.code) ? (error as Error) : undefined
}

/**
 * Rewords a failure to reach Kafka so it names the bootstrap and the network error, instead of
 * the client's outermost "Listing topics failed."; other errors are returned as they are.
 *
 * @example
 * throw explainUnavailable(error, ['127.0.0.1:9092'])
 */
export function explainUnavailable(error: unknown, brokers: readonly string[]): unknown {
  if (error instanceof CliError || exitCodeOf(error) !== exitCodes.unavailable) return error
  const network = networkCause(error)
  const detail = network?.message ?? messageOf(error)
  return new CliError('SPOOL_ERR_UNAVAILABLE', `cannot reach Kafka at ${brokers.join(',')}: ${detail}`, {
    cause: error,
  })
}

/** The one-line message of an error, as printed after `spool: `. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
