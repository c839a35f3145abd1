/**
 * Sends mutated frames to a broker as fast as it takes them, over several connections, and counts
 * what became of each one: answered, connection closed, or stalled (the broker waits for bytes
 * that never come, or parks the request, which is what Kafka does too).
 *
 * To know which frame a response or a close belongs to without one round trip per frame, every
 * mutant is followed by a sentinel (ApiVersions v0 with a correlation id ≥ 2^28): responses come in
 * request order, so once sentinel k is answered, mutant k has been dealt with. A close before
 * sentinel k is mutant k's doing; the mutants after it were never read and are sent again on a new
 * connection. Frames that lie in their size prefix swallow what follows them, so they go alone on
 * a connection of their own, half-closed after the frame.
 */
import net from 'node:net'
import { encodeRequest } from '@spool/protocol'
import { templates } from './frames.ts'
import { type Mutant, mutate, Rng } from './mutate.ts'

export interface FuzzOptions {
  readonly port: number
  /** How many mutants to deliver. */
  readonly frames: number
  readonly seed: number
  /** Parallel connections. */
  readonly connections: number
  /** Mutants per pipelined write. */
  readonly batch: number
  /** No progress for this long: the connection is dropped and the mutant counted as stalled (ms). */
  readonly stallMs: number
}

export const defaultFuzzOptions = Object.freeze({
  frames: 100_000,
  seed: 1,
  connections: 8,
  batch: 32,
  stallMs: 200,
})

export interface FuzzStats {
  delivered: number
  /** Mutants answered with at least one response frame before their sentinel. */
  answered: number
  /** Mutants after which the broker closed the connection. */
  closed: number
  /** Mutants after which nothing came back within stallMs. */
  stalled: number
  /** Mutants accepted without any response (acks=0 produce, or skipped silently). */
  silent: number
  connections: number
  byKind: Record<string, { delivered: number; closed: number; answered: number }>
  ms: number
}

const SENTINEL_BASE = 0x10000000
const sentinel = (id: number): Buffer =>
  encodeRequest(
    { apiKey: 18, apiVersion: 0, correlationId: SENTINEL_BASE + id, clientId: 'fuzz-sentinel' },
    {},
  )

/** A connection that hands out whole response frames (size stripped), or `null` once closed. */
class Conn {
  readonly socket: net.Socket
  #buf: Buffer = Buffer.alloc(0)
  #frames: Buffer[] = []
  #closed = false
  #wake: (() => void) | undefined

  constructor(port: number) {
    this.socket = net.connect({ host: '127.0.0.1', port })
    this.socket.setNoDelay(true)
    this.socket.on('data', (chunk: Buffer) => {
      this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk])
      while (this.#buf.length >= 4) {
        const size = this.#buf.readInt32BE(0)
        if (this.#buf.length < 4 + size) break
        this.#frames.push(this.#buf.subarray(4, 4 + size))
        this.#buf = this.#buf.subarray(4 + size)
      }
      this.#wake?.()
    })
    const close = () => {
      this.#closed = true
      this.#wake?.()
    }
    this.socket.on('close', close)
    this.socket.on('error', close)
  }

  /** Next frame; null when closed; undefined after `ms` without one. */
  async next(ms: number): Promise<Buffer | null | undefined> {
    if (this.#frames.length > 0) return this.#frames.shift()!
    if (this.#closed) return null
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      this.#wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
    this.#wake = undefined
    if (this.#frames.length > 0) return this.#frames.shift()!
    return this.#closed ? null : undefined
  }

  destroy(): void {
    this.socket.destroy()
  }
}

/** Runs the fuzzer; resolves with what happened to the frames. */
export async function runFuzz(input: Partial<FuzzOptions> & { port: number }): Promise<FuzzStats> {
  const o = { ...defaultFuzzOptions, ...input }
  const started = performance.now()
  const rng = new Rng(o.seed)
  const pool = templates(rng).map((t) => t.bytes)
  const stats: FuzzStats = {
    delivered: 0,
    answered: 0,
    closed: 0,
    stalled: 0,
    silent: 0,
    connections: 0,
    byKind: {},
    ms: 0,
  }
  let issued = 0
  const nextMutant = (): Mutant | undefined => {
    if (issued >= o.frames) return undefined
    issued++
    return mutate(rng.pick(pool), rng.pick(pool), rng)
  }
  const count = (m: Mutant, outcome: 'answered' | 'closed' | 'stalled' | 'silent') => {
    stats.delivered++
    stats[outcome]++
    stats.byKind[m.kind] ??= { delivered: 0, closed: 0, answered: 0 }
    const k = stats.byKind[m.kind]!
    k.delivered++
    if (outcome === 'closed') k.closed++
    if (outcome === 'answered') k.answered++
  }

  // Solo frames: their own connection, half-closed at once; not waited for by the workers.
  const solos = new Set<Promise<void>>()
  const solo = (m: Mutant) => {
    stats.connections++
    const done = new Promise<void>((resolve) => {
      const c = new Conn(o.port)
      c.socket.end(m.bytes)
      void c.next(o.stallMs).then((f) => {
        count(m, f === null ? 'closed' : f === undefined ? 'stalled' : 'answered')
        c.destroy()
        resolve()
      })
    })
    solos.add(done)
    void done.then(() => solos.delete(done))
  }

  const worker = async () => {
    let carry: Mutant[] = []
    let conn: Conn | undefined
    let sentinelId = 0
    for (;;) {
      const batch: Mutant[] = carry
      carry = []
      while (batch.length < o.batch) {
        const m = nextMutant()
        if (!m) break
        if (m.solo) {
          while (solos.size >= 64) await Promise.race(solos)
          solo(m)
        } else batch.push(m)
      }
      if (batch.length === 0) break
      if (!conn) {
        conn = new Conn(o.port)
        stats.connections++
      }
      const ids = batch.map(() => sentinelId++ % 0x0fffffff)
      conn.socket.write(Buffer.concat(batch.flatMap((m, i) => [m.bytes, sentinel(ids[i]!)])))
      let k = 0
      let responses = 0
      while (k < batch.length) {
        const f = await conn.next(o.stallMs)
        if (f === undefined || f === null) {
          count(batch[k]!, f === null ? 'closed' : 'stalled')
          carry = batch.slice(k + 1)
          conn.destroy()
          conn = undefined
          break
        }
        if (f.length >= 4 && f.readInt32BE(0) === SENTINEL_BASE + ids[k]!) {
          count(batch[k]!, responses > 0 ? 'answered' : 'silent')
          responses = 0
          k++
        } else responses++
      }
    }
    conn?.destroy()
  }

  await Promise.all(Array.from({ length: o.connections }, worker))
  await Promise.all(solos)
  stats.ms = Math.round(performance.now() - started)
  return stats
}
