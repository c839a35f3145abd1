/**
 * Reading Kafka's primitive types from a Buffer (big-endian integers, zig-zag varints, classic
 * int16/int32 length prefixes and the "compact" unsigned-varint lengths stored as length + 1 so that
 * 0 means null). Every method takes an optional `what` naming the field, used in the error thrown
 * on truncated or malformed input.
 */
import { ProtocolError, truncated } from '../errors.ts'
import { bytesToUuid } from './uuid.ts'

/** One unparsed tagged field: its tag and raw value bytes. */
export interface RawTaggedField {
  tag: number
  data: Buffer
}

/**
 * A cursor over a Buffer.
 *
 * @example
 * const r = new Reader(Buffer.from([0, 0, 0, 7, 1]))
 * r.readInt32('count') // 7
 * r.readBoolean('flag') // true
 */
export class Reader {
  readonly buffer: Buffer
  offset: number
  /** End of the readable region (exclusive). */
  readonly end: number

  constructor(buffer: Buffer, offset = 0, end = buffer.length) {
    this.buffer = buffer
    this.offset = offset
    this.end = end
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.offset
  }

  private need(n: number, what: string): number {
    const at = this.offset
    if (at + n > this.end) throw truncated(what, n, at, this.end)
    this.offset = at + n
    return at
  }

  /** int8. */
  readInt8(what = 'int8'): number {
    return this.buffer.readInt8(this.need(1, what))
  }

  /** uint8. */
  readUInt8(what = 'uint8'): number {
    return this.buffer[this.need(1, what)]!
  }

  /** Big-endian int16. */
  readInt16(what = 'int16'): number {
    return this.buffer.readInt16BE(this.need(2, what))
  }

  /** Big-endian uint16. */
  readUInt16(what = 'uint16'): number {
    return this.buffer.readUInt16BE(this.need(2, what))
  }

  /** Big-endian int32. */
  readInt32(what = 'int32'): number {
    return this.buffer.readInt32BE(this.need(4, what))
  }

  /** Big-endian uint32. */
  readUInt32(what = 'uint32'): number {
    return this.buffer.readUInt32BE(this.need(4, what))
  }

  /** Big-endian int64, as a bigint. */
  readInt64(what = 'int64'): bigint {
    return this.buffer.readBigInt64BE(this.need(8, what))
  }

  /** Big-endian IEEE 754 double. */
  readFloat64(what = 'float64'): number {
    return this.buffer.readDoubleBE(this.need(8, what))
  }

  /** One byte; anything but 0 is true. */
  readBoolean(what = 'boolean'): boolean {
    return this.buffer[this.need(1, what)] !== 0
  }

  /** 16 bytes, as dashed lowercase hex. */
  readUUID(what = 'uuid'): string {
    const at = this.need(16, what)
    return bytesToUuid(this.buffer, at)
  }

  /** Unsigned LEB128, at most 5 bytes (32 bits). */
  readUnsignedVarInt(what = 'unsigned varint'): number {
    const buf = this.buffer
    let result = 0
    for (let shift = 0; shift < 28; shift += 7) {
      if (this.offset >= this.end) throw truncated(what, 1, this.offset, this.end)
      const byte = buf[this.offset++]!
      result |= (byte & 0x7f) << shift
      if (byte < 0x80) return result
    }
    if (this.offset >= this.end) throw truncated(what, 1, this.offset, this.end)
    // The fifth byte carries only the top 4 bits of a 32-bit value.
    const byte = buf[this.offset++]!
    if (byte > 0x0f) throw new ProtocolError(`Malformed ${what}: unsigned varint longer than 32 bits`)
    return result + byte * 0x10000000
  }

  /** Zig-zag encoded signed 32-bit varint. */
  readVarInt(what = 'varint'): number {
    const n = this.readUnsignedVarInt(what)
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2
  }

  /** Zig-zag encoded signed 64-bit varint, at most 10 bytes. */
  readVarLong(what = 'varlong'): bigint {
    const buf = this.buffer
    // Most values fit in 28 bits: accumulate in a number first and only switch to bigint when needed.
    let small = 0
    let shift = 0
    for (; shift < 28; shift += 7) {
      if (this.offset >= this.end) throw truncated(what, 1, this.offset, this.end)
      const byte = buf[this.offset++]!
      small |= (byte & 0x7f) << shift
      if ((byte & 0x80) === 0) return BigInt((small >>> 1) ^ -(small & 1))
    }
    let big = BigInt(small)
    for (let b = shift; b < 70; b += 7) {
      if (this.offset >= this.end) throw truncated(what, 1, this.offset, this.end)
      const byte = buf[this.offset++]!
      big |= BigInt(byte & 0x7f) << BigInt(b)
      if ((byte & 0x80) === 0) {
        if (big > 0xffffffffffffffffn) break
        return (big >> 1n) ^ -(big & 1n)
      }
    }
    throw new ProtocolError(`Malformed ${what}: varlong longer than 64 bits`)
  }

  private utf8(length: number, what: string): string {
    const at = this.need(length, what)
    return this.buffer.toString('utf8', at, at + length)
  }

  private badLength(what: string, length: number): ProtocolError {
    return new ProtocolError(`Malformed ${what}: negative length ${length} for a non-nullable field`)
  }

  /** int16 length + UTF-8. */
  readString(what = 'string'): string {
    const length = this.readInt16(what)
    if (length < 0) throw this.badLength(what, length)
    return this.utf8(length, what)
  }

  /** int16 length (-1 = null) + UTF-8. */
  readNullableString(what = 'nullable string'): string | null {
    const length = this.readInt16(what)
    return length < 0 ? null : this.utf8(length, what)
  }

  /** unsigned varint (length + 1) + UTF-8. */
  readCompactString(what = 'compact string'): string {
    const length = this.readUnsignedVarInt(what) - 1
    if (length < 0) throw this.badLength(what, length)
    return this.utf8(length, what)
  }

  /** unsigned varint (length + 1, 0 = null) + UTF-8. */
  readCompactNullableString(what = 'compact nullable string'): string | null {
    const length = this.readUnsignedVarInt(what) - 1
    return length < 0 ? null : this.utf8(length, what)
  }

  /** Returns `length` raw bytes as a view over the input (no copy). */
  readRaw(length: number, what = 'bytes'): Buffer {
    const at = this.need(length, what)
    return this.buffer.subarray(at, at + length)
  }

  /** int32 length + bytes (a view over the input, not a copy). */
  readBytes(what = 'bytes'): Buffer {
    const length = this.readInt32(what)
    if (length < 0) throw this.badLength(what, length)
    return this.readRaw(length, what)
  }

  /** int32 length (-1 = null) + bytes. */
  readNullableBytes(what = 'nullable bytes'): Buffer | null {
    const length = this.readInt32(what)
    return length < 0 ? null : this.readRaw(length, what)
  }

  /** unsigned varint (length + 1) + bytes. */
  readCompactBytes(what = 'compact bytes'): Buffer {
    const length = this.readUnsignedVarInt(what) - 1
    if (length < 0) throw this.badLength(what, length)
    return this.readRaw(length, what)
  }

  /** unsigned varint (length + 1, 0 = null) + bytes. */
  readCompactNullableBytes(what = 'compact nullable bytes'): Buffer | null {
    const length = this.readUnsignedVarInt(what) - 1
    return length < 0 ? null : this.readRaw(length, what)
  }

  private items<T>(count: number, item: (r: Reader, i: number) => T, what: string): T[] {
    // Every element takes at least one byte: a count larger than what is left is malformed, and
    // refusing it here stops a hostile count from allocating a huge array.
    if (count > this.remaining) throw truncated(what, count, this.offset, this.end)
    const out = new Array<T>(count)
    for (let i = 0; i < count; i++) out[i] = item(this, i)
    return out
  }

  /** int32 count + elements. */
  readArray<T>(item: (r: Reader, i: number) => T, what = 'array'): T[] {
    const count = this.readInt32(what)
    if (count < 0) throw this.badLength(what, count)
    return this.items(count, item, what)
  }

  /** int32 count (-1 = null) + elements. */
  readNullableArray<T>(item: (r: Reader, i: number) => T, what = 'nullable array'): T[] | null {
    const count = this.readInt32(what)
    return count < 0 ? null : this.items(count, item, what)
  }

  /** unsigned varint (count + 1) + elements. */
  readCompactArray<T>(item: (r: Reader, i: number) => T, what = 'compact array'): T[] {
    const count = this.readUnsignedVarInt(what) - 1
    if (count < 0) throw this.badLength(what, count)
    return this.items(count, item, what)
  }

  /** unsigned varint (count + 1, 0 = null) + elements. */
  readCompactNullableArray<T>(
    item: (r: Reader, i: number) => T,
    what = 'compact nullable array',
  ): T[] | null {
    const count = this.readUnsignedVarInt(what) - 1
    return count < 0 ? null : this.items(count, item, what)
  }

  /** A tagged-field section: unsigned varint count, then (tag, size, bytes) triples, tags ascending. */
  readTaggedFields(what = 'tagged fields'): RawTaggedField[] {
    const count = this.readUnsignedVarInt(what)
    if (count === 0) return []
    const out = this.items(
      count,
      (r) => {
        const tag = r.readUnsignedVarInt(what)
        const size = r.readUnsignedVarInt(what)
        return { tag, data: r.readRaw(size, what) }
      },
      what,
    )
    return out
  }
}
