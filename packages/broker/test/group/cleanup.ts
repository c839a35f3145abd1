/**
 * Cleanup for end-to-end tests, last registered first: clients close before the broker they talk
 * to stops (node:test runs `after` hooks in registration order, which would stop the broker first
 * and leave clients retrying against nothing).
 */
import type { TestContext } from 'node:test'

const cleanups = new WeakMap<TestContext, Array<() => Promise<unknown>>>()

/** Runs `fn` after the test, before anything registered earlier with `later`. Errors are ignored. */
export function later(t: TestContext, fn: () => Promise<unknown>): void {
  let list = cleanups.get(t)
  if (list === undefined) {
    const fresh: Array<() => Promise<unknown>> = []
    cleanups.set(t, fresh)
    t.after(async () => {
      for (const f of fresh.reverse()) await f().catch(() => {})
    })
    list = fresh
  }
  list.push(fn)
}
