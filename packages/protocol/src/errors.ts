/**
 * Errors raised by the codec. Every failure to read or write the wire format is a `ProtocolError`
 * with a stable `code`, so a broker can tell a malformed frame (close the connection) from its own
 * bugs, and a message naming the field that could not be read or written.
 */
import { type ErrorCode, SpoolError } from '@spool/errors'

/** Stable codes carried by {@link ProtocolError}. */
export const ProtocolErrorCodes = {
  /** Malformed, truncated or out-of-range data. */
  PROTOCOL: 'SPOOL_ERR_PROTOCOL',
  /** An API key or version this codec has no schema for. */
  UNSUPPORTED_VERSION: 'SPOOL_ERR_UNSUPPORTED_VERSION',
  /** A record batch whose CRC-32C does not match its contents. */
  CORRUPT_RECORD: 'SPOOL_ERR_CORRUPT_RECORD',
  /** A compression codec that is unknown or failed to (de)compress. */
  COMPRESSION: 'SPOOL_ERR_COMPRESSION',
} as const satisfies Record<string, ErrorCode>

export type ProtocolErrorCode = (typeof ProtocolErrorCodes)[keyof typeof ProtocolErrorCodes]

/**
 * A wire-format error. Never retryable: the same bytes fail the same way.
 *
 * @example
 * try {
 *   new Reader(Buffer.alloc(2)).readInt32('correlationId')
 * } catch (err) {
 *   if (err instanceof ProtocolError) console.log(err.code) // 'SPOOL_ERR_PROTOCOL'
 * }
 */
export class ProtocolError extends SpoolError {
  constructor(message: string, options: { code?: ProtocolErrorCode; cause?: unknown } = {}) {
    super(options.code ?? ProtocolErrorCodes.PROTOCOL, message, { cause: options.cause, retryable: false })
  }
}

/** The error for reading `what` past the end of the input. */
export function truncated(what: string, needed: number, offset: number, length: number): ProtocolError {
  return new ProtocolError(
    `Truncated input reading ${what}: needed ${needed} byte(s) at offset ${offset}, only ${Math.max(0, length - offset)} left`,
  )
}
