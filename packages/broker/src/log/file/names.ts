/**
 * Names on disk, as Kafka lays them out:
 *
 *   <dir>/<topic>-<partition>/
 *     00000000000000000000.log         record batches, verbatim
 *     00000000000000000000.index       sparse offset index: int32 relative offset, int32 position
 *     00000000000000000000.timeindex   time index: int64 max timestamp so far, int32 relative offset
 *     00000000000000004711.log …       one trio per segment, named by its base offset
 *     log-start-offset                 logStartOffset set by DeleteRecords (text, one line)
 *     clean-shutdown                   present only while the log is closed cleanly
 */
import { join } from 'node:path'

export const LOG_SUFFIX = '.log'
export const INDEX_SUFFIX = '.index'
export const TIME_INDEX_SUFFIX = '.timeindex'
export const LOG_START_FILE = 'log-start-offset'
export const CLEAN_SHUTDOWN_FILE = 'clean-shutdown'

/** The 20-digit zero-padded base offset that names a segment's files. */
export const segmentFileStem = (baseOffset: number): string => String(baseOffset).padStart(20, '0')

export const segmentPath = (partitionDir: string, baseOffset: number, suffix: string): string =>
  join(partitionDir, segmentFileStem(baseOffset) + suffix)

/** Base offset of a `.log` file name, or undefined for any other file. */
export function parseSegmentFile(name: string): number | undefined {
  if (!/^\d{20}\.log$/.test(name)) return undefined
  return Number(name.slice(0, 20))
}

export const partitionDirName = (topic: string, partition: number): string => `${topic}-${partition}`

/** Topic and partition of a partition folder name (topics may contain dashes: the last one splits). */
export function parsePartitionDir(name: string): { topic: string; partition: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(name)
  if (!m) return undefined
  const partition = Number(m[2])
  if (!Number.isSafeInteger(partition) || partition > 2 ** 31 - 1) return undefined
  return { topic: m[1]!, partition }
}
