/**
 * ListOffsets by timestamp, inside one batch. Batch headers only give a batch's max timestamp, so the
 * stores find the first batch that can hold the answer and then look at its records (decompressing
 * if needed) for the exact offset, as Kafka does. Only ListOffsets pays for this.
 */
import { decodeRecords } from '@spool/protocol'
import { baseOffsetOf, lastOffsetDeltaOf, maxTimestampOf } from './batches.ts'

/** ListOffsets' special timestamps. */
export const LATEST_TIMESTAMP = -1n
export const EARLIEST_TIMESTAMP = -2n
export const MAX_TIMESTAMP = -3n

export interface TimestampHit {
  offset: bigint
  timestamp: bigint
}

/**
 * The first record of `batch` with offset >= minOffset and timestamp >= target, or undefined.
 * A batch whose records cannot be decoded answers with its first eligible offset.
 */
export function findInBatch(batch: Buffer, minOffset: number, target: number): TimestampHit | undefined {
  const base = baseOffsetOf(batch)
  const last = base + lastOffsetDeltaOf(batch)
  const maxTs = maxTimestampOf(batch)
  if (maxTs < target || last < minOffset) return undefined
  try {
    for (const r of decodeRecords(batch).records) {
      if (r.offset >= BigInt(minOffset) && r.timestamp >= BigInt(target)) {
        return { offset: r.offset, timestamp: r.timestamp }
      }
    }
    return undefined
  } catch {
    return { offset: BigInt(Math.max(base, minOffset)), timestamp: BigInt(maxTs) }
  }
}
