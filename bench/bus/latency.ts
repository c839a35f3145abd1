/**
 * A steady-rate pacer and latency statistics. The pacer wakes every millisecond and emits the
 * events due by then (rate × elapsed − sent), so a late tick catches up instead of lowering the
 * rate; each event is stamped when it is handed to the client, so latency is publish → handler.
 */

export interface PaceResult {
  sent: number
  /** Wall time the pacing took, ms. */
  ms: number
  /** Largest gap between two ticks, ms (the event loop's worst stall while sending). */
  maxTickGap: number
}

/**
 * Calls `emit(seq, count)` with the events due, `rate` events/s for `durationMs`.
 *
 * @example
 * await pace(5_000, 10_000, (seq, count) => { for (let i = 0; i < count; i++) send(seq + i) })
 */
export function pace(
  rate: number,
  durationMs: number,
  emit: (seq: number, count: number) => void,
): Promise<PaceResult> {
  const total = Math.round((rate * durationMs) / 1_000)
  const start = performance.now()
  let sent = 0
  let last = start
  let maxTickGap = 0
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      try {
        const now = performance.now()
        maxTickGap = Math.max(maxTickGap, now - last)
        last = now
        const due = Math.min(total, Math.floor(((now - start) * rate) / 1_000))
        if (due > sent) {
          emit(sent, due - sent)
          sent = due
        }
        if (sent >= total) {
          clearInterval(timer)
          resolve({ sent, ms: performance.now() - start, maxTickGap })
        }
      } catch (error) {
        clearInterval(timer)
        reject(error)
      }
    }, 1)
  })
}

export interface LatencyStats {
  samples: number
  p50: number
  p90: number
  p99: number
  p999: number
  max: number
  mean: number
}

/** Collects latencies (ms) of events sent after the warm-up. */
export class LatencyRecorder {
  #samples: Float64Array
  #count = 0
  #from: number

  constructor(capacity: number) {
    this.#samples = new Float64Array(capacity)
    this.#from = Number.POSITIVE_INFINITY
  }

  /** Events sent before `at` (performance.now()) are warm-up and not recorded. */
  measureFrom(at: number): void {
    this.#from = at
  }

  record(sentAt: number, now = performance.now()): void {
    if (sentAt < this.#from || this.#count >= this.#samples.length) return
    this.#samples[this.#count++] = now - sentAt
  }

  stats(): LatencyStats {
    const sorted = this.#samples.slice(0, this.#count).sort()
    const at = (q: number) =>
      sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
    let sum = 0
    for (const v of sorted) sum += v
    return {
      samples: sorted.length,
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      p999: at(0.999),
      max: sorted.length === 0 ? Number.NaN : sorted[sorted.length - 1]!,
      mean: sorted.length === 0 ? Number.NaN : sum / sorted.length,
    }
  }
}

/** Resolves when `done()` is true, polling every 20 ms; rejects after `timeoutMs`. */
export async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
