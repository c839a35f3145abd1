/**
 * One record inside a v2 batch. Lengths and deltas are zig-zag varints:
 *
 *   length varint, attributes int8 (unused, 0), timestampDelta varlong, offsetDelta varint,
 *   keyLength varint (-1 = null), key, valueLength varint (-1 = null), value,
 *   headerCount varint, then per header: keyLength varint, key (UTF-8), valueLength varint, value
 */
import { ProtocolError } from '../errors.ts'
import type { Reader } from '../primitives/reader.ts'
import type { Writer } from '../primitives/writer.ts'

export interface RecordHeader {
  key: string
  value: Buffer | null
}

/** A decoded record; key, value and header values are views over the batch bytes. */
export interface KafkaRecord {
  /** Absolute offset: the batch's base offset + this record's offset delta. */
  offset: bigint
  /** Absolute timestamp (for LogAppendTime batches, the batch's max timestamp). */
  timestamp: bigint
  key: Buffer | null
  value: Buffer | null
  headers: RecordHeader[]
  attributes: number
  offsetDelta: number
  timestampDelta: bigint
}

/** What `encodeBatch` accepts for a record. Strings are UTF-8 encoded. */
export interface RecordInput {
  key?: Buffer | string | null
  value?: Buffer | string | null
  headers?: readonly { key: string; value?: Buffer | string | null }[]
  /** Milliseconds since the epoch; defaults to now. */
  timestamp?: bigint | number
  /** Defaults to the record's index in the batch. */
  offsetDelta?: number
}

/** A record with its bytes prepared, so its size is known before it is written. */
export interface PreparedRecord {
  offsetDelta: number
  timestampDelta: bigint
  key: Buffer | null
  value: Buffer | null
  headers: { key: Buffer; value: Buffer | null }[]
  /** Size of the record body (everything after the length varint). */
  size: number
}

const toBytes = (v: Buffer | string | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? Buffer.from(v, 'utf8') : v

/** Bytes a zig-zag varint of `v` takes. */
function varIntSize(v: number): number {
  let z = ((v << 1) ^ (v >> 31)) >>> 0
  let n = 1
  while (z >= 0x80) {
    z >>>= 7
    n++
  }
  return n
}

function varLongSize(v: bigint): number {
  let z = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n))
  let n = 1
  while (z >= 0x80n) {
    z >>= 7n
    n++
  }
  return n
}

const bytesSize = (b: Buffer | null) => (b === null ? 1 : varIntSize(b.length) + b.length)

/** Converts a record input into bytes and computes its encoded size. */
export function prepareRecord(input: RecordInput, index: number, baseTimestamp: bigint): PreparedRecord {
  const timestamp = BigInt(input.timestamp ?? baseTimestamp)
  const offsetDelta = input.offsetDelta ?? index
  const timestampDelta = timestamp - baseTimestamp
  const key = toBytes(input.key)
  const value = toBytes(input.value)
  const headers = (input.headers ?? []).map((h) => ({
    key: Buffer.from(h.key, 'utf8'),
    value: toBytes(h.value),
  }))
  let size = 1 + varLongSize(timestampDelta) + varIntSize(offsetDelta) + bytesSize(key) + bytesSize(value)
  size += varIntSize(headers.length)
  for (const h of headers) size += bytesSize(h.key) + bytesSize(h.value)
  return { offsetDelta, timestampDelta, key, value, headers, size }
}

function writeVarBytes(w: Writer, b: Buffer | null): void {
  if (b === null) w.writeVarInt(-1)
  else w.writeVarInt(b.length).writeRaw(b)
}

/** Writes one prepared record, length prefix included. */
export function writeRecord(w: Writer, r: PreparedRecord): void {
  w.writeVarInt(r.size).writeInt8(0).writeVarLong(r.timestampDelta).writeVarInt(r.offsetDelta)
  writeVarBytes(w, r.key)
  writeVarBytes(w, r.value)
  w.writeVarInt(r.headers.length)
  for (const h of r.headers) {
    writeVarBytes(w, h.key)
    writeVarBytes(w, h.value)
  }
}

function readVarBytes(r: Reader, what: string): Buffer | null {
  const length = r.readVarInt(what)
  return length < 0 ? null : r.readRaw(length, what)
}

/** Reads one record; `baseOffset`/`timestampOf` turn its deltas into absolute values. */
export function readRecord(
  r: Reader,
  baseOffset: bigint,
  timestampOf: (delta: bigint) => bigint,
): KafkaRecord {
  const length = r.readVarInt('record length')
  const end = r.offset + length
  if (length < 0 || end > r.end)
    throw new ProtocolError(`Malformed record: length ${length} exceeds the batch`)
  const attributes = r.readInt8('record attributes')
  const timestampDelta = r.readVarLong('record timestampDelta')
  const offsetDelta = r.readVarInt('record offsetDelta')
  const key = readVarBytes(r, 'record key')
  const value = readVarBytes(r, 'record value')
  const count = r.readVarInt('record header count')
  if (count < 0 || count > end - r.offset) throw new ProtocolError(`Malformed record: header count ${count}`)
  const headers: RecordHeader[] = new Array(count)
  for (let i = 0; i < count; i++) {
    const hk = readVarBytes(r, 'record header key')
    if (hk === null) throw new ProtocolError('Malformed record: null header key')
    headers[i] = { key: hk.toString('utf8'), value: readVarBytes(r, 'record header value') }
  }
  if (r.offset !== end)
    throw new ProtocolError(`Malformed record: length ${length} does not match its fields`)
  return {
    offset: baseOffset + BigInt(offsetDelta),
    timestamp: timestampOf(timestampDelta),
    key,
    value,
    headers,
    attributes,
    offsetDelta,
    timestampDelta,
  }
}
