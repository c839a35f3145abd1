/**
 * Mutations of valid request frames, driven by a seeded generator so a failing run can be
 * replayed: bit flips, smashed bytes and integer fields (lengths, counts, versions), truncation,
 * random tails, spliced frames, random bodies, and lies in the size prefix.
 */

/** A small seeded PRNG (mulberry32). */
export class Rng {
  #state: number
  constructor(seed: number) {
    this.#state = seed >>> 0
  }
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n)
    for (let i = 0; i < n; i++) b[i] = this.int(256)
    return b
  }
}

/** A mutated frame. `solo` frames lie in their size prefix and are sent alone on a connection. */
export interface Mutant {
  readonly bytes: Buffer
  readonly kind: string
  readonly solo: boolean
}

const edge16 = [0, 1, 0x7fff, 0x8000, 0xffff]
const edge32 = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x00ffffff]

const withSize = (body: Buffer): Buffer => {
  const out = Buffer.allocUnsafe(body.length + 4)
  out.writeInt32BE(body.length, 0)
  body.copy(out, 4)
  return out
}

/** One mutation of `frame` (size prefix included); `other` is a second frame for splicing. */
export function mutate(frame: Buffer, other: Buffer, rng: Rng): Mutant {
  const body = Buffer.from(frame.subarray(4))
  const at = () => rng.int(Math.max(1, body.length))
  switch (rng.int(11)) {
    case 0:
    case 1: {
      const flips = 1 + rng.int(4)
      for (let i = 0; i < flips; i++) body[at()]! ^= 1 << rng.int(8)
      return { bytes: withSize(body), kind: 'bitflip', solo: false }
    }
    case 2: {
      const n = 1 + rng.int(4)
      for (let i = 0; i < n; i++) body[at()] = rng.pick([0, 0xff, 0x7f, 0x80, rng.int(256)])
      return { bytes: withSize(body), kind: 'bytes', solo: false }
    }
    case 3: {
      // Most length and count fields are int16/int32 (or varints, which 0xff… also breaks).
      const pos = at()
      if (rng.chance(0.5) && pos + 2 <= body.length) body.writeUInt16BE(rng.pick(edge16), pos)
      else if (pos + 4 <= body.length) body.writeUInt32BE(rng.pick(edge32), pos)
      return { bytes: withSize(body), kind: 'int-field', solo: false }
    }
    case 4:
      return { bytes: withSize(body.subarray(0, rng.int(body.length))), kind: 'truncate', solo: false }
    case 5:
      return { bytes: withSize(Buffer.concat([body, rng.bytes(1 + rng.int(64))])), kind: 'tail', solo: false }
    case 6: {
      // Header: api key and version (unknown keys, unsupported and negative versions).
      if (rng.chance(0.5)) body.writeInt16BE(rng.pick([-1, 27, 99, 1000, 0x7fff, rng.int(100)]), 0)
      else body.writeInt16BE(rng.pick([-1, 99, 0x7fff, rng.int(20)]), 2)
      return { bytes: withSize(body), kind: 'header', solo: false }
    }
    case 7: {
      const cut = rng.int(body.length)
      const tail = other.subarray(4 + rng.int(Math.max(1, other.length - 4)))
      return { bytes: withSize(Buffer.concat([body.subarray(0, cut), tail])), kind: 'splice', solo: false }
    }
    case 8: {
      const random = rng.bytes(rng.int(80))
      if (random.length >= 4 && rng.chance(0.7)) body.subarray(0, 4).copy(random) // a real header, random body
      return { bytes: withSize(random), kind: 'random', solo: false }
    }
    case 9: {
      const frame2 = withSize(body)
      const lies = [body.length + 1 + rng.int(1000), rng.int(body.length), -1, 0x7fffffff, 200 << 20]
      frame2.writeInt32BE(rng.pick(lies) | 0, 0)
      return { bytes: frame2, kind: 'size-lie', solo: true }
    }
    default: {
      // Several mutations at once.
      for (let i = 0; i < 8; i++) body[at()] = rng.int(256)
      if (rng.chance(0.5))
        return { bytes: withSize(body.subarray(0, rng.int(body.length))), kind: 'mixed', solo: false }
      return { bytes: withSize(body), kind: 'mixed', solo: false }
    }
  }
}
