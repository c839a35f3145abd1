/**
 * Wires SIGINT/SIGTERM to a graceful bus shutdown. A second signal while shutting down exits at
 * once (the usual expectation of a developer pressing Ctrl-C twice).
 */
import type { Bus } from './bus.ts'

export interface ShutdownOptions {
  signals?: NodeJS.Signals[]
  /** Deadline of the graceful close, ms (default: the bus's shutdownTimeout). */
  timeout?: number
  /** Called after the bus closed, before the process exits. */
  onClosed?: () => void | Promise<void>
  /** Exit the process when done (default true). */
  exit?: boolean
}

/**
 * @example
 * const bus = createBus(busOptionsFromEnv())
 * shutdownOnSignals(bus)
 * @returns a function that removes the handlers
 */
export function shutdownOnSignals(bus: Bus, options: ShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM']
  let closing = false
  const handler = (signal: NodeJS.Signals) => {
    if (closing) {
      bus.log.warn({ signal }, 'second signal; exiting now')
      process.exit(130)
    }
    closing = true
    bus.log.info({ signal }, 'shutting down gracefully')
    bus
      .close(options.timeout)
      .then(() => options.onClosed?.())
      .then(
        () => {
          if (options.exit !== false) process.exit(0)
        },
        (error: unknown) => {
          bus.log.error({ err: error }, 'shutdown failed')
          if (options.exit !== false) process.exit(1)
        },
      )
  }
  for (const s of signals) process.on(s, handler)
  return () => {
    for (const s of signals) process.off(s, handler)
  }
}
