/** What one side of a scenario measured, and the chunked-concurrency driver both sides share. */

export interface PhaseResult {
  events: number
  /** Bytes of event data (JSON of the order), the same for both sides. */
  dataBytes: number
  /** Bytes of record values on the wire (the bus adds its envelope). */
  valueBytes: number
  /** From the first send (or first record received) to the last ack (or last record handled), ms. */
  ms: number
  /** Consumers: joining the group until the stream opened, ms (not part of `ms`). */
  setupMs?: number
  /** Consumers: records delivered more than once. */
  duplicates?: number
  /** CPU time of this process (all threads, user + system) per event, µs: robust to a busy machine. */
  cpuUsPerEvent: number
}

export interface ThroughputRun {
  side: 'raw' | 'bus'
  run: number
  produce: PhaseResult
  consume: PhaseResult
}

/**
 * Sends `total` events in chunks of `chunk`, with `concurrency` chunks in flight: what a competent
 * user does to load a topic quickly.
 */
export async function chunked(
  total: number,
  chunk: number,
  concurrency: number,
  send: (first: number, count: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < total) {
      const first = next
      const count = Math.min(chunk, total - first)
      next += count
      await send(first, count)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/**
 * Which `seq` numbers a consumer has seen: a complete read has `distinct === total`; records the
 * client delivered twice are counted, not mistaken for progress.
 */
export class Seen {
  distinct = 0
  duplicates = 0
  #bits: Uint8Array

  constructor(total: number) {
    this.#bits = new Uint8Array(total)
  }

  /** True the first time `seq` is seen. */
  add(seq: number): boolean {
    if (this.#bits[seq] === 1) {
      this.duplicates++
      return false
    }
    this.#bits[seq] = 1
    this.distinct++
    return true
  }
}

/** Process CPU time from now on; `perEvent(n)` divides it by `n` events, in µs. */
export function cpuMeter(): { perEvent(events: number): number } {
  const start = process.cpuUsage()
  return {
    perEvent(events) {
      const used = process.cpuUsage(start)
      return (used.user + used.system) / events
    },
  }
}
