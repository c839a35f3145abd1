/**
 * Exponential backoff with full jitter: attempt n waits a random time in
 * [0, min(maxDelay, initialDelay * 2^(n-1))]. Full jitter spreads retries of many consumers that
 * failed at once (for example when a database they share went away).
 */
export function backoffDelay(
  attempt: number,
  initialDelay: number,
  maxDelay: number,
  random = Math.random,
): number {
  const ceiling = Math.min(maxDelay, initialDelay * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling * random())
}

/** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
