/**
 * The part of an append both stores share: checking that each buffer is one whole v2 batch within
 * maxMessageBytes, then stamping it in place (base offset, leader epoch, LogAppendTime).
 * Offsets are plain numbers inside the stores (exact up to 2^53, far beyond any real log) so the
 * hot path allocates no bigints; the PartitionLog interface converts at its edge.
 */
import {
  BATCH_HEADER_SIZE,
  batchSize,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
} from '@spool/protocol'
import { LogError, LogErrorCodes, RecordTooLargeError } from './errors.ts'
import type { LogConfig } from './types.ts'

const TWO_32 = 4294967296

/** Header fields read without allocating a header object or bigints. */
export const lastOffsetDeltaOf = (b: Buffer, at = 0): number => b.readInt32BE(at + 23)
export const maxTimestampOf = (b: Buffer, at = 0): number => readInt64(b, at + 35)
export const baseOffsetOf = (b: Buffer, at = 0): number => readInt64(b, at)

/** An int64 as a number (exact for |v| < 2^53: offsets and millisecond timestamps). */
export function readInt64(b: Buffer, at: number): number {
  return b.readInt32BE(at) * TWO_32 + b.readUInt32BE(at + 4)
}

/** Throws unless every buffer is one whole magic-2 batch no larger than maxMessageBytes. */
export function checkBatches(batches: readonly Buffer[], maxMessageBytes: number): number {
  let total = 0
  for (const b of batches) {
    if (b.length < BATCH_HEADER_SIZE || b[16] !== 2 || batchSize(b) !== b.length) {
      throw new LogError(
        LogErrorCodes.INVALID_RECORD,
        `append expects whole v2 record batches; got ${b.length} bytes that are not one batch`,
      )
    }
    if (b.length > maxMessageBytes) throw new RecordTooLargeError(b.length, maxMessageBytes)
    total += b.length
  }
  return total
}

/**
 * Stamps batches in place from `nextOffset` on; returns the offset after the last record.
 * `appendTime` >= 0 turns each batch into LogAppendTime with that time (the CRC is recomputed).
 */
export function stampBatches(
  batches: readonly Buffer[],
  nextOffset: number,
  config: Readonly<LogConfig>,
  appendTime: number,
): number {
  const epoch = config.leaderEpoch ?? 0
  let next = nextOffset
  for (const b of batches) {
    setBaseOffset(b, BigInt(next))
    setPartitionLeaderEpoch(b, epoch)
    if (appendTime >= 0) setLogAppendTime(b, BigInt(appendTime))
    next += lastOffsetDeltaOf(b) + 1
  }
  return next
}
