/**
 * A segment's two sparse indexes, kept in memory as typed arrays and written out whole when the
 * segment is sealed or the log closes. Both map into the segment with offsets relative to its base.
 *
 *   .index      entries of 8 bytes:  int32 relativeOffset, int32 position        (both increasing)
 *   .timeindex  entries of 12 bytes: int64 maxTimestampSoFar, int32 relativeOffset (both increasing)
 *
 * An offset index entry says "the batch starting at `position` has base offset base+relativeOffset".
 * A time index entry (T, o) says "every batch written before this entry has a max timestamp <= T, and
 * the batch at o reached T", so a search for the first time >= target may start at the last entry
 * whose T < target.
 */

const OFFSET_ENTRY = 8
const TIME_ENTRY = 12

function grow<T extends Int32Array | Float64Array>(a: T, count: number): T {
  if (count < a.length) return a
  const next = new (a.constructor as new (n: number) => T)(Math.max(16, a.length * 2))
  next.set(a)
  return next
}

/** Sparse offset → file position index. */
export class OffsetIndex {
  #offsets = new Int32Array(0)
  #positions = new Int32Array(0)
  count = 0

  append(relativeOffset: number, position: number): void {
    this.#offsets = grow(this.#offsets, this.count)
    this.#positions = grow(this.#positions, this.count)
    this.#offsets[this.count] = relativeOffset
    this.#positions[this.count++] = position
  }

  /** Position of the last indexed batch whose base is <= relativeOffset (0: the segment start). */
  lookup(relativeOffset: number): number {
    let lo = 0
    let hi = this.count - 1
    let found = 0
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (this.#offsets[mid]! <= relativeOffset) {
        found = this.#positions[mid]!
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }

  get lastPosition(): number {
    return this.count === 0 ? 0 : this.#positions[this.count - 1]!
  }

  toBuffer(): Buffer {
    const buf = Buffer.allocUnsafe(this.count * OFFSET_ENTRY)
    for (let i = 0; i < this.count; i++) {
      buf.writeInt32BE(this.#offsets[i]!, i * OFFSET_ENTRY)
      buf.writeInt32BE(this.#positions[i]!, i * OFFSET_ENTRY + 4)
    }
    return buf
  }

  /** Parses an index file; undefined when it is not a well-formed index for a log of `logSize` bytes. */
  static fromBuffer(buf: Buffer, logSize: number): OffsetIndex | undefined {
    if (buf.length % OFFSET_ENTRY !== 0) return undefined
    const index = new OffsetIndex()
    let prevOffset = -1
    let prevPosition = -1
    for (let at = 0; at < buf.length; at += OFFSET_ENTRY) {
      const offset = buf.readInt32BE(at)
      const position = buf.readInt32BE(at + 4)
      if (offset <= prevOffset || position <= prevPosition || position >= logSize) return undefined
      index.append(offset, position)
      prevOffset = offset
      prevPosition = position
    }
    return index
  }
}

/** Sparse max-timestamp → offset index. */
export class TimeIndex {
  #timestamps = new Float64Array(0)
  #offsets = new Int32Array(0)
  count = 0

  /** Adds (timestamp, relativeOffset) if the timestamp moved past the last entry's (Kafka's rule). */
  maybeAppend(timestamp: number, relativeOffset: number): void {
    if (this.count > 0 && timestamp <= this.#timestamps[this.count - 1]!) return
    this.#timestamps = grow(this.#timestamps, this.count)
    this.#offsets = grow(this.#offsets, this.count)
    this.#timestamps[this.count] = timestamp
    this.#offsets[this.count++] = relativeOffset
  }

  /** Relative offset to start a search for the first timestamp >= target (0: the segment start). */
  lookup(target: number): number {
    let lo = 0
    let hi = this.count - 1
    let found = 0
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if (this.#timestamps[mid]! < target) {
        found = this.#offsets[mid]!
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }

  get lastTimestamp(): number {
    return this.count === 0 ? -1 : this.#timestamps[this.count - 1]!
  }

  get lastOffset(): number {
    return this.count === 0 ? 0 : this.#offsets[this.count - 1]!
  }

  toBuffer(): Buffer {
    const buf = Buffer.allocUnsafe(this.count * TIME_ENTRY)
    for (let i = 0; i < this.count; i++) {
      buf.writeBigInt64BE(BigInt(this.#timestamps[i]!), i * TIME_ENTRY)
      buf.writeInt32BE(this.#offsets[i]!, i * TIME_ENTRY + 8)
    }
    return buf
  }

  static fromBuffer(buf: Buffer): TimeIndex | undefined {
    if (buf.length % TIME_ENTRY !== 0) return undefined
    const index = new TimeIndex()
    for (let at = 0; at < buf.length; at += TIME_ENTRY) {
      const ts = Number(buf.readBigInt64BE(at))
      const offset = buf.readInt32BE(at + 8)
      if (index.count > 0 && (ts <= index.lastTimestamp || offset < index.lastOffset)) {
        return undefined
      }
      index.maybeAppend(ts, offset)
    }
    return index
  }
}

/**
 * Feeds both indexes as batches are appended or scanned, with Kafka's rule: a new entry when more
 * than indexIntervalBytes were written since the last one.
 */
export class SegmentIndexer {
  readonly index: OffsetIndex
  readonly timeIndex: TimeIndex
  readonly baseOffset: number
  bytesSinceEntry = 0
  maxTimestamp = -1
  /** Relative offset of the batch that holds maxTimestamp. */
  maxTimestampOffset = 0

  constructor(baseOffset: number, index = new OffsetIndex(), timeIndex = new TimeIndex()) {
    this.baseOffset = baseOffset
    this.index = index
    this.timeIndex = timeIndex
  }

  add(batchBase: number, maxTimestamp: number, position: number, size: number, interval: number): void {
    const relative = batchBase - this.baseOffset
    if (maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = maxTimestamp
      this.maxTimestampOffset = relative
    }
    if (this.bytesSinceEntry > interval) {
      if (position > this.index.lastPosition) this.index.append(relative, position)
      this.timeIndex.maybeAppend(this.maxTimestamp, this.maxTimestampOffset)
      this.bytesSinceEntry = 0
    }
    this.bytesSinceEntry += size
  }

  /** Takes the max timestamp back from a time index read from disk (its last entry). */
  restoreMax(): void {
    if (this.timeIndex.count === 0) return
    this.maxTimestamp = this.timeIndex.lastTimestamp
    this.maxTimestampOffset = this.timeIndex.lastOffset
  }

  /** The last time index entry, so a sealed segment's max timestamp can be read back from disk. */
  finish(): void {
    if (this.maxTimestamp >= 0) this.timeIndex.maybeAppend(this.maxTimestamp, this.maxTimestampOffset)
  }
}
