/**
 * One partition as the request handlers see it: its log, its leader epoch, a lock that serializes
 * appends (offset assignment and idempotent-producer checks must not interleave), and the list of
 * long-polling fetches to wake when records arrive.
 */
import type { PartitionLog } from '../log/types.ts'

/** A single node never changes leader, so every partition stays at epoch 0. */
export const LEADER_EPOCH = 0

export class Partition {
  readonly topic: string
  readonly index: number
  readonly log: PartitionLog
  readonly leaderEpoch = LEADER_EPOCH
  #tail: Promise<unknown> = Promise.resolve()
  readonly #listeners = new Set<() => void>()
  #closed = false

  constructor(topic: string, index: number, log: PartitionLog) {
    this.topic = topic
    this.index = index
    this.log = log
  }

  /** True once the partition was closed (its topic deleted or the broker stopped). */
  get closed(): boolean {
    return this.#closed
  }

  /** Runs `fn` after every earlier `exclusive` call on this partition has finished. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn)
    this.#tail = run.catch(() => {})
    return run
  }

  /** Calls `listener` on the next append (or close); returns a function that unsubscribes. */
  onAppend(listener: () => void): () => void {
    if (this.#closed) {
      queueMicrotask(listener)
      return () => {}
    }
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Wakes every fetch waiting on this partition. */
  notify(): void {
    for (const l of [...this.#listeners]) {
      this.#listeners.delete(l)
      l()
    }
  }

  /** Marks the partition gone (topic deleted, broker stopping) and wakes its waiters. */
  markClosed(): void {
    this.#closed = true
    this.notify()
  }

  /** Waits for pending appends, then closes the log. */
  async close(): Promise<void> {
    this.markClosed()
    await this.#tail
    await this.log.close()
  }
}
