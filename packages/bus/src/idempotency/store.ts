/**
 * The contract every idempotency store keeps. A consumer wraps each handler call in
 * claim → handler → complete (or release on failure), so an event redelivered by Kafka (after a
 * rebalance, a crash before the offset commit, or a producer retry) runs its handler once.
 *
 * Keys are opaque strings chosen by the caller, already namespaced (consumer group + event id).
 * They may be long and hold any character; stores that cannot keep a key verbatim store a digest.
 *
 * A lease bounds how long a crashed worker blocks a key: once it passes, another worker may claim.
 * Choose a lease longer than the slowest handler, because a worker whose lease ran out can no
 * longer tell that someone else took over.
 */

import type { PgPoolClientLike } from './clients.ts'

/**
 * Outcome of {@link IdempotencyStore.claim}.
 * - `claimed`: the caller holds the key and must run the handler, then `complete()` or `release()`.
 * - `done`: the key was processed successfully within its retention; skip the handler.
 * - `busy`: another worker holds an unexpired lease; try again later.
 *
 * @example
 * const outcome: ClaimResult = await store.claim('orders:evt-1', 30_000)
 */
export type ClaimResult = 'claimed' | 'done' | 'busy'

/**
 * What {@link IdempotencyStore.status} reports about a key.
 *
 * @example
 * assert.equal(await store.status('orders:evt-1'), 'absent')
 */
export type KeyStatus = 'done' | 'busy' | 'absent'

/**
 * Remembers which events were processed so handlers run once per key.
 *
 * @example
 * const outcome = await store.claim(`${group}:${event.id}`, 30_000)
 * if (outcome === 'claimed') {
 *   try {
 *     await handler(event)
 *     await store.complete(`${group}:${event.id}`, 7 * 24 * 3_600_000)
 *   } catch (error) {
 *     await store.release(`${group}:${event.id}`)
 *     throw error
 *   }
 * }
 */
export interface IdempotencyStore {
  /**
   * Try to take the key for processing for `leaseMs` milliseconds. `'claimed'`: the caller must run
   * the handler then `complete()` or `release()`. `'done'`: already processed successfully (skip).
   * `'busy'`: another worker holds an unexpired lease. Atomic: of many concurrent claims of one
   * key, exactly one returns `'claimed'`.
   */
  claim(key: string, leaseMs: number): Promise<ClaimResult>
  /** Mark the key processed and remember it for `retentionMs` milliseconds. */
  complete(key: string, retentionMs: number): Promise<void>
  /** Drop a claim after a failed handler so a retry can claim again. A key already done stays done. */
  release(key: string): Promise<void>
  /** `'done'`, `'busy'` or `'absent'`, without changing anything (for inspection and tests). */
  status(key: string): Promise<KeyStatus>
  /** Release the store's resources. Calling it again does nothing; other calls afterwards reject. */
  close(): Promise<void>
  /**
   * Present on a store that can share a transaction with the handler (PostgreSQL with
   * `transactional: true`); a consumer then uses it instead of claim, complete and release.
   * Opens a transaction, marks the key done in it (waiting at most `waitMs` for another worker's
   * transaction on the same key), runs `body` with the transaction's connection and commits.
   * `'done'`: the key was already done, `body` did not run. A `body` that throws rolls everything
   * back and its error is rethrown as is.
   */
  runOnce?(
    key: string,
    retentionMs: number,
    waitMs: number,
    body: (transaction: PgPoolClientLike) => Promise<unknown>,
  ): Promise<'ran' | 'done'>
}
