/**
 * Producer ids and idempotent-producer state of the whole broker.
 *
 * Persistence (file brokers): producer ids are handed out from blocks of 1000 whose end is written
 * before the block is used, so ids are never reused across restarts. The per-partition state is
 * snapshotted to `producers/state.json` every few seconds and at stop; on open, each partition
 * replays the batch headers appended after its snapshot (Kafka's way: snapshot + log tail), so a
 * crash loses nothing the log kept.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { readBatchHeader, splitBatches } from '@spool/protocol'
import type { Logger } from 'pino'
import type { PartitionLog } from '../log/types.ts'
import { JsonFile } from '../util/json-file.ts'
import { type BatchMeta, PartitionProducers } from './state.ts'

const BLOCK = 1000n
/** Kafka's producer.id.expiration.ms: state of a producer idle this long is dropped. */
export const PRODUCER_EXPIRATION_MS = 86_400_000 // 1 day
const RECOVERY_READ_BYTES = 1 << 20 // 1 MiB per read while replaying a log tail

interface IdsFile {
  version: 1
  nextBlock: string
}

interface SnapshotFile {
  version: 1
  partitions: Record<
    string,
    {
      applied: string
      producers: Array<{
        id: string
        epoch: number
        lastSeen: number
        batches: Array<[number, number, string, string]>
      }>
    }
  >
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`

export interface ProducerStateOptions {
  /** Directory for `ids.json` and `state.json`; undefined keeps everything in memory. */
  readonly dir: string | undefined
  readonly logger: Logger
  readonly snapshotIntervalMs: number
  readonly now?: () => number
}

/**
 * @example
 * const producers = new ProducerStateManager({ dir: undefined, logger, snapshotIntervalMs: 5000 })
 * await producers.open()
 * const id = await producers.newProducerId()
 */
export class ProducerStateManager {
  readonly #options: ProducerStateOptions
  readonly #partitions = new Map<string, PartitionProducers>()
  readonly #ids: JsonFile | undefined
  readonly #state: JsonFile | undefined
  #snapshot: SnapshotFile['partitions'] = {}
  #next = 0n
  #blockEnd = 0n
  #allocating: Promise<void> | undefined
  #timer: NodeJS.Timeout | undefined
  #dirty = false

  constructor(options: ProducerStateOptions) {
    this.#options = options
    if (options.dir !== undefined) {
      this.#ids = new JsonFile(join(options.dir, 'ids.json'))
      this.#state = new JsonFile(join(options.dir, 'state.json'))
    }
  }

  async open(): Promise<void> {
    if (this.#options.dir === undefined) {
      this.#blockEnd = BigInt(Number.MAX_SAFE_INTEGER)
      return
    }
    await mkdir(this.#options.dir, { recursive: true })
    const ids = await this.#ids!.read<IdsFile>()
    this.#next = this.#blockEnd = ids === undefined ? 0n : BigInt(ids.nextBlock)
    const snap = await this.#state!.read<SnapshotFile>()
    this.#snapshot = snap?.partitions ?? {}
    this.#timer = setInterval(() => void this.#flush(), this.#options.snapshotIntervalMs)
    this.#timer.unref()
  }

  /** A fresh producer id (InitProducerId). */
  async newProducerId(): Promise<bigint> {
    while (this.#next >= this.#blockEnd) {
      if (this.#allocating === undefined) {
        const end = this.#blockEnd + BLOCK
        this.#allocating = this.#ids!.write({ version: 1, nextBlock: String(end) } satisfies IdsFile)
          .then(() => {
            this.#blockEnd = end
          })
          .finally(() => {
            this.#allocating = undefined
          })
      }
      await this.#allocating
    }
    const id = this.#next
    this.#next += 1n
    return id
  }

  /** The producers of a partition (created empty on first use). */
  of(topic: string, partition: number): PartitionProducers {
    const k = key(topic, partition)
    let p = this.#partitions.get(k)
    if (p === undefined) {
      p = new PartitionProducers()
      this.#partitions.set(k, p)
    }
    return p
  }

  /** Marks state changed so the next snapshot writes it. */
  touched(): void {
    this.#dirty = true
  }

  /**
   * Loads a partition's snapshot and replays the batch headers of the log after it. Call once per
   * partition when its log is opened at start.
   */
  async recover(log: PartitionLog): Promise<void> {
    if (this.#options.dir === undefined) return
    const p = this.of(log.topic, log.partition)
    const snap = this.#snapshot[key(log.topic, log.partition)]
    if (snap !== undefined) {
      p.applied = BigInt(snap.applied)
      for (const e of snap.producers)
        p.entries.set(BigInt(e.id), {
          epoch: e.epoch,
          lastSeen: e.lastSeen,
          batches: e.batches.map(
            ([firstSeq, lastSeq, baseOffset, logAppendTime]): BatchMeta => ({
              firstSeq,
              lastSeq,
              baseOffset: BigInt(baseOffset),
              logAppendTime: BigInt(logAppendTime),
            }),
          ),
        })
    }
    let offset = p.applied
    if (offset < log.logStartOffset) offset = log.logStartOffset
    if (offset > log.logEndOffset) {
      // The log lost its tail (torn write truncated on recovery): the snapshot is ahead of it.
      p.entries.clear()
      offset = log.logStartOffset
    }
    const now = this.#options.now?.() ?? Date.now()
    let replayed = 0
    while (offset < log.logEndOffset) {
      const { records } = await log.read(offset, RECOVERY_READ_BYTES)
      const { batches } = splitBatches(records)
      if (batches.length === 0) break
      for (const b of batches) {
        const h = readBatchHeader(b, 0)
        const next = h.baseOffset + BigInt(h.lastOffsetDelta) + 1n
        if (next <= offset) continue
        p.update(h, h.baseOffset, h.timestampType === 'log-append' ? h.maxTimestamp : -1n, now)
        replayed++
        offset = next
      }
    }
    if (replayed > 0) {
      this.#dirty = true
      this.#options.logger.debug(
        { topic: log.topic, partition: log.partition, replayed },
        'producer state replayed',
      )
    }
  }

  /** Forgets a partition (its topic was deleted). */
  drop(topic: string, partition: number): void {
    this.#partitions.delete(key(topic, partition))
    this.#dirty = true
  }

  /** Drops producers idle longer than the expiration; returns how many. */
  expire(now: number): number {
    let n = 0
    for (const p of this.#partitions.values()) n += p.expire(now - PRODUCER_EXPIRATION_MS)
    if (n > 0) this.#dirty = true
    return n
  }

  async #flush(): Promise<void> {
    if (!this.#dirty || this.#state === undefined) return
    this.#dirty = false
    const partitions: SnapshotFile['partitions'] = {}
    for (const [k, p] of this.#partitions) {
      partitions[k] = {
        applied: String(p.applied),
        producers: [...p.entries].map(([id, e]) => ({
          id: String(id),
          epoch: e.epoch,
          lastSeen: e.lastSeen,
          batches: e.batches.map((b) => [
            b.firstSeq,
            b.lastSeq,
            String(b.baseOffset),
            String(b.logAppendTime),
          ]),
        })),
      }
    }
    try {
      await this.#state.write({ version: 1, partitions } satisfies SnapshotFile)
    } catch (e) {
      this.#dirty = true
      this.#options.logger.warn({ err: e }, 'producer state snapshot failed')
    }
  }

  /** Writes a last snapshot and stops the timer. */
  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer)
    this.#timer = undefined
    await this.#flush()
  }
}
