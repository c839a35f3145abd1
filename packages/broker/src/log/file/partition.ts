/**
 * The file-backed PartitionLog. Mutations (appends, rolls, retention, DeleteRecords, close) run one
 * at a time on a per-partition queue; reads run alongside them.
 *
 * Appends are group-committed: every append that arrives while a write is in flight joins the next
 * write, so N concurrent appends cost one positional writev, not N. A write resolves its appends
 * once the kernel has the bytes (they survive SIGKILL); with flushIntervalMs = 0 also after fsync.
 * One append never straddles two segments (the roll happens before it, as in Kafka).
 */

import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { checkBatches, stampBatches } from '../batches.ts'
import { resolveLogConfig } from '../config.ts'
import { LogError, logClosed, OffsetOutOfRangeError, storageError } from '../errors.ts'
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, MAX_TIMESTAMP, type TimestampHit } from '../timestamps.ts'
import type { AppendResult, LogConfig as Config, PartitionLog, ReadResult } from '../types.ts'
import { writeLogStartOffset } from './checkpoint.ts'
import { CLEAN_SHUTDOWN_FILE } from './names.ts'
import { type RecoveryLogger, recoverPartition } from './recover.ts'
import { Segment } from './segment.ts'

const EMPTY: Buffer = Buffer.alloc(0)

export interface PartitionOptions {
  /** -1: never fsync; 0: fsync before an append resolves; > 0: the store syncs on a timer. */
  flushIntervalMs: number
  /** Sealed segments per partition whose handle and indexes stay open between reads. */
  cachedSegments: number
  /** Upper bound of one read's buffer, whatever maxBytes asks (one larger batch still comes whole). */
  maxReadBytes: number
  logger: RecoveryLogger
}

interface PendingAppend {
  batches: Buffer[]
  bytes: number
  base: number
  resolve(result: AppendResult): void
  reject(err: unknown): void
}

export class FilePartitionLog implements PartitionLog {
  readonly topic: string
  readonly partition: number
  readonly dir: string
  #config: Readonly<Required<Config>>
  readonly #options: PartitionOptions
  #segments: Segment[]
  #active: Segment
  #start: number
  #end: number
  #size: number
  #pending: PendingAppend[] = []
  #writeQueued = false
  #queue: Promise<unknown> = Promise.resolve()
  #closed = false
  #dirty = false
  /** Sealed segments holding a handle and indexes, least recently read first. */
  #warm: Segment[] = []
  readonly #onClose: () => void

  private constructor(
    topic: string,
    partition: number,
    dir: string,
    config: Readonly<Required<Config>>,
    options: PartitionOptions,
    recovered: { segments: Segment[]; logStartOffset: number },
    onClose: () => void,
  ) {
    this.topic = topic
    this.partition = partition
    this.dir = dir
    this.#config = config
    this.#options = options
    this.#segments = recovered.segments
    this.#active = recovered.segments.at(-1)!
    this.#start = recovered.logStartOffset
    this.#end = this.#active.next
    this.#size = recovered.segments.reduce((n, s) => n + s.size, 0)
    this.#onClose = onClose
  }

  /** Opens (recovering if needed) the partition stored in `dir`. */
  static async open(
    topic: string,
    partition: number,
    dir: string,
    config: Partial<Config>,
    options: PartitionOptions,
    onClose: () => void,
  ): Promise<FilePartitionLog> {
    const resolved = resolveLogConfig(config)
    const recovered = await recoverPartition(dir, resolved.indexIntervalBytes, options.logger)
    return new FilePartitionLog(topic, partition, dir, resolved, options, recovered, onClose)
  }

  get logStartOffset(): bigint {
    return BigInt(this.#start)
  }

  get logEndOffset(): bigint {
    return BigInt(this.#end)
  }

  get size(): number {
    return this.#size
  }

  /** Number of segments (tests and metrics). */
  get segmentCount(): number {
    return this.#segments.length
  }

  append(batches: Buffer[]): Promise<AppendResult> {
    if (this.#closed) return Promise.reject(logClosed(this.topic, this.partition))
    let bytes: number
    try {
      bytes = checkBatches(batches, this.#config.maxMessageBytes)
    } catch (err) {
      return Promise.reject(err)
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ batches, bytes, base: 0, resolve, reject })
      if (!this.#writeQueued) {
        this.#writeQueued = true
        this.#enqueue(() => this.#writePending())
      }
    })
  }

  #enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(op)
    this.#queue = run.catch(() => {})
    return run
  }

  async #writePending(): Promise<void> {
    this.#writeQueued = false
    const group = this.#pending
    this.#pending = []
    const config = this.#config
    const appendTime = config.timestampType === 'LogAppendTime' ? Date.now() : -1
    let next = this.#end
    for (const p of group) {
      p.base = next
      next = stampBatches(p.batches, next, config, appendTime)
    }
    let i = 0
    try {
      while (i < group.length) {
        let seg = this.#active
        let runBytes = 0
        let j = i
        while (j < group.length) {
          const bytes = group[j]!.bytes
          if (bytes > 0 && seg.size + runBytes + bytes > config.segmentBytes && seg.size + runBytes > 0) {
            if (j > i) break
            seg = await this.#roll()
            continue
          }
          runBytes += bytes
          j++
        }
        const buffers = j - i === 1 ? group[i]!.batches : group.slice(i, j).flatMap((p) => p.batches)
        await seg.append(buffers, runBytes, config.indexIntervalBytes, this.#options.flushIntervalMs === 0)
        this.#end = seg.next
        this.#size += runBytes
        this.#dirty = true
        const logAppendTime = BigInt(appendTime)
        const logStartOffset = BigInt(this.#start)
        for (; i < j; i++) {
          const p = group[i]!
          p.resolve({ baseOffset: BigInt(p.base), logAppendTime, logStartOffset })
        }
      }
    } catch (err) {
      const failure =
        err instanceof LogError ? err : storageError(`Append to ${this.topic}-${this.partition}`, err)
      for (; i < group.length; i++) group[i]!.reject(failure)
    }
  }

  /** Seals the active segment (its indexes written) and starts a new one at the log end. */
  async #roll(): Promise<Segment> {
    const old = this.#active
    await old.writeIndexes(this.#options.flushIntervalMs >= 0)
    const seg = await Segment.create(this.dir, this.#end)
    this.#segments.push(seg)
    this.#active = seg
    this.#warmUp(old)
    return seg
  }

  #warmUp(seg: Segment): void {
    const warm = this.#warm
    if (warm.at(-1) === seg) return
    const at = warm.indexOf(seg)
    if (at >= 0) warm.splice(at, 1)
    warm.push(seg)
    if (warm.length > this.#options.cachedSegments) warm.shift()!.releaseResources()
  }

  /** Index in #segments of the segment holding `offset` (the last one whose base is <= offset). */
  #segmentFor(offset: number): number {
    const segs = this.#segments
    let lo = 0
    let hi = segs.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (segs[mid]!.base <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  #outOfRange(offset: number | bigint): OffsetOutOfRangeError {
    return new OffsetOutOfRangeError(BigInt(offset), BigInt(this.#start), BigInt(this.#end))
  }

  async read(offset: bigint, maxBytes: number): Promise<ReadResult> {
    if (this.#closed) throw logClosed(this.topic, this.partition)
    let at = Number(offset)
    if (at < this.#start || at > this.#end) throw this.#outOfRange(offset)
    let records = EMPTY
    while (at < this.#end) {
      const seg = this.#segments[this.#segmentFor(at)]!
      if (seg.base > at) throw this.#outOfRange(offset)
      let data: Buffer | undefined
      try {
        data = await seg.read(at, Math.min(maxBytes, this.#options.maxReadBytes))
      } catch (err) {
        if (seg.deleted) throw this.#outOfRange(offset)
        throw storageError(`Read of ${this.topic}-${this.partition} at ${offset}`, err)
      }
      if (seg !== this.#active && !seg.deleted) this.#warmUp(seg)
      if (data) {
        records = data
        break
      }
      // `at` fell in a gap after this segment's data (a tail cut by recovery): go on to the next.
      if (seg.next <= at) break
      at = seg.next
    }
    // The high watermark is taken after the read, so it covers every batch returned.
    return { records, highWatermark: BigInt(this.#end), logStartOffset: BigInt(this.#start) }
  }

  async offsetForTimestamp(timestamp: bigint): Promise<TimestampHit | undefined> {
    if (this.#closed) throw logClosed(this.topic, this.partition)
    if (timestamp === LATEST_TIMESTAMP) return { offset: BigInt(this.#end), timestamp: -1n }
    if (timestamp === EARLIEST_TIMESTAMP) return { offset: BigInt(this.#start), timestamp: -1n }
    const live = this.#segments.filter((s) => s.next > this.#start && s.size > 0)
    if (timestamp === MAX_TIMESTAMP) {
      let best: Segment | undefined
      for (const s of live) if (s.maxTimestamp >= 0 && (!best || s.maxTimestamp > best.maxTimestamp)) best = s
      return best && (await this.#search(best, best.maxTimestamp))
    }
    const target = Number(timestamp)
    for (const seg of live) {
      if (seg.maxTimestamp < target) continue
      const hit = await this.#search(seg, target)
      if (hit) return hit
    }
    return undefined
  }

  async #search(seg: Segment, target: number): Promise<TimestampHit | undefined> {
    try {
      return await seg.findByTimestamp(target, this.#start)
    } catch (err) {
      if (seg.deleted) return undefined
      throw storageError(`Timestamp search in ${this.topic}-${this.partition}`, err)
    }
  }

  deleteRecordsBefore(offset: bigint): Promise<bigint> {
    if (this.#closed) return Promise.reject(logClosed(this.topic, this.partition))
    return this.#enqueue(async () => {
      const to = offset === -1n ? this.#end : Number(offset)
      if (to < 0 || to > this.#end) throw this.#outOfRange(offset)
      if (to <= this.#start) return BigInt(this.#start)
      await writeLogStartOffset(this.dir, to, this.#options.flushIntervalMs >= 0)
      this.#start = to
      let doomed = 0
      while (doomed < this.#segments.length - 1 && this.#segments[doomed]!.next <= to) doomed++
      await this.#deleteOldest(doomed)
      return BigInt(this.#start)
    })
  }

  enforceRetention(now: number): Promise<number> {
    if (this.#closed) return Promise.reject(logClosed(this.topic, this.partition))
    return this.#enqueue(async () => {
      const { retentionMs, retentionBytes } = this.#config
      let freed = 0
      if (retentionMs >= 0) {
        const horizon = now - retentionMs
        const segs = this.#segments
        let expired = 0
        while (expired < segs.length) {
          const s = segs[expired]!
          if ((s.maxTimestamp >= 0 ? s.maxTimestamp : s.lastModified) >= horizon) break
          expired++
        }
        // Everything expired: roll, so the old active segment can go like any sealed one.
        if (expired === segs.length && this.#active.size > 0) await this.#roll()
        freed += await this.#deleteOldest(Math.min(expired, this.#segments.length - 1))
      }
      if (retentionBytes >= 0) {
        let excess = this.#size - retentionBytes
        let doomed = 0
        while (doomed < this.#segments.length - 1 && excess - this.#segments[doomed]!.size >= 0) {
          excess -= this.#segments[doomed++]!.size
        }
        freed += await this.#deleteOldest(doomed)
      }
      return freed
    })
  }

  /** Deletes the `count` oldest segments (never the active one); logStartOffset moves past them. */
  async #deleteOldest(count: number): Promise<number> {
    if (count <= 0) return 0
    const doomed = this.#segments.splice(0, count)
    this.#start = Math.max(this.#start, this.#segments[0]!.base)
    let freed = 0
    for (const seg of doomed) {
      freed += seg.size
      this.#size -= seg.size
      const w = this.#warm.indexOf(seg)
      if (w >= 0) this.#warm.splice(w, 1)
    }
    try {
      await Promise.all(doomed.map((s) => s.delete()))
    } catch (err) {
      throw storageError(`Deleting old segments of ${this.topic}-${this.partition}`, err)
    }
    return freed
  }

  updateConfig(config: Partial<Config>): void {
    this.#config = resolveLogConfig(config, this.#config)
  }

  /** fsyncs what was appended since the last flush (the store's flushIntervalMs timer calls it). */
  flush(): Promise<void> {
    return this.#enqueue(async () => {
      if (!this.#dirty || this.#closed) return
      this.#dirty = false
      await this.#active.sync()
    })
  }

  /**
   * Waits for accepted appends, writes the active segment's indexes and marks the folder as closed
   * cleanly (so the next open trusts the indexes instead of rescanning).
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#enqueue(async () => {
      try {
        const sync = this.#options.flushIntervalMs >= 0
        await this.#active.writeIndexes(sync)
        await Promise.all(this.#segments.map((s) => s.close()))
        await writeFile(join(this.dir, CLEAN_SHUTDOWN_FILE), '', { flush: sync })
      } finally {
        this.#onClose()
      }
    })
  }

  /** Closes without writing anything (the folder is about to be deleted). */
  async discard(): Promise<void> {
    this.#closed = true
    await this.#enqueue(async () => {
      await Promise.all(this.#segments.map((s) => s.close()))
      this.#onClose()
    })
  }
}
