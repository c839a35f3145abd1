/**
 * Opening a partition folder: finds its segments, checks their indexes, and recovers the tail.
 *
 * Sealed segments are trusted when their index files look sound (sizes, last entries): a segment is
 * sealed only after its indexes were written, so only the last segment can hold a torn write.
 * The last segment is scanned again unless the log was closed cleanly: every batch's length, magic,
 * offsets and CRC-32C are checked, the file is cut before the first bad or torn batch, and its
 * indexes are rebuilt. Any segment whose indexes are unusable is recovered the same way.
 */
import { type FileHandle, mkdir, open, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32c } from '@spool/protocol'
import { baseOffsetOf, lastOffsetDeltaOf, maxTimestampOf } from '../batches.ts'
import { readLogStartOffset } from './checkpoint.ts'
import { OffsetIndex, SegmentIndexer, TimeIndex } from './indexes.ts'
import { readAt, walkBatches } from './io.ts'
import {
  CLEAN_SHUTDOWN_FILE,
  INDEX_SUFFIX,
  LOG_SUFFIX,
  parseSegmentFile,
  segmentPath,
  TIME_INDEX_SUFFIX,
} from './names.ts'
import { Segment } from './segment.ts'

export interface RecoveredPartition {
  segments: Segment[]
  logStartOffset: number
  /** Bytes cut from torn or corrupt tails. */
  truncatedBytes: number
}

interface ScanOutcome {
  indexer: SegmentIndexer
  validBytes: number
  next: number
}

/**
 * Walks a segment from `from`, feeding the indexer; with `verify`, stops at the first batch whose
 * CRC or offsets are wrong. Everything before `validBytes` is whole and sound.
 */
async function scan(
  fh: FileHandle,
  base: number,
  from: number,
  end: number,
  indexer: SegmentIndexer,
  next: number,
  interval: number,
  verify: boolean,
): Promise<ScanOutcome> {
  let expected = next
  const walk = await walkBatches(fh, from, end, verify, (b, position, size) => {
    const batchBase = baseOffsetOf(b)
    const delta = lastOffsetDeltaOf(b)
    if (verify && (batchBase < expected || delta < 0 || crc32c(b, 21, size) !== b.readUInt32BE(17))) {
      return false
    }
    indexer.add(batchBase, maxTimestampOf(b), position, size, interval)
    expected = batchBase + delta + 1
    return true
  })
  return { indexer, validBytes: walk.position, next: Math.max(expected, base) }
}

async function readIndexes(base: number, dir: string, logSize: number) {
  try {
    const [offsetBuf, timeBuf] = await Promise.all([
      readWhole(segmentPath(dir, base, INDEX_SUFFIX)),
      readWhole(segmentPath(dir, base, TIME_INDEX_SUFFIX)),
    ])
    const index = OffsetIndex.fromBuffer(offsetBuf, logSize)
    const timeIndex = TimeIndex.fromBuffer(timeBuf)
    return index && timeIndex ? new SegmentIndexer(base, index, timeIndex) : undefined
  } catch {
    return undefined
  }
}

async function readWhole(path: string): Promise<Buffer> {
  const fh = await open(path, 'r')
  try {
    return await readAt(fh, 0, (await fh.stat()).size)
  } finally {
    await fh.close()
  }
}

/** Cheap soundness check of a sealed segment's indexes without loading them: sizes and last entries. */
async function sealedMaxTimestamp(dir: string, base: number, logSize: number): Promise<number | undefined> {
  let index: FileHandle | undefined
  let time: FileHandle | undefined
  try {
    index = await open(segmentPath(dir, base, INDEX_SUFFIX), 'r')
    time = await open(segmentPath(dir, base, TIME_INDEX_SUFFIX), 'r')
    const [indexSize, timeSize] = [(await index.stat()).size, (await time.stat()).size]
    if (indexSize % 8 !== 0 || timeSize % 12 !== 0) return undefined
    if (indexSize > 0 && (await readAt(index, indexSize - 4, 4)).readInt32BE(0) >= logSize) return undefined
    if (timeSize === 0) return -1
    return Number((await readAt(time, timeSize - 12, 8)).readBigInt64BE(0))
  } catch {
    return undefined
  } finally {
    await index?.close()
    await time?.close()
  }
}

/** Where recovery reports what it cut (pino-compatible; the store defaults to process warnings). */
export interface RecoveryLogger {
  warn(details: { file: string; position: number; bytes: number }, message: string): void
}

/** Recovers a segment from its bytes alone: verify, cut the bad tail, rebuild the indexes. */
async function rebuild(
  fh: FileHandle,
  base: number,
  size: number,
  interval: number,
  file: string,
  logger: RecoveryLogger,
) {
  const outcome = await scan(fh, base, 0, size, new SegmentIndexer(base), base, interval, true)
  if (outcome.validBytes < size) {
    const bytes = size - outcome.validBytes
    logger.warn(
      { file, position: outcome.validBytes, bytes },
      `Log recovery cut ${bytes} bytes of torn or corrupt batches at byte ${outcome.validBytes} of ${file}`,
    )
    await fh.truncate(outcome.validBytes)
  }
  return outcome
}

/**
 * Opens the partition folder `dir` (creating it), returning its segments with the last one active.
 *
 * @example
 * const { segments, logStartOffset } = await recoverPartition('/data/orders-0', 4096, pinoLogger)
 */
export async function recoverPartition(
  dir: string,
  interval: number,
  logger: RecoveryLogger,
): Promise<RecoveredPartition> {
  await mkdir(dir, { recursive: true })
  const names = await readdir(dir)
  const clean = names.includes(CLEAN_SHUTDOWN_FILE)
  const checkpoint = await readLogStartOffset(dir)
  const bases = names
    .map(parseSegmentFile)
    .filter((b): b is number => b !== undefined)
    .sort((a, b) => a - b)
  const segments: Segment[] = []
  let truncatedBytes = 0

  for (let i = 0; i < bases.length - 1; i++) {
    const base = bases[i]!
    const path = segmentPath(dir, base, LOG_SUFFIX)
    const info = await stat(path)
    let size = info.size
    let maxTs = await sealedMaxTimestamp(dir, base, size)
    if (maxTs === undefined) {
      const fh = await open(path, 'r+')
      try {
        const outcome = await rebuild(fh, base, size, interval, path, logger)
        truncatedBytes += size - outcome.validBytes
        size = outcome.validBytes
        const seg = new Segment(dir, base, size, bases[i + 1]!, outcome.indexer.maxTimestamp, info.mtimeMs)
        seg.activate(fh, outcome.indexer)
        await seg.writeIndexes(false)
        maxTs = outcome.indexer.maxTimestamp
      } finally {
        await fh.close()
      }
    }
    segments.push(new Segment(dir, base, size, bases[i + 1]!, maxTs, info.mtimeMs))
  }

  const lastBase = bases.at(-1) ?? Math.max(checkpoint ?? 0, 0)
  if (bases.length === 0) segments.push(await Segment.create(dir, lastBase))
  else
    segments.push(await recoverActive(dir, lastBase, clean, interval, logger, (n) => (truncatedBytes += n)))
  try {
    // From here on the log is open: a crash before the next clean close means recovery.
    await rm(join(dir, CLEAN_SHUTDOWN_FILE), { force: true })
  } catch (err) {
    await segments.at(-1)!.close()
    throw err
  }

  const end = segments.at(-1)!.next
  const logStartOffset = Math.min(Math.max(checkpoint ?? 0, segments[0]!.base), end)
  return { segments, logStartOffset, truncatedBytes }
}

/** Opens the last segment for appends: trusts its indexes after a clean close, else rescans it. */
async function recoverActive(
  dir: string,
  lastBase: number,
  clean: boolean,
  interval: number,
  logger: RecoveryLogger,
  truncated: (bytes: number) => void,
): Promise<Segment> {
  const path = segmentPath(dir, lastBase, LOG_SUFFIX)
  const fh = await open(path, 'r+')
  try {
    const info = await fh.stat()
    let outcome: ScanOutcome | undefined
    const indexer = clean ? await readIndexes(lastBase, dir, info.size) : undefined
    if (indexer) {
      // Closed cleanly: trust the indexes, walk only the batches after the last index entry.
      indexer.restoreMax()
      const from = indexer.index.lastPosition
      const tail = await scan(fh, lastBase, from, info.size, indexer, lastBase, interval, false)
      if (tail.validBytes === info.size) outcome = tail
    }
    if (!outcome) {
      outcome = await rebuild(fh, lastBase, info.size, interval, path, logger)
      truncated(info.size - outcome.validBytes)
    }
    const seg = new Segment(
      dir,
      lastBase,
      outcome.validBytes,
      outcome.next,
      outcome.indexer.maxTimestamp,
      info.mtimeMs,
    )
    seg.activate(fh, outcome.indexer)
    return seg
  } catch (err) {
    await fh.close()
    throw err
  }
}
