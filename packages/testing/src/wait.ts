/** Waiting for an outcome in tests, with a deadline that names what was awaited. */
import { SpoolTestingError, testingErrorCodes } from './errors.ts'

/**
 * Polls `check` every `interval` ms until it returns a truthy value, and returns that value; fails
 * after `timeout` ms with an error naming `what`.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeout = 30_000,
  interval = 50,
): Promise<Exclude<T, false | null | undefined | '' | 0>> {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = await check()
    if (value) return value as Exclude<T, false | null | undefined | '' | 0>
    if (Date.now() > deadline) {
      throw new SpoolTestingError(
        testingErrorCodes.timeout,
        `timed out after ${timeout} ms waiting for ${what}`,
      )
    }
    await new Promise((r) => setTimeout(r, interval))
  }
}
