/**
 * Keyed timers, as Kafka's coordinator keeps them: scheduling a key replaces the timer already
 * under that key, so "reschedule the heartbeat deadline of member X" is one call.
 */
import type { Clock, TimerHandle } from './clock.ts'

export class KeyedTimers {
  readonly #clock: Clock
  readonly #timers = new Map<string, TimerHandle>()
  readonly #onError: (error: unknown, key: string) => void

  constructor(clock: Clock, onError: (error: unknown, key: string) => void) {
    this.#clock = clock
    this.#onError = onError
  }

  /** Runs `fn` after `ms`, replacing any timer under `key`. */
  schedule(key: string, ms: number, fn: () => void): void {
    this.cancel(key)
    const handle = this.#clock.setTimer(ms, () => {
      if (this.#timers.get(key) !== handle) return
      this.#timers.delete(key)
      try {
        fn()
      } catch (error) {
        this.#onError(error, key)
      }
    })
    this.#timers.set(key, handle)
  }

  cancel(key: string): void {
    const handle = this.#timers.get(key)
    if (handle === undefined) return
    this.#timers.delete(key)
    this.#clock.clearTimer(handle)
  }

  has(key: string): boolean {
    return this.#timers.has(key)
  }

  cancelAll(): void {
    for (const handle of this.#timers.values()) this.#clock.clearTimer(handle)
    this.#timers.clear()
  }
}

/** Timer keys, one namespace per kind (group ids and member ids may contain any character). */
export const timerKeys = {
  heartbeat: (groupId: string, memberId: string) => `hb\u0000${groupId}\u0000${memberId}`,
  join: (groupId: string) => `join\u0000${groupId}`,
  sync: (groupId: string) => `sync\u0000${groupId}`,
} as const
