/** Polling helpers for scenarios that wait on other processes (consumers, rebalances). */

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Resolves once `check` is true (it may be async), polling every `intervalMs`; rejects naming
 * `what` (and the last value `describe` gives, if any) after `timeoutMs`.
 */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  options: { intervalMs?: number; describe?: () => string | Promise<string> } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      if (await check()) return
      lastError = undefined
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      const state = options.describe ? ` (${await options.describe()})` : ''
      const cause = lastError ? `: ${(lastError as Error).message}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state}${cause}`)
    }
    await sleep(options.intervalMs ?? 50)
  }
}
