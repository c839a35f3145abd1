/**
 * Errors raised by partition storage. Each carries a stable `code` from the repository's one table
 * (`@spool/errors`) that the request handlers map to a Kafka error code (OFFSET_OUT_OF_RANGE,
 * MESSAGE_TOO_LARGE, CORRUPT_MESSAGE, NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR).
 */
import { type ErrorCode, SpoolError } from '@spool/errors'

/** Stable codes carried by {@link LogError}. */
export const LogErrorCodes = {
  /** A read or DeleteRecords below logStartOffset or above logEndOffset. */
  OFFSET_OUT_OF_RANGE: 'SPOOL_ERR_OFFSET_OUT_OF_RANGE',
  /** A batch larger than the partition's maxMessageBytes. */
  RECORD_TOO_LARGE: 'SPOOL_ERR_RECORD_TOO_LARGE',
  /** A buffer handed to append is not one whole v2 record batch. */
  INVALID_RECORD: 'SPOOL_ERR_CORRUPT_RECORD',
  /** The log (or its store) was closed or removed. */
  LOG_CLOSED: 'SPOOL_ERR_STATE',
  /** The file system failed (disk full, permissions, I/O error, a file that cannot be read). */
  STORAGE: 'SPOOL_ERR_STORAGE',
  /** A log or store option is wrong; the message names it. */
  CONFIG: 'SPOOL_ERR_INVALID_OPTION',
  /** A topic name or partition given to the store is not one it can hold. */
  INVALID_ARGUMENT: 'SPOOL_ERR_INVALID_ARGUMENT',
} as const satisfies Record<string, ErrorCode>

export type LogErrorCode = (typeof LogErrorCodes)[keyof typeof LogErrorCodes]

/**
 * Base class of every storage error.
 *
 * @example
 * try {
 *   await log.read(offset, 1 << 20)
 * } catch (err) {
 *   if (err instanceof LogError && err.code === LogErrorCodes.OFFSET_OUT_OF_RANGE) resetOffset()
 * }
 */
export class LogError extends SpoolError {
  declare readonly code: LogErrorCode

  constructor(code: LogErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(code, message, options)
  }
}

/**
 * The offset asked for is not stored: below logStartOffset (deleted by retention or DeleteRecords)
 * or above logEndOffset. A consumer resets its position (auto.offset.reset) when it gets this.
 *
 * @example
 * await assert.rejects(log.read(-5n, 100), { code: 'SPOOL_ERR_OFFSET_OUT_OF_RANGE' })
 */
export class OffsetOutOfRangeError extends LogError {
  readonly offset: bigint
  readonly logStartOffset: bigint
  readonly logEndOffset: bigint

  constructor(offset: bigint, logStartOffset: bigint, logEndOffset: bigint) {
    super(
      LogErrorCodes.OFFSET_OUT_OF_RANGE,
      `Offset ${offset} is out of range: the log holds offsets ${logStartOffset} to ${logEndOffset} (end exclusive)`,
    )
    this.offset = offset
    this.logStartOffset = logStartOffset
    this.logEndOffset = logEndOffset
  }
}

/**
 * A batch is larger than maxMessageBytes; nothing of that append was stored.
 *
 * @example
 * await assert.rejects(log.append([huge]), { code: 'SPOOL_ERR_RECORD_TOO_LARGE' })
 */
export class RecordTooLargeError extends LogError {
  constructor(size: number, max: number) {
    super(
      LogErrorCodes.RECORD_TOO_LARGE,
      `Record batch of ${size} bytes exceeds maxMessageBytes (${max}); raise the topic's max.message.bytes or send smaller batches`,
    )
  }
}

/** The error for using a log after close() or remove(). */
export function logClosed(topic: string, partition: number): LogError {
  return new LogError(LogErrorCodes.LOG_CLOSED, `The log of ${topic}-${partition} is closed`)
}

/** Wraps a file-system failure; the broker answers KAFKA_STORAGE_ERROR and the client retries. */
export function storageError(what: string, cause: unknown): LogError {
  const reason = cause instanceof Error ? cause.message : String(cause)
  return new LogError(LogErrorCodes.STORAGE, `${what}: ${reason}`, { cause, retryable: true })
}
