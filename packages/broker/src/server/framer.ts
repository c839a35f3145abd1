/**
 * Splits a byte stream into Kafka frames: `size int32` followed by `size` bytes. A size below zero
 * or above the limit (socket.request.max.bytes) is an error, detected as soon as the 4 size bytes
 * arrive, before anything is buffered for it.
 */
import { ProtocolError } from '@spool/protocol'

/** A frame whose size is negative or above the limit: the connection is closed. */
export class FrameTooLargeError extends ProtocolError {
  readonly size: number
  constructor(size: number, max: number) {
    super(
      size < 0 ? `Invalid frame size ${size}` : `Frame of ${size} bytes is larger than the maximum ${max}`,
    )
    this.size = size
  }
}

/**
 * @example
 * const framer = new Framer(100 * 1024 * 1024)
 * socket.on('data', (chunk) => { for (const frame of framer.push(chunk)) handle(frame) })
 */
export class Framer {
  readonly #max: number
  #chunks: Buffer[] = []
  #buffered = 0
  /** Size of the frame being assembled, or -1 while its size is not known yet. */
  #need = -1

  constructor(maxFrameBytes: number) {
    this.#max = maxFrameBytes
  }

  /** Bytes received but not yet returned as frames. */
  get buffered(): number {
    return this.#buffered
  }

  /** Adds bytes; returns every frame completed by them (without their size prefix). */
  push(chunk: Buffer): Buffer[] {
    this.#chunks.push(chunk)
    this.#buffered += chunk.length
    const frames: Buffer[] = []
    for (;;) {
      if (this.#need < 0) {
        if (this.#buffered < 4) break
        const size = this.#take(4).readInt32BE(0)
        if (size < 0 || size > this.#max) throw new FrameTooLargeError(size, this.#max)
        this.#need = size
      }
      if (this.#buffered < this.#need) break
      frames.push(this.#take(this.#need))
      this.#need = -1
    }
    return frames
  }

  /** Removes and returns the first n buffered bytes (a view when they sit in one chunk). */
  #take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0)
    this.#buffered -= n
    const first = this.#chunks[0]!
    if (first.length === n) {
      this.#chunks.shift()
      return first
    }
    if (first.length > n) {
      this.#chunks[0] = first.subarray(n)
      return first.subarray(0, n)
    }
    const out = Buffer.allocUnsafe(n)
    let at = 0
    while (at < n) {
      const c = this.#chunks[0]!
      const k = Math.min(c.length, n - at)
      c.copy(out, at, 0, k)
      at += k
      if (k === c.length) this.#chunks.shift()
      else this.#chunks[0] = c.subarray(k)
    }
    return out
  }
}
