/**
 * Processes the records of one partition strictly in order, one at a time, while other partitions'
 * workers run concurrently. A record whose offset is below the worker's position was already
 * handled (a rebalance or a refetch delivered it again) and is skipped.
 *
 * Records whose processing finishes synchronously (a sync handler, no store to wait for) are
 * handled in a plain loop, without a promise or a microtask each; the first one that returns a
 * promise switches the worker to waiting for it.
 */
export type ProcessFn<M> = (message: M) => void | Promise<void>

export class PartitionWorker<M extends { offset: bigint }> {
  readonly topic: string
  readonly partition: number
  /** Next offset to handle; undefined until the first record. */
  position: bigint | undefined
  /** The last record done whose offset is not committed yet. */
  uncommitted: M | undefined
  #queue: M[] = []
  #running: Promise<void> | undefined
  #process: ProcessFn<M>
  #onDone: (count: number) => void
  #paused = false
  #revoked = false
  #failures = 0
  #wake: (() => void) | undefined
  /** True while the synchronous loop runs (a push from inside a handler only queues). */
  #looping = false
  #onError: (error: unknown, message: M) => void

  constructor(
    topic: string,
    partition: number,
    process: ProcessFn<M>,
    onDone: (count: number) => void,
    onError: (error: unknown, message: M) => void,
  ) {
    this.topic = topic
    this.partition = partition
    this.#process = process
    this.#onDone = onDone
    this.#onError = onError
  }

  get queued(): number {
    return this.#queue.length
  }

  get busy(): boolean {
    return this.#running !== undefined
  }

  push(message: M): void {
    this.#revoked = false
    this.#queue.push(message)
    this.#kick()
  }

  pause(): void {
    this.#paused = true
    this.#wake?.()
  }

  resume(): void {
    this.#paused = false
    this.#kick()
  }

  /** Drops queued records (they were not committed, so Kafka delivers them again). */
  clear(): number {
    const dropped = this.#queue.length
    this.#queue = []
    if (dropped) this.#onDone(dropped)
    return dropped
  }

  /** The partition went to another member: drop what is queued and forget the position. */
  revoke(): void {
    this.#revoked = true
    this.clear()
    if (!this.#running) this.position = undefined
  }

  /** Resolves when the record being handled (if any) is done. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  #kick(): void {
    if (this.#running || this.#paused || this.#looping || this.#queue.length === 0) return
    this.#looping = true
    try {
      this.#loop()
    } finally {
      this.#looping = false
    }
  }

  #loop(): void {
    while (!this.#paused && this.#queue.length > 0) {
      const message = this.#queue.shift()!
      if (this.position !== undefined && message.offset < this.position) {
        this.#onDone(1)
        continue
      }
      let result: void | Promise<void>
      try {
        result = this.#process(message)
      } catch (error) {
        result = Promise.reject(error)
      }
      if (result !== undefined) {
        this.#running = this.#settle(message, result).finally(() => {
          this.#running = undefined
          if (this.#revoked) this.position = undefined
          this.#kick()
        })
        return
      }
      this.#done(message)
    }
  }

  #done(message: M): void {
    this.#failures = 0
    this.position = message.offset + 1n
    this.#onDone(1)
  }

  /** Waits for a record whose processing went asynchronous; a failure keeps it at the head. */
  async #settle(message: M, result: Promise<void>): Promise<void> {
    try {
      await result
    } catch (error) {
      // The record could be neither handled nor handed off (to a retry topic or the dead
      // letters): keep it at the head and try again later, never skipping past it.
      if (this.#revoked) {
        // The partition belongs to another member now; it will handle the record.
        this.#onDone(1)
        return
      }
      this.#queue.unshift(message)
      // Paused (or stopping): leave the record queued and uncommitted; it is not a failure.
      if (this.#paused) return
      this.#failures++
      this.#onError(error, message)
      const delay = Math.min(30_000, 250 * 2 ** Math.min(this.#failures, 7))
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay)
        this.#wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.#wake = undefined
      return
    }
    this.#done(message)
  }
}
