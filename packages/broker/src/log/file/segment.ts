/**
 * One segment: a `.log` file of whole batches plus its two indexes. The active (last) segment keeps
 * its file handle and indexes in memory while it takes appends; a sealed segment opens its handle
 * and loads its indexes on first use, and the partition releases them again (LRU), so memory stays
 * bounded by the number of warm segments, never by the size of the log.
 *
 * `size` and `next` only move after a write completed, and reads never look past `size`, so a
 * reader running alongside an append sees whole batches only.
 */
import { type FileHandle, open, readFile, rm, writeFile } from 'node:fs/promises'
import { baseOffsetOf, lastOffsetDeltaOf, maxTimestampOf } from '../batches.ts'
import { LogError, LogErrorCodes } from '../errors.ts'
import { findInBatch, type TimestampHit } from '../timestamps.ts'
import { OffsetIndex, SegmentIndexer, TimeIndex } from './indexes.ts'
import { readAt, walkBatches, writeAllAt } from './io.ts'
import { INDEX_SUFFIX, LOG_SUFFIX, segmentPath, TIME_INDEX_SUFFIX } from './names.ts'

/** Extra bytes read past maxBytes so one read usually covers the walk from the index entry too. */
const SCAN_SLACK = 16 * 1024

/** A read inside the committed bytes: a short one means the file changed under us. */
async function readFully(fh: FileHandle, position: number, length: number, seg: Segment): Promise<Buffer> {
  const buf = await readAt(fh, position, length)
  if (buf.length < length) {
    throw new LogError(
      LogErrorCodes.STORAGE,
      `${seg.path(LOG_SUFFIX)} ends at ${position + buf.length}, expected ${position + length} bytes`,
    )
  }
  return buf
}

export class Segment {
  readonly dir: string
  readonly base: number
  /** Bytes of whole batches in the file. */
  size: number
  /** Offset after the last record stored here (= base when empty). */
  next: number
  /** Largest batch max timestamp, -1 when none. */
  maxTimestamp: number
  /** When the file was last written, ms: retention's clock for batches without timestamps. */
  lastModified: number
  deleted = false
  #fh: FileHandle | undefined
  #opening: Promise<FileHandle> | undefined
  #indexer: SegmentIndexer | undefined
  #loading: Promise<SegmentIndexer> | undefined
  #readers = 0
  #closeWhenIdle = false

  constructor(dir: string, base: number, size: number, next: number, maxTimestamp: number, mtime: number) {
    this.dir = dir
    this.base = base
    this.size = size
    this.next = next
    this.maxTimestamp = maxTimestamp
    this.lastModified = mtime
  }

  path(suffix: string): string {
    return segmentPath(this.dir, this.base, suffix)
  }

  /** Creates the files of a new, empty active segment. */
  static async create(dir: string, base: number): Promise<Segment> {
    const seg = new Segment(dir, base, 0, base, -1, Date.now())
    seg.#fh = await open(seg.path(LOG_SUFFIX), 'w+')
    seg.#indexer = new SegmentIndexer(base)
    return seg
  }

  /** Makes this the active segment, with a handle open for writing and its indexes in memory. */
  activate(fh: FileHandle, indexer: SegmentIndexer): void {
    this.#fh = fh
    this.#indexer = indexer
  }

  get indexer(): SegmentIndexer | undefined {
    return this.#indexer
  }

  /** Appends batches at the end of the file; the caller has already stamped their offsets. */
  async append(batches: Buffer[], bytes: number, indexInterval: number, sync: boolean): Promise<void> {
    const fh = this.#fh!
    try {
      await writeAllAt(fh, batches, bytes, this.size)
      if (sync) await fh.datasync()
    } catch (err) {
      // Leave no partial batch behind that a later append would be written after.
      await fh.truncate(this.size).catch(() => {})
      throw err
    }
    const indexer = this.#indexer!
    let pos = this.size
    let next = this.next
    for (const b of batches) {
      const base = baseOffsetOf(b)
      indexer.add(base, maxTimestampOf(b), pos, b.length, indexInterval)
      pos += b.length
      next = base + lastOffsetDeltaOf(b) + 1
    }
    this.size = pos
    this.next = next
    this.maxTimestamp = indexer.maxTimestamp
    this.lastModified = Date.now()
  }

  /** Writes both indexes out whole (at roll and at close); the last time entry records maxTimestamp. */
  async writeIndexes(sync: boolean): Promise<void> {
    const indexer = this.#indexer
    if (!indexer) return
    indexer.finish()
    await writeFile(this.path(INDEX_SUFFIX), indexer.index.toBuffer(), { flush: sync })
    await writeFile(this.path(TIME_INDEX_SUFFIX), indexer.timeIndex.toBuffer(), { flush: sync })
    if (sync) await this.#fh?.datasync()
  }

  async sync(): Promise<void> {
    await this.#fh?.datasync()
  }

  /** Takes a read reference: the handle stays open until release(), even if the segment is deleted. */
  async acquire(): Promise<FileHandle> {
    this.#readers++
    try {
      if (this.#fh) return this.#fh
      this.#opening ??= open(this.path(LOG_SUFFIX), 'r').finally(() => {
        this.#opening = undefined
      })
      const fh = await this.#opening
      this.#fh ??= fh
      if (this.#fh !== fh) await fh.close()
      return this.#fh
    } catch (err) {
      this.release()
      throw err
    }
  }

  release(): void {
    if (--this.#readers === 0 && this.#closeWhenIdle) this.#closeHandle()
  }

  /** Loads a sealed segment's indexes; a missing or malformed index means scanning from the start. */
  async #indexes(): Promise<SegmentIndexer> {
    if (this.#indexer) return this.#indexer
    this.#loading ??= (async () => {
      const [index, timeIndex] = await Promise.all([
        readFile(this.path(INDEX_SUFFIX)).then(
          (b) => OffsetIndex.fromBuffer(b, this.size),
          () => undefined,
        ),
        readFile(this.path(TIME_INDEX_SUFFIX)).then(TimeIndex.fromBuffer, () => undefined),
      ])
      const indexer = new SegmentIndexer(this.base, index, timeIndex)
      this.#indexer = indexer
      this.#loading = undefined
      return indexer
    })()
    return this.#loading
  }

  /** Drops a sealed segment's handle and indexes (they reload on the next read). */
  releaseResources(): void {
    this.#indexer = undefined
    this.#closeWhenIdle = true
    if (this.#readers === 0) this.#closeHandle()
  }

  #closeHandle(): void {
    const fh = this.#fh
    this.#fh = undefined
    this.#closeWhenIdle = false
    fh?.close().catch(() => {})
  }

  /**
   * Whole batches from the one holding `offset`: at least that batch, then more while the total
   * stays within maxBytes. Undefined when `offset` lies past this segment's data.
   */
  async read(offset: number, maxBytes: number): Promise<Buffer | undefined> {
    const limit = this.size
    const fh = await this.acquire()
    try {
      const indexer = await this.#indexes()
      let pos = indexer.index.lookup(offset - this.base)
      let want = Math.max(maxBytes, 0) + SCAN_SLACK
      while (pos < limit) {
        const buf = await readFully(fh, pos, Math.min(want, limit - pos), this)
        let at = 0
        while (at + 61 <= buf.length) {
          const size = 12 + buf.readInt32BE(at + 8)
          if (size < 61) {
            throw new LogError(
              LogErrorCodes.STORAGE,
              `${this.path(LOG_SUFFIX)}: no batch at byte ${pos + at}`,
            )
          }
          if (baseOffsetOf(buf, at) + lastOffsetDeltaOf(buf, at) >= offset) break
          at += size
        }
        if (at + 61 > buf.length) {
          pos += at // the holding batch starts after this buffer: keep walking
          continue
        }
        const first = 12 + buf.readInt32BE(at + 8)
        if (at + first > buf.length) {
          pos += at // the holding batch is larger than what was read: read it (and more) at once
          want = Math.max(first, maxBytes)
          continue
        }
        let end = at + first
        while (end + 61 <= buf.length) {
          const size = 12 + buf.readInt32BE(end + 8)
          if (end + size > buf.length || end + size - at > maxBytes) break
          end += size
        }
        return buf.subarray(at, end)
      }
      return undefined
    } finally {
      this.release()
    }
  }

  /** First record at or after `target` ms with offset >= minOffset, searched from the time index. */
  async findByTimestamp(target: number, minOffset: number): Promise<TimestampHit | undefined> {
    const limit = this.size
    const fh = await this.acquire()
    try {
      const indexer = await this.#indexes()
      let pos = indexer.index.lookup(indexer.timeIndex.lookup(target))
      while (pos < limit) {
        let found = -1
        let foundSize = 0
        const walk = await walkBatches(
          fh,
          pos,
          limit,
          false,
          (header, position, size) => {
            const last = baseOffsetOf(header) + lastOffsetDeltaOf(header)
            if (maxTimestampOf(header) < target || last < minOffset) return true
            found = position
            foundSize = size
            return false
          },
          64 * 1024,
        )
        if (found < 0) return undefined
        const hit = findInBatch(await readFully(fh, found, foundSize, this), minOffset, target)
        if (hit) return hit
        pos = walk.position + foundSize
      }
      return undefined
    } finally {
      this.release()
    }
  }

  /** Closes the handle (waiting for readers) and removes the files. */
  async delete(): Promise<void> {
    this.deleted = true
    this.releaseResources()
    await Promise.all(
      [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX].map((s) => rm(this.path(s), { force: true })),
    )
  }

  async close(): Promise<void> {
    this.#indexer = undefined
    this.#closeWhenIdle = true
    if (this.#readers === 0) {
      const fh = this.#fh
      this.#fh = undefined
      await fh?.close()
    }
  }
}
