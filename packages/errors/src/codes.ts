/**
 * Every `SPOOL_ERR_*` code any Spool package raises: what it means, what to do about it, and
 * whether retrying the same call can succeed. The README's error table is generated from this
 * one (`node scripts/errors-table.ts`), and a test checks that every code thrown anywhere is here.
 */

export interface ErrorCodeInfo {
  /** What happened. */
  readonly meaning: string
  /** What the user should do. */
  readonly action: string
  /** Whether retrying the same operation, unchanged, can succeed. */
  readonly retryable: boolean
}

export const errorCodes = {
  SPOOL_ERR_INVALID_OPTION: {
    meaning: 'An option or environment variable is missing, unknown or has a wrong value.',
    action: 'Fix the option the message names (a near-miss key comes with a suggestion).',
    retryable: false,
  },
  SPOOL_ERR_UNSUPPORTED: {
    meaning:
      'The request or environment asks for something this version of Spool does not support (an older Node.js, an API or option it lacks).',
    action: 'Read the message: it names what is unsupported and what is (for Node.js: 22.12 or newer).',
    retryable: false,
  },
} as const satisfies Record<`SPOOL_ERR_${string}`, ErrorCodeInfo>

export type ErrorCode = keyof typeof errorCodes

/** Whether a string is a code in the table. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value)
}
