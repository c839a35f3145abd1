/**
 * Log configuration: Kafka's topic-level defaults, and the validation every store runs when a log
 * is opened or reconfigured, so a bad value fails at once with its property named.
 */
import { LogError, LogErrorCodes } from './errors.ts'
import type { LogConfig } from './types.ts'

/**
 * Kafka's defaults for the topic configs a partition log understands.
 *
 * @example
 * const log = await store.open('orders', 0, { ...defaultLogConfig, retentionMs: 3_600_000 })
 */
export const defaultLogConfig: Readonly<LogConfig> = Object.freeze({
  segmentBytes: 1_073_741_824, // 1 GiB (segment.bytes)
  retentionMs: 604_800_000, // 7 days (retention.ms)
  retentionBytes: -1, // unlimited (retention.bytes)
  maxMessageBytes: 1_048_588, // 1 MiB + 12 (max.message.bytes)
  timestampType: 'CreateTime', // (message.timestamp.type)
  indexIntervalBytes: 4096, // 4 KiB (index.interval.bytes)
  leaderEpoch: 0, // written into every stored batch (single node: always 0)
} satisfies LogConfig)

/** Segment files are addressed with int32 positions, as in Kafka. */
const MAX_SEGMENT_BYTES = 2 ** 31 - 1

function fail(property: string, value: unknown, rule: string): never {
  throw new LogError(LogErrorCodes.CONFIG, `Invalid log config ${property}=${String(value)}: ${rule}`)
}

// Kafka's LONG configs may be Long.MAX_VALUE ("forever"); as a number it is still an integer.
function integer(config: LogConfig, key: keyof LogConfig, min: number, max = Number.MAX_VALUE): void {
  const v = config[key]
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    fail(key, v, `expected an integer from ${min} to ${max}`)
  }
}

/**
 * Fills in defaults, checks every value and returns a frozen copy.
 *
 * @example
 * const config = resolveLogConfig({ segmentBytes: 1 << 20 })
 */
export function resolveLogConfig(config: Partial<LogConfig>, base: Readonly<LogConfig> = defaultLogConfig) {
  const merged: LogConfig = { ...base }
  for (const [k, v] of Object.entries(config)) if (v !== undefined) (merged as any)[k] = v
  integer(merged, 'segmentBytes', 14, MAX_SEGMENT_BYTES)
  integer(merged, 'retentionMs', -1)
  integer(merged, 'retentionBytes', -1)
  integer(merged, 'maxMessageBytes', 0, MAX_SEGMENT_BYTES)
  integer(merged, 'indexIntervalBytes', 0, MAX_SEGMENT_BYTES)
  integer(merged, 'leaderEpoch', -1, 2 ** 31 - 1)
  if (merged.timestampType !== 'CreateTime' && merged.timestampType !== 'LogAppendTime') {
    fail('timestampType', merged.timestampType, "expected 'CreateTime' or 'LogAppendTime'")
  }
  return Object.freeze(merged) as Readonly<Required<LogConfig>>
}
