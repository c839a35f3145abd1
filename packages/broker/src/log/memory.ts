/**
 * The memory log store: partitions held as arrays of batches. For tests and ephemeral brokers; it
 * keeps the file store's contract (same offsets, same read and retention rules, batch granularity
 * instead of segment granularity), so a test against it tells the truth about the file store.
 */
import { checkBatches, lastOffsetDeltaOf, maxTimestampOf, stampBatches } from './batches.ts'
import { resolveLogConfig } from './config.ts'
import { logClosed, OffsetOutOfRangeError } from './errors.ts'
import {
  EARLIEST_TIMESTAMP,
  findInBatch,
  LATEST_TIMESTAMP,
  MAX_TIMESTAMP,
  type TimestampHit,
} from './timestamps.ts'
import type { AppendResult, LogConfig, LogStore, PartitionLog, ReadResult } from './types.ts'

const EMPTY: Buffer = Buffer.alloc(0)

interface StoredBatch {
  readonly base: number
  readonly last: number
  readonly maxTimestamp: number
  readonly data: Buffer
}

/** A partition's data; it outlives the PartitionLog handles opened on it, like files do. */
interface PartitionState {
  batches: StoredBatch[]
  /** Index of the first live batch: dropping from the front is O(1) until compaction. */
  head: number
  start: number
  end: number
  size: number
}

class MemoryPartitionLog implements PartitionLog {
  readonly topic: string
  readonly partition: number
  #state: PartitionState
  #config: Readonly<Required<LogConfig>>
  #closed = false
  readonly #onClose: () => void

  constructor(
    topic: string,
    partition: number,
    state: PartitionState,
    config: LogConfig,
    onClose: () => void,
  ) {
    this.topic = topic
    this.partition = partition
    this.#state = state
    this.#config = resolveLogConfig(config)
    this.#onClose = onClose
  }

  get logStartOffset(): bigint {
    return BigInt(this.#state.start)
  }

  get logEndOffset(): bigint {
    return BigInt(this.#state.end)
  }

  get size(): number {
    return this.#state.size
  }

  async append(batches: Buffer[]): Promise<AppendResult> {
    if (this.#closed) throw logClosed(this.topic, this.partition)
    checkBatches(batches, this.#config.maxMessageBytes)
    const s = this.#state
    const appendTime = this.#config.timestampType === 'LogAppendTime' ? Date.now() : -1
    const baseOffset = s.end
    stampBatches(batches, baseOffset, this.#config, appendTime)
    for (const b of batches) {
      // A copy, so the stored batch does not pin the whole request frame it was a view of.
      const data = Buffer.from(b)
      const base = s.end
      const last = base + lastOffsetDeltaOf(data)
      s.batches.push({ base, last, maxTimestamp: maxTimestampOf(data), data })
      s.end = last + 1
      s.size += data.length
    }
    return {
      baseOffset: BigInt(baseOffset),
      logAppendTime: BigInt(appendTime),
      logStartOffset: BigInt(s.start),
    }
  }

  async read(offset: bigint, maxBytes: number): Promise<ReadResult> {
    if (this.#closed) throw logClosed(this.topic, this.partition)
    const s = this.#state
    const at = Number(offset)
    if (at < s.start || at > s.end) throw new OffsetOutOfRangeError(offset, BigInt(s.start), BigInt(s.end))
    const result = { records: EMPTY, highWatermark: BigInt(s.end), logStartOffset: BigInt(s.start) }
    if (at === s.end) return result
    let i = this.#find(at)
    const chunks = [s.batches[i]!.data]
    let total = chunks[0]!.length
    for (i++; i < s.batches.length; i++) {
      const next = s.batches[i]!.data
      if (total + next.length > maxBytes) break
      chunks.push(next)
      total += next.length
    }
    result.records = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)
    return result
  }

  /** Index of the batch containing `offset` (which must be stored). */
  #find(offset: number): number {
    const { batches, head } = this.#state
    let lo = head
    let hi = batches.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (batches[mid]!.base <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  async offsetForTimestamp(timestamp: bigint): Promise<TimestampHit | undefined> {
    if (this.#closed) throw logClosed(this.topic, this.partition)
    const s = this.#state
    if (timestamp === LATEST_TIMESTAMP) return { offset: BigInt(s.end), timestamp: -1n }
    if (timestamp === EARLIEST_TIMESTAMP) return { offset: BigInt(s.start), timestamp: -1n }
    if (timestamp === MAX_TIMESTAMP) {
      let best: StoredBatch | undefined
      for (let i = s.head; i < s.batches.length; i++) {
        const b = s.batches[i]!
        if (best === undefined || b.maxTimestamp > best.maxTimestamp) best = b
      }
      return best && findInBatch(best.data, s.start, best.maxTimestamp)
    }
    const target = Number(timestamp)
    for (let i = s.head; i < s.batches.length; i++) {
      const b = s.batches[i]!
      if (b.maxTimestamp < target) continue
      const hit = findInBatch(b.data, s.start, target)
      if (hit) return hit
    }
    return undefined
  }

  async deleteRecordsBefore(offset: bigint): Promise<bigint> {
    if (this.#closed) throw logClosed(this.topic, this.partition)
    const s = this.#state
    const to = offset === -1n ? s.end : Number(offset)
    if (to < 0 || to > s.end) throw new OffsetOutOfRangeError(offset, BigInt(s.start), BigInt(s.end))
    if (to > s.start) {
      s.start = to
      this.#dropWhile((b) => b.last < to, false)
    }
    return BigInt(s.start)
  }

  async enforceRetention(now: number): Promise<number> {
    if (this.#closed) throw logClosed(this.topic, this.partition)
    const { retentionMs, retentionBytes } = this.#config
    let freed = 0
    if (retentionMs >= 0) {
      // Like the file store rolling an expired active segment: every expired batch may go.
      freed += this.#dropWhile((b) => b.maxTimestamp < now - retentionMs, false)
    }
    if (retentionBytes >= 0) {
      // Kafka's rule: drop the oldest unit while what remains is still at least retentionBytes;
      // the newest batch stands for the active segment and stays.
      freed += this.#dropWhile((b) => this.#state.size - b.data.length >= retentionBytes, true)
    }
    return freed
  }

  /** Drops batches from the front while `test` holds; moves logStartOffset past them. */
  #dropWhile(test: (b: StoredBatch) => boolean, keepLast: boolean): number {
    const s = this.#state
    let freed = 0
    const stop = keepLast ? s.batches.length - 1 : s.batches.length
    while (s.head < stop && test(s.batches[s.head]!)) {
      const b = s.batches[s.head]!
      s.batches[s.head++] = undefined as unknown as StoredBatch
      s.size -= b.data.length
      freed += b.data.length
      if (s.start <= b.last) s.start = b.last + 1
    }
    if (s.head > 1024 && s.head * 2 > s.batches.length) {
      s.batches = s.batches.slice(s.head)
      s.head = 0
    }
    return freed
  }

  updateConfig(config: Partial<LogConfig>): void {
    this.#config = resolveLogConfig(config, this.#config)
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    this.#onClose()
  }
}

const keyOf = (topic: string, partition: number): string => `${topic}\u0000${partition}`

/**
 * A LogStore that keeps everything in memory. Data lives until remove() even across close(), so a
 * test can close and reopen a partition; nothing survives the process.
 *
 * @example
 * const store = memoryLogStore()
 * const log = await store.open('orders', 0, defaultLogConfig)
 * const { baseOffset } = await log.append([encodeBatch({ records: [{ value: 'hi' }] })])
 */
export function memoryLogStore(): LogStore {
  const states = new Map<string, { topic: string; partition: number; state: PartitionState }>()
  const open = new Map<string, MemoryPartitionLog>()

  return {
    async open(topic, partition, config) {
      const key = keyOf(topic, partition)
      const existing = open.get(key)
      if (existing) {
        existing.updateConfig(config)
        return existing
      }
      let entry = states.get(key)
      if (!entry) {
        entry = { topic, partition, state: { batches: [], head: 0, start: 0, end: 0, size: 0 } }
        states.set(key, entry)
      }
      const log = new MemoryPartitionLog(topic, partition, entry.state, config, () => {
        if (open.get(key) === log) open.delete(key)
      })
      open.set(key, log)
      return log
    },
    async remove(topic, partition) {
      const key = keyOf(topic, partition)
      await open.get(key)?.close()
      states.delete(key)
    },
    async existing() {
      return [...states.values()].map(({ topic, partition }) => ({ topic, partition }))
    },
    async close() {
      await Promise.all([...open.values()].map((log) => log.close()))
    },
  }
}
