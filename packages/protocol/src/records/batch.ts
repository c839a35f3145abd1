/**
 * Record batch v2 (magic 2), the unit stored in a partition log and carried by Produce and Fetch.
 *
 *   offset  field                 type
 *    0      baseOffset            int64
 *    8      batchLength           int32   bytes after this field
 *   12      partitionLeaderEpoch  int32
 *   16      magic                 int8    = 2
 *   17      crc                   uint32  CRC-32C of bytes 21..end
 *   21      attributes            int16   bits 0-2 compression, 3 timestamp type (1 = log append),
 *                                         4 transactional, 5 control, 6 has delete horizon
 *   23      lastOffsetDelta       int32
 *   27      baseTimestamp         int64
 *   35      maxTimestamp          int64
 *   43      producerId            int64
 *   51      producerEpoch         int16
 *   53      baseSequence          int32
 *   57      recordCount           int32
 *   61      records               (compressed as a whole when compression != 0)
 *
 * Because the CRC starts at `attributes`, a broker can assign offsets and the leader epoch in place.
 */
import { ProtocolError, ProtocolErrorCodes } from '../errors.ts'
import { Reader } from '../primitives/reader.ts'
import { Writer } from '../primitives/writer.ts'
import { type CompressionName, compress, compressionId, compressionName, decompress } from './compression.ts'
import { crc32c } from './crc32c.ts'
import {
  type KafkaRecord,
  type PreparedRecord,
  prepareRecord,
  type RecordInput,
  readRecord,
  writeRecord,
} from './record.ts'

export const BATCH_HEADER_SIZE = 61
/** Bytes before batchLength's count starts (baseOffset + batchLength). */
export const BATCH_LOG_OVERHEAD = 12
const CRC_OFFSET = 17
const ATTRIBUTES_OFFSET = 21
const MAX_TIMESTAMP_OFFSET = 35
const MAGIC = 2

const TIMESTAMP_TYPE_BIT = 0x08
const TRANSACTIONAL_BIT = 0x10
const CONTROL_BIT = 0x20
const DELETE_HORIZON_BIT = 0x40

export interface BatchHeader {
  baseOffset: bigint
  batchLength: number
  partitionLeaderEpoch: number
  magic: number
  crc: number
  attributes: number
  compression: CompressionName
  timestampType: 'create' | 'log-append'
  isTransactional: boolean
  isControl: boolean
  hasDeleteHorizon: boolean
  lastOffsetDelta: number
  baseTimestamp: bigint
  maxTimestamp: bigint
  producerId: bigint
  producerEpoch: number
  baseSequence: number
  recordCount: number
}

function corrupt(message: string): ProtocolError {
  return new ProtocolError(message, { code: ProtocolErrorCodes.CORRUPT_RECORD })
}

/**
 * Reads a batch header without touching the records (cheap: fixed offsets only).
 *
 * @example
 * const h = readBatchHeader(batch)
 * const nextOffset = h.baseOffset + BigInt(h.lastOffsetDelta) + 1n
 */
export function readBatchHeader(buf: Buffer, offset = 0): BatchHeader {
  if (offset + BATCH_HEADER_SIZE > buf.length) {
    throw new ProtocolError(
      `Truncated record batch header: needed ${BATCH_HEADER_SIZE} bytes at offset ${offset}, only ${Math.max(0, buf.length - offset)} left`,
    )
  }
  const magic = buf.readInt8(offset + 16)
  if (magic !== MAGIC) throw corrupt(`Unsupported record batch magic ${magic}: only v2 batches are supported`)
  const attributes = buf.readInt16BE(offset + ATTRIBUTES_OFFSET)
  return {
    baseOffset: buf.readBigInt64BE(offset),
    batchLength: buf.readInt32BE(offset + 8),
    partitionLeaderEpoch: buf.readInt32BE(offset + 12),
    magic,
    crc: buf.readUInt32BE(offset + CRC_OFFSET),
    attributes,
    compression: compressionName(attributes & 0x07),
    timestampType: attributes & TIMESTAMP_TYPE_BIT ? 'log-append' : 'create',
    isTransactional: (attributes & TRANSACTIONAL_BIT) !== 0,
    isControl: (attributes & CONTROL_BIT) !== 0,
    hasDeleteHorizon: (attributes & DELETE_HORIZON_BIT) !== 0,
    lastOffsetDelta: buf.readInt32BE(offset + 23),
    baseTimestamp: buf.readBigInt64BE(offset + 27),
    maxTimestamp: buf.readBigInt64BE(offset + MAX_TIMESTAMP_OFFSET),
    producerId: buf.readBigInt64BE(offset + 43),
    producerEpoch: buf.readInt16BE(offset + 51),
    baseSequence: buf.readInt32BE(offset + 53),
    recordCount: buf.readInt32BE(offset + 57),
  }
}

/** Total size in bytes of the batch starting at `offset` (from its batchLength field). */
export function batchSize(buf: Buffer, offset = 0): number {
  if (offset + BATCH_LOG_OVERHEAD > buf.length) throw new ProtocolError('Truncated record batch: no length')
  return BATCH_LOG_OVERHEAD + buf.readInt32BE(offset + 8)
}

/**
 * Splits a records blob (Produce data, a log segment read) into batches, as views. A batch cut
 * short at the end — Fetch responses may end that way — is reported in `partialBytes`, not returned.
 *
 * @example
 * const { batches } = splitBatches(partition.records)
 */
export function splitBatches(buf: Buffer): { batches: Buffer[]; partialBytes: number } {
  const batches: Buffer[] = []
  let at = 0
  while (at < buf.length) {
    if (at + BATCH_LOG_OVERHEAD > buf.length) break
    const size = batchSize(buf, at)
    if (size < BATCH_HEADER_SIZE) throw corrupt(`Record batch at byte ${at} has invalid length ${size - 12}`)
    if (at + size > buf.length) break
    batches.push(buf.subarray(at, at + size))
    at += size
  }
  return { batches, partialBytes: buf.length - at }
}

/**
 * Checks one batch: size matches batchLength, magic 2, CRC-32C. Returns its header, or throws a
 * ProtocolError with code SPOOL_ERR_CORRUPT_RECORD.
 *
 * @example
 * for (const b of splitBatches(records).batches) validateBatch(b)
 */
export function validateBatch(batch: Buffer): BatchHeader {
  const header = readBatchHeader(batch)
  if (BATCH_LOG_OVERHEAD + header.batchLength !== batch.length) {
    throw corrupt(`Record batch length ${header.batchLength} does not match its ${batch.length} bytes`)
  }
  const actual = crc32c(batch, ATTRIBUTES_OFFSET, batch.length)
  if (actual !== header.crc) {
    throw corrupt(
      `Record batch CRC mismatch: stored ${header.crc.toString(16)}, computed ${actual.toString(16)}`,
    )
  }
  if (header.recordCount < 0) throw corrupt(`Record batch has negative record count ${header.recordCount}`)
  return header
}

/**
 * Decodes a batch's records (decompressing if needed). Does not check the CRC: call validateBatch first
 * on untrusted input.
 *
 * @example
 * const { header, records } = decodeRecords(batch)
 */
export function decodeRecords(batch: Buffer): { header: BatchHeader; records: KafkaRecord[] } {
  const header = readBatchHeader(batch)
  const end = BATCH_LOG_OVERHEAD + header.batchLength
  if (end > batch.length || end < BATCH_HEADER_SIZE)
    throw corrupt(`Record batch length ${header.batchLength} is invalid`)
  const body = decompress(header.attributes & 0x07, batch.subarray(BATCH_HEADER_SIZE, end))
  const r = new Reader(body)
  if (header.recordCount > body.length)
    throw corrupt(`Record count ${header.recordCount} exceeds the batch size`)
  const { baseOffset, baseTimestamp, maxTimestamp } = header
  const timestampOf =
    header.timestampType === 'log-append' ? () => maxTimestamp : (delta: bigint) => baseTimestamp + delta
  const records: KafkaRecord[] = new Array(header.recordCount)
  for (let i = 0; i < header.recordCount; i++) records[i] = readRecord(r, baseOffset, timestampOf)
  if (r.remaining !== 0)
    throw corrupt(`Record batch has ${r.remaining} bytes after its ${header.recordCount} records`)
  return { header, records }
}

export interface BatchInput {
  records: readonly RecordInput[]
  baseOffset?: bigint
  partitionLeaderEpoch?: number
  compression?: CompressionName | number
  timestampType?: 'create' | 'log-append'
  isTransactional?: boolean
  isControl?: boolean
  /** -1 when the producer is not idempotent. */
  producerId?: bigint
  producerEpoch?: number
  baseSequence?: number
  /** Defaults to the first record's timestamp, or now. */
  baseTimestamp?: bigint
}

/**
 * Encodes a v2 record batch, CRC included.
 *
 * @example
 * const batch = encodeBatch({ records: [{ key: 'k', value: 'v' }], compression: 'lz4' })
 */
export function encodeBatch(input: BatchInput): Buffer {
  if (input.records.length === 0) throw new ProtocolError('A record batch needs at least one record')
  const first = input.records[0]!.timestamp
  const baseTimestamp = input.baseTimestamp ?? (first === undefined ? BigInt(Date.now()) : BigInt(first))
  const prepared: PreparedRecord[] = input.records.map((r, i) => prepareRecord(r, i, baseTimestamp))
  let maxDelta = prepared[0]!.timestampDelta
  let lastOffsetDelta = 0
  let bodySize = 0
  for (const p of prepared) {
    if (p.timestampDelta > maxDelta) maxDelta = p.timestampDelta
    if (p.offsetDelta > lastOffsetDelta) lastOffsetDelta = p.offsetDelta
    bodySize += p.size + 5
  }
  const w = new Writer(Math.min(bodySize, 1 << 20))
  for (const p of prepared) writeRecord(w, p)
  const codec = compressionId(input.compression ?? 'none')
  const body = compress(codec, w.toBuffer())

  const buf = Buffer.allocUnsafe(BATCH_HEADER_SIZE + body.length)
  let attributes = codec
  if (input.timestampType === 'log-append') attributes |= TIMESTAMP_TYPE_BIT
  if (input.isTransactional) attributes |= TRANSACTIONAL_BIT
  if (input.isControl) attributes |= CONTROL_BIT
  buf.writeBigInt64BE(input.baseOffset ?? 0n, 0)
  buf.writeInt32BE(buf.length - BATCH_LOG_OVERHEAD, 8)
  buf.writeInt32BE(input.partitionLeaderEpoch ?? -1, 12)
  buf.writeInt8(MAGIC, 16)
  buf.writeInt16BE(attributes, ATTRIBUTES_OFFSET)
  buf.writeInt32BE(lastOffsetDelta, 23)
  buf.writeBigInt64BE(baseTimestamp, 27)
  buf.writeBigInt64BE(baseTimestamp + maxDelta, MAX_TIMESTAMP_OFFSET)
  buf.writeBigInt64BE(input.producerId ?? -1n, 43)
  buf.writeInt16BE(input.producerEpoch ?? -1, 51)
  buf.writeInt32BE(input.baseSequence ?? -1, 53)
  buf.writeInt32BE(prepared.length, 57)
  body.copy(buf, BATCH_HEADER_SIZE)
  buf.writeUInt32BE(crc32c(buf, ATTRIBUTES_OFFSET, buf.length), CRC_OFFSET)
  return buf
}

/**
 * Rewrites a batch's base offset in place (outside the CRC, so no recomputation).
 *
 * @example
 * setBaseOffset(batch, log.nextOffset)
 */
export function setBaseOffset(batch: Buffer, baseOffset: bigint, offset = 0): void {
  batch.writeBigInt64BE(baseOffset, offset)
}

/** Rewrites a batch's partition leader epoch in place (outside the CRC). */
export function setPartitionLeaderEpoch(batch: Buffer, epoch: number, offset = 0): void {
  batch.writeInt32BE(epoch, offset + 12)
}

/**
 * Marks a batch as LogAppendTime with the broker's clock, as a topic with
 * message.timestamp.type=LogAppendTime requires; the CRC is recomputed.
 *
 * @example
 * setLogAppendTime(batch, BigInt(Date.now()))
 */
export function setLogAppendTime(batch: Buffer, timestamp: bigint, offset = 0): void {
  const end = offset + BATCH_LOG_OVERHEAD + batch.readInt32BE(offset + 8)
  const attributes = batch.readInt16BE(offset + ATTRIBUTES_OFFSET)
  batch.writeInt16BE(attributes | TIMESTAMP_TYPE_BIT, offset + ATTRIBUTES_OFFSET)
  batch.writeBigInt64BE(timestamp, offset + MAX_TIMESTAMP_OFFSET)
  batch.writeUInt32BE(crc32c(batch, offset + ATTRIBUTES_OFFSET, end), offset + CRC_OFFSET)
}
