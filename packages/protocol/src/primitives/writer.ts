/**
 * Writing Kafka's primitive types. The Writer fills preallocated chunks and only copies once, in
 * `toBuffer()` (or never, with `toChunks()`); large byte blobs (record batches) are kept by
 * reference instead of being copied in.
 */
import { ProtocolError } from '../errors.ts'
import type { RawTaggedField } from './reader.ts'
import { uuidToBytes } from './uuid.ts'

/** Blobs at least this long are referenced rather than copied into a chunk. */
const ZERO_COPY_THRESHOLD = 1024
/** Chunks grow geometrically up to this size (bytes). */
const MAX_CHUNK = 1024 * 1024

/**
 * An append-only byte sink.
 *
 * @example
 * const w = new Writer()
 * w.writeInt16(18).writeCompactString('spool')
 * const bytes = w.toBuffer()
 */
export class Writer {
  private chunks: Buffer[] = []
  private chunksLength = 0
  private buf: Buffer
  /** Start of the part of `buf` not yet moved to `chunks`. */
  private start = 0
  private pos = 0

  /** @param initialSize first chunk size in bytes */
  constructor(initialSize = 512) {
    this.buf = Buffer.allocUnsafe(initialSize)
  }

  /** Bytes written so far. */
  get length(): number {
    return this.chunksLength + this.pos - this.start
  }

  private flush(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos))
      this.chunksLength += this.pos - this.start
    }
    this.start = this.pos
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    this.flush()
    const size = Math.max(n, Math.min(this.buf.length * 2, MAX_CHUNK))
    this.buf = Buffer.allocUnsafe(size)
    this.start = 0
    this.pos = 0
  }

  /**
   * The bytes written, as the chunks they sit in (no copy): for a vectored write to a socket, where
   * joining them would copy every referenced record batch once more. Write nothing after this.
   */
  toChunks(): Buffer[] {
    this.flush()
    return [...this.chunks]
  }

  /** The bytes written, as one Buffer. */
  toBuffer(): Buffer {
    if (this.chunks.length === 0) return this.buf.subarray(this.start, this.pos)
    this.flush()
    const out = Buffer.concat(this.chunks, this.chunksLength)
    this.chunks = [out]
    return out
  }

  /** int8. */
  writeInt8(v: number): this {
    this.ensure(1)
    this.pos = this.buf.writeInt8(v, this.pos)
    return this
  }

  /** uint8. */
  writeUInt8(v: number): this {
    this.ensure(1)
    this.pos = this.buf.writeUInt8(v, this.pos)
    return this
  }

  /** Big-endian int16. */
  writeInt16(v: number): this {
    this.ensure(2)
    this.pos = this.buf.writeInt16BE(v, this.pos)
    return this
  }

  /** Big-endian uint16. */
  writeUInt16(v: number): this {
    this.ensure(2)
    this.pos = this.buf.writeUInt16BE(v, this.pos)
    return this
  }

  /** Big-endian int32. */
  writeInt32(v: number): this {
    this.ensure(4)
    this.pos = this.buf.writeInt32BE(v, this.pos)
    return this
  }

  /** Big-endian uint32. */
  writeUInt32(v: number): this {
    this.ensure(4)
    this.pos = this.buf.writeUInt32BE(v, this.pos)
    return this
  }

  /** Big-endian int64. */
  writeInt64(v: bigint): this {
    this.ensure(8)
    this.pos = this.buf.writeBigInt64BE(v, this.pos)
    return this
  }

  /** Big-endian IEEE 754 double. */
  writeFloat64(v: number): this {
    this.ensure(8)
    this.pos = this.buf.writeDoubleBE(v, this.pos)
    return this
  }

  /** One byte: 1 or 0. */
  writeBoolean(v: boolean): this {
    this.ensure(1)
    this.buf[this.pos++] = v ? 1 : 0
    return this
  }

  /** 16 bytes from dashed hex. */
  writeUUID(v: string): this {
    this.ensure(16)
    uuidToBytes(v, this.buf, this.pos)
    this.pos += 16
    return this
  }

  /** Unsigned LEB128 (0 to 2^32 - 1); throws a ProtocolError out of range. */
  writeUnsignedVarInt(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new ProtocolError(`Unsigned varint out of range: ${v}`)
    }
    this.ensure(5)
    const buf = this.buf
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80
      v = Math.floor(v / 128)
    }
    buf[this.pos++] = v
    return this
  }

  /** Zig-zag encoded signed 32-bit varint. */
  writeVarInt(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) {
      throw new ProtocolError(`Varint out of range: ${v}`)
    }
    return this.writeUnsignedVarInt(((v << 1) ^ (v >> 31)) >>> 0)
  }

  /** Zig-zag encoded signed 64-bit varint. */
  writeVarLong(v: bigint): this {
    if (v < -0x8000000000000000n || v > 0x7fffffffffffffffn)
      throw new ProtocolError(`Varlong out of range: ${v}`)
    let z = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n))
    this.ensure(10)
    const buf = this.buf
    while (z >= 0x80n) {
      buf[this.pos++] = Number(z & 0x7fn) | 0x80
      z >>= 7n
    }
    buf[this.pos++] = Number(z)
    return this
  }

  /** Appends bytes; large ones are referenced, not copied, so do not mutate them before `toBuffer()`. */
  writeRaw(b: Uint8Array): this {
    if (b.length >= ZERO_COPY_THRESHOLD) {
      this.flush()
      const view = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length)
      this.chunks.push(view)
      this.chunksLength += view.length
      return this
    }
    this.ensure(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
    return this
  }

  private utf8(v: string, n: number): this {
    this.ensure(n)
    this.pos += this.buf.write(v, this.pos, n, 'utf8')
    return this
  }

  /** int16 length + UTF-8 (at most 32,767 bytes). */
  writeString(v: string): this {
    const n = Buffer.byteLength(v, 'utf8')
    if (n > 0x7fff) throw new ProtocolError(`String too long for an int16 length: ${n} bytes`)
    return this.writeInt16(n).utf8(v, n)
  }

  /** int16 length (-1 = null) + UTF-8. */
  writeNullableString(v: string | null): this {
    return v === null ? this.writeInt16(-1) : this.writeString(v)
  }

  /** unsigned varint (length + 1) + UTF-8. */
  writeCompactString(v: string): this {
    const n = Buffer.byteLength(v, 'utf8')
    return this.writeUnsignedVarInt(n + 1).utf8(v, n)
  }

  /** unsigned varint (length + 1, 0 = null) + UTF-8. */
  writeCompactNullableString(v: string | null): this {
    return v === null ? this.writeUnsignedVarInt(0) : this.writeCompactString(v)
  }

  /** int32 length + bytes. */
  writeBytes(v: Uint8Array): this {
    return this.writeInt32(v.length).writeRaw(v)
  }

  /** int32 length (-1 = null) + bytes. */
  writeNullableBytes(v: Uint8Array | null): this {
    return v === null ? this.writeInt32(-1) : this.writeBytes(v)
  }

  /** unsigned varint (length + 1) + bytes. */
  writeCompactBytes(v: Uint8Array): this {
    return this.writeUnsignedVarInt(v.length + 1).writeRaw(v)
  }

  /** unsigned varint (length + 1, 0 = null) + bytes. */
  writeCompactNullableBytes(v: Uint8Array | null): this {
    return v === null ? this.writeUnsignedVarInt(0) : this.writeCompactBytes(v)
  }

  /** int32 count + elements, each written by `item`. */
  writeArray<T>(items: readonly T[], item: (w: Writer, v: T) => void): this {
    this.writeInt32(items.length)
    for (const v of items) item(this, v)
    return this
  }

  /** int32 count (-1 = null) + elements. */
  writeNullableArray<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    return items === null ? this.writeInt32(-1) : this.writeArray(items, item)
  }

  /** unsigned varint (count + 1) + elements. */
  writeCompactArray<T>(items: readonly T[], item: (w: Writer, v: T) => void): this {
    this.writeUnsignedVarInt(items.length + 1)
    for (const v of items) item(this, v)
    return this
  }

  /** unsigned varint (count + 1, 0 = null) + elements. */
  writeCompactNullableArray<T>(items: readonly T[] | null, item: (w: Writer, v: T) => void): this {
    return items === null ? this.writeUnsignedVarInt(0) : this.writeCompactArray(items, item)
  }

  /** A tagged-field section; fields must be sorted by ascending tag. */
  writeTaggedFields(fields: readonly RawTaggedField[] = []): this {
    this.writeUnsignedVarInt(fields.length)
    let last = -1
    for (const f of fields) {
      if (f.tag <= last)
        throw new ProtocolError(`Tagged fields must have ascending unique tags (tag ${f.tag})`)
      last = f.tag
      this.writeUnsignedVarInt(f.tag).writeUnsignedVarInt(f.data.length).writeRaw(f.data)
    }
    return this
  }
}
