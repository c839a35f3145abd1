/** Builders shared by the log tests: batches with known values and timestamps, and their decoding. */
import { decodeRecords, encodeBatch, splitBatches } from '@spool/protocol'
import { defaultLogConfig } from '../../src/log/config.ts'
import type { LogConfig } from '../../src/log/types.ts'

/** Small segments would roll constantly; the contract's default keeps one segment unless a test says so. */
export const testConfig: LogConfig = { ...defaultLogConfig, segmentBytes: 1 << 20, indexIntervalBytes: 256 }

/** One batch with `count` records valued `${label}-${i}`, timestamps `timestamp + i` unless given. */
export function batch(
  label: string,
  count = 1,
  options: { timestamp?: number; timestamps?: number[]; valueBytes?: number; compression?: 'gzip' } = {},
): Buffer {
  const ts = options.timestamp ?? 1_700_000_000_000
  const pad = options.valueBytes ? '.'.repeat(options.valueBytes) : ''
  return encodeBatch({
    records: Array.from({ length: count }, (_, i) => ({
      value: `${label}-${i}${pad}`,
      timestamp: options.timestamps?.[i] ?? ts + i,
    })),
    compression: options.compression ?? 'none',
  })
}

export interface Decoded {
  offset: number
  value: string
  timestamp: number
}

/** Every record of a read result; asserts the bytes are whole batches. */
export function records(buf: Buffer): Decoded[] {
  const { batches, partialBytes } = splitBatches(buf)
  if (partialBytes !== 0) throw new Error(`read returned ${partialBytes} bytes of a torn batch`)
  return batches.flatMap((b) =>
    decodeRecords(b).records.map((r) => ({
      offset: Number(r.offset),
      value: r.value?.toString().replace(/\.+$/, '') ?? '',
      timestamp: Number(r.timestamp),
    })),
  )
}

/** Number of batches in a read result. */
export const batchCount = (buf: Buffer): number => splitBatches(buf).batches.length
