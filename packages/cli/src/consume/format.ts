/**
 * How `spool consume` prints a record: its value alone (`raw`, one per line), or one JSON object
 * per line (`json`) with partition, offset, time, key, value and headers.
 */
import { isUtf8 } from 'node:buffer'

export type ConsumeFormat = 'raw' | 'json'

/** A consumed record, whichever way it was read. */
export interface ConsumedRecord {
  topic: string
  partition: number
  offset: string
  /** ISO 8601. */
  timestamp: string
  key: string | null
  value: string | null
  headers: Record<string, string>
  /** How key and value are rendered: text, or base64 for binary data. */
  encoding: 'utf8' | 'base64'
}

/**
 * @example
 * formatRecord(record, 'json') // '{"topic":"orders","partition":0,"offset":"7",…}\n'
 */
export function formatRecord(record: ConsumedRecord, format: ConsumeFormat): string {
  if (format === 'json') return `${JSON.stringify(record)}\n`
  return `${record.value ?? 'null'}\n`
}

/** A record from raw bytes (the group consumer's messages). */
export function fromBuffers(input: {
  topic: string
  partition: number
  offset: bigint
  timestamp: Date
  key: Buffer | undefined
  value: Buffer | null
  headers: Record<string, string>
}): ConsumedRecord {
  const binary = (input.value && !isUtf8(input.value)) || (input.key && !isUtf8(input.key))
  const encoding = binary ? 'base64' : 'utf8'
  return {
    topic: input.topic,
    partition: input.partition,
    offset: String(input.offset),
    timestamp: input.timestamp.toISOString(),
    key: input.key ? input.key.toString(encoding) : null,
    value: input.value ? input.value.toString(encoding) : null,
    headers: input.headers,
    encoding,
  }
}
