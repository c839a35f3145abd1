/**
 * In-process idempotency store: a Map from key to state and expiry. It protects one process only,
 * so it fits tests, development and single-instance consumers; use a shared store (SQLite file,
 * Redis, PostgreSQL) when several processes consume the same group.
 */

import { performance } from 'node:perf_hooks'
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { closedError, IdempotencyStoreError } from './errors.ts'
import type { ClaimResult, IdempotencyStore, KeyStatus } from './store.ts'
import { checkDuration, checkKey } from './validate.ts'

export const memoryStoreOptionsSchema = z.strictObject({
  /** Most keys held at once; beyond it the oldest done (or expired) keys are forgotten first. */
  maxKeys: z.int().min(1).default(100_000), // keys
})

/**
 * Options of {@link memoryStore}.
 *
 * @example
 * const options: MemoryStoreOptions = { maxKeys: 10_000 }
 */
export type MemoryStoreOptions = z.input<typeof memoryStoreOptionsSchema>

/**
 * Defaults of {@link memoryStore}.
 *
 * @example
 * memoryStore({ maxKeys: defaultMemoryStoreOptions.maxKeys * 10 })
 */
export const defaultMemoryStoreOptions: Readonly<Required<MemoryStoreOptions>> = parseOptions(
  'memoryStore',
  memoryStoreOptionsSchema,
  {},
)

interface Entry {
  state: 'busy' | 'done'
  expiresAt: number // performance.now() milliseconds
}

const name = 'memory'

/**
 * Creates an in-process idempotency store.
 *
 * @example
 * const store = memoryStore({ maxKeys: 10_000 })
 * if ((await store.claim('orders:evt-1', 30_000)) === 'claimed') {
 *   await handle()
 *   await store.complete('orders:evt-1', 3_600_000)
 * }
 */
export function memoryStore(options: MemoryStoreOptions = {}): IdempotencyStore {
  const { maxKeys } = parseOptions('memoryStore', memoryStoreOptionsSchema, options)

  // Map iteration follows insertion order; writes re-insert, so the first entries are the oldest.
  const entries = new Map<string, Entry>()
  let closed = false

  // A monotonic clock: wall-clock jumps must not revive or expire claims.
  const now = () => performance.now()

  function live(key: string, at: number): Entry | undefined {
    const entry = entries.get(key)
    if (entry && entry.expiresAt <= at) {
      entries.delete(key)
      return undefined
    }
    return entry
  }

  function write(key: string, entry: Entry): void {
    entries.delete(key)
    if (entries.size >= maxKeys) makeRoom(now())
    entries.set(key, entry)
  }

  function makeRoom(at: number): void {
    for (const [key, entry] of entries) {
      if (entries.size < maxKeys) return
      // Busy keys are never evicted: forgetting one would let a second worker claim it.
      if (entry.state === 'done' || entry.expiresAt <= at) entries.delete(key)
    }
    if (entries.size >= maxKeys) {
      throw new IdempotencyStoreError(
        `${name} idempotency store: all ${maxKeys} keys (option maxKeys) are claimed and in flight`,
        { retryable: true, details: { store: name, property: 'maxKeys' } },
      )
    }
  }

  function ensureOpen(operation: string): void {
    if (closed) throw closedError(name, operation)
  }

  return {
    async claim(key: string, leaseMs: number): Promise<ClaimResult> {
      ensureOpen('claim')
      checkKey(name, key)
      const lease = checkDuration(name, 'leaseMs', leaseMs)
      const at = now()
      const entry = live(key, at)
      if (entry) return entry.state === 'done' ? 'done' : 'busy'
      write(key, { state: 'busy', expiresAt: at + lease })
      return 'claimed'
    },

    async complete(key: string, retentionMs: number): Promise<void> {
      ensureOpen('complete')
      checkKey(name, key)
      const retention = checkDuration(name, 'retentionMs', retentionMs)
      write(key, { state: 'done', expiresAt: now() + retention })
    },

    async release(key: string): Promise<void> {
      ensureOpen('release')
      checkKey(name, key)
      if (entries.get(key)?.state === 'busy') entries.delete(key)
    },

    async status(key: string): Promise<KeyStatus> {
      ensureOpen('status')
      checkKey(name, key)
      // Read-only on purpose: an expired entry reads as absent and is left for the next write.
      const entry = entries.get(key)
      return entry && entry.expiresAt > now() ? entry.state : 'absent'
    },

    async close(): Promise<void> {
      closed = true
      entries.clear()
    },
  }
}
