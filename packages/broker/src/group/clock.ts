/**
 * Time for the group coordinator. Every timer the coordinator starts (session timeouts, rebalance
 * deadlines, the initial rebalance delay, offset expiry) goes through a Clock, so tests can drive
 * the state machine with a manual clock instead of waiting.
 */

/** An opaque handle returned by {@link Clock.setTimer}. */
export type TimerHandle = unknown

/** Milliseconds and timers. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Calls `fn` once after `ms` milliseconds. */
  setTimer(ms: number, fn: () => void): TimerHandle
  clearTimer(handle: TimerHandle): void
}

/**
 * The real clock. Its timers are unref'd: a group timer alone never keeps a process alive.
 *
 * @example
 * const coordinator = await createGroupCoordinator({ clock: systemClock })
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimer(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, Math.max(0, ms))
    t.unref()
    return t
  },
  clearTimer(handle: TimerHandle): void {
    clearTimeout(handle as NodeJS.Timeout)
  },
})

interface ManualTimer {
  readonly id: number
  readonly due: number
  readonly fn: () => void
}

/** A clock that only moves when told to; for deterministic tests. */
export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running every timer that falls due, in due order. */
  advance(ms: number): void
  /** Number of timers not yet fired or cleared. */
  pending(): number
}

/**
 * Creates a manual clock starting at `start` ms.
 *
 * @example
 * const clock = createManualClock()
 * const coordinator = await createGroupCoordinator({ clock })
 * clock.advance(10_000) // fires session timeouts due within 10 s
 */
export function createManualClock(start = 1_700_000_000_000): ManualClock {
  let now = start
  let nextId = 1
  const timers = new Map<number, ManualTimer>()
  const clock: ManualClock = {
    now: () => now,
    setTimer(ms, fn) {
      const timer = { id: nextId++, due: now + Math.max(0, ms), fn }
      timers.set(timer.id, timer)
      return timer.id
    },
    clearTimer(handle) {
      timers.delete(handle as number)
    },
    advance(ms) {
      const target = now + ms
      for (;;) {
        let next: ManualTimer | undefined
        for (const t of timers.values()) {
          if (
            t.due <= target &&
            (next === undefined || t.due < next.due || (t.due === next.due && t.id < next.id))
          )
            next = t
        }
        if (next === undefined) break
        timers.delete(next.id)
        now = Math.max(now, next.due)
        next.fn()
      }
      now = target
    },
    pending: () => timers.size,
  }
  return clock
}
