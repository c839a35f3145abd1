/**
 * JobQuest's errors: a stable `code`, whether trying again can help, and the cause.
 */

export const jobQuestErrorCodes = {
  /** An option or environment variable has a wrong value. */
  CONFIG: 'JOBQUEST_ERR_CONFIG',
  /** An event names no user: every JobQuest event is about one (BaseEvent.userId). */
  NO_USER: 'JOBQUEST_ERR_NO_USER',
  /** An event type that is not in the catalog. */
  UNKNOWN_EVENT: 'JOBQUEST_ERR_UNKNOWN_EVENT',
} as const

export type JobQuestErrorCode = (typeof jobQuestErrorCodes)[keyof typeof jobQuestErrorCodes]

/**
 * Base of JobQuest's errors. Not retryable by default: a consumer that throws one sends the event
 * straight to the dead letters instead of retrying what cannot succeed.
 *
 * @example
 * throw new JobQuestError('JOBQUEST_ERR_NO_USER', 'mission.completed 42 names no user')
 */
export class JobQuestError extends Error {
  readonly code: JobQuestErrorCode
  readonly retryable: boolean

  constructor(
    code: JobQuestErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'JobQuestError'
    this.code = code
    this.retryable = options.retryable ?? false
  }
}

/** An option with a wrong value, naming it. */
export class JobQuestConfigError extends JobQuestError {
  readonly property: string

  constructor(property: string, problem: string) {
    super(jobQuestErrorCodes.CONFIG, `JobQuest option ${property} ${problem}`)
    this.name = 'JobQuestConfigError'
    this.property = property
  }
}
