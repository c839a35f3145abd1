/**
 * Idempotent-producer state, per partition: for each producer id its epoch and the metadata of its
 * last five batches (Kafka keeps five, the most a producer may have in flight). It decides, before an
 * append, whether a batch is new, a retried duplicate (answered with the offset it got the first
 * time, not written again), out of order, or from a fenced epoch.
 *
 * Sequence rules are Kafka's (ProducerAppendInfo): a producer unknown on a partition may start at
 * any sequence; a new epoch must start at 0; within an epoch each batch's first sequence follows the
 * previous batch's last (wrapping at 2^31-1).
 */
import { type BatchHeader, ErrorCodes } from '@spool/protocol'

/** How many batches per producer are remembered for duplicate detection. */
export const MAX_CACHED_BATCHES = 5

const INT32_MAX = 2_147_483_647

export interface BatchMeta {
  readonly firstSeq: number
  readonly lastSeq: number
  readonly baseOffset: bigint
  readonly logAppendTime: bigint
}

export interface ProducerEntry {
  epoch: number
  batches: BatchMeta[]
  /** Broker time of the last append, ms (for expiration). */
  lastSeen: number
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: bigint; readonly logAppendTime: bigint }
  | { readonly kind: 'error'; readonly errorCode: number; readonly message: string }

const APPEND: SequenceCheck = Object.freeze({ kind: 'append' })

/** The sequence of a batch's last record. */
export function lastSequence(baseSequence: number, lastOffsetDelta: number): number {
  return baseSequence > INT32_MAX - lastOffsetDelta
    ? lastOffsetDelta - (INT32_MAX - baseSequence) - 1
    : baseSequence + lastOffsetDelta
}

const inSequence = (last: number, next: number) => next === last + 1 || (next === 0 && last === INT32_MAX)

type Header = Pick<BatchHeader, 'producerId' | 'producerEpoch' | 'baseSequence' | 'lastOffsetDelta'>

/** The producers of one partition. */
export class PartitionProducers {
  readonly entries = new Map<bigint, ProducerEntry>()
  /** Offset after the last batch applied here: recovery resumes from it. */
  applied = 0n

  /** What to do with a batch about to be appended. */
  check(h: Header): SequenceCheck {
    if (h.producerId < 0n) return APPEND
    const entry = this.entries.get(h.producerId)
    if (entry === undefined) return APPEND
    const last = lastSequence(h.baseSequence, h.lastOffsetDelta)
    if (h.producerEpoch === entry.epoch) {
      const dup = entry.batches.find((b) => b.firstSeq === h.baseSequence && b.lastSeq === last)
      if (dup !== undefined)
        return { kind: 'duplicate', baseOffset: dup.baseOffset, logAppendTime: dup.logAppendTime }
    }
    if (h.producerEpoch < entry.epoch)
      return {
        kind: 'error',
        errorCode: ErrorCodes.INVALID_PRODUCER_EPOCH,
        message: `Epoch of producer ${h.producerId} is ${h.producerEpoch}, which is smaller than the last seen epoch ${entry.epoch}`,
      }
    if (h.producerEpoch > entry.epoch) {
      if (h.baseSequence === 0) return APPEND
      return {
        kind: 'error',
        errorCode: ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `Invalid sequence number for new epoch of producer ${h.producerId}: ${h.producerEpoch} (request epoch), ${h.baseSequence} (seq. number), ${entry.epoch} (current producer epoch)`,
      }
    }
    const prev = entry.batches.at(-1)
    if (prev === undefined || inSequence(prev.lastSeq, h.baseSequence)) return APPEND
    return {
      kind: 'error',
      errorCode: ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER,
      message: `Out of order sequence number for producer ${h.producerId} at offset ${this.applied}: ${h.baseSequence} (incoming seq. number), ${prev.lastSeq} (current end sequence number)`,
    }
  }

  /** Records an appended batch (every batch, so that `applied` follows the log end). */
  update(h: Header, baseOffset: bigint, logAppendTime: bigint, now: number): void {
    this.applied = baseOffset + BigInt(h.lastOffsetDelta) + 1n
    if (h.producerId < 0n) return
    let entry = this.entries.get(h.producerId)
    if (entry === undefined || entry.epoch !== h.producerEpoch) {
      entry = { epoch: h.producerEpoch, batches: [], lastSeen: now }
      this.entries.set(h.producerId, entry)
    }
    entry.lastSeen = now
    entry.batches.push({
      firstSeq: h.baseSequence,
      lastSeq: lastSequence(h.baseSequence, h.lastOffsetDelta),
      baseOffset,
      logAppendTime,
    })
    if (entry.batches.length > MAX_CACHED_BATCHES) entry.batches.shift()
  }

  /** Forgets producers idle since before `before` (ms); returns how many. */
  expire(before: number): number {
    let n = 0
    for (const [id, e] of this.entries)
      if (e.lastSeen < before) {
        this.entries.delete(id)
        n++
      }
    return n
  }
}
