/**
 * Fault injection for users' tests: delay an API, or answer it with an error code a number of
 * times, to see how an application behaves when Kafka is slow or failing. The error is placed where
 * the API carries errors (per partition for Produce and Fetch, see error-responses.ts), and the
 * request is not executed (a failed Produce writes nothing).
 */
import { BrokerErrorCodes, SpoolBrokerError } from '../errors.ts'

export interface FailOptions {
  /** How many requests to fail; default every one until `clear`. */
  readonly times?: number
}

interface Rule {
  delayMs: number
  errorCode: number | undefined
  /** Remaining failures; Infinity until cleared. */
  remaining: number
}

/** What the dispatcher should do with one request. */
export interface FaultDecision {
  readonly delayMs: number
  readonly errorCode: number | undefined
}

const NONE: FaultDecision = Object.freeze({ delayMs: 0, errorCode: undefined })

/**
 * @example
 * broker.faults.fail(ApiKeys.PRODUCE, ErrorCodes.NOT_LEADER_OR_FOLLOWER, { times: 2 })
 * broker.faults.delay(ApiKeys.FETCH, 500)
 * broker.faults.clear()
 */
export class Faults {
  readonly #rules = new Map<number, Rule>()

  #rule(apiKey: number): Rule {
    let r = this.#rules.get(apiKey)
    if (r === undefined) {
      r = { delayMs: 0, errorCode: undefined, remaining: 0 }
      this.#rules.set(apiKey, r)
    }
    return r
  }

  /** Delays every request of `apiKey` by `ms` before it is handled (0 removes the delay). */
  delay(apiKey: number, ms: number): this {
    if (!Number.isFinite(ms) || ms < 0)
      throw new SpoolBrokerError(
        BrokerErrorCodes.INVALID_ARGUMENT,
        `delay must be a non-negative number of ms, got ${ms}`,
      )
    this.#rule(apiKey).delayMs = ms
    return this
  }

  /** Answers the next `times` requests of `apiKey` (all, by default) with `errorCode`. */
  fail(apiKey: number, errorCode: number, options: FailOptions = {}): this {
    const times = options.times ?? Number.POSITIVE_INFINITY
    if (!(times > 0)) {
      throw new SpoolBrokerError(BrokerErrorCodes.INVALID_ARGUMENT, `times must be positive, got ${times}`)
    }
    const r = this.#rule(apiKey)
    r.errorCode = errorCode
    r.remaining = times
    return this
  }

  /** Removes the faults of one API, or of all. */
  clear(apiKey?: number): this {
    if (apiKey === undefined) this.#rules.clear()
    else this.#rules.delete(apiKey)
    return this
  }

  /** Consumes one request's worth of faults (called by the dispatcher). */
  take(apiKey: number): FaultDecision {
    if (this.#rules.size === 0) return NONE
    const r = this.#rules.get(apiKey)
    if (r === undefined) return NONE
    let errorCode: number | undefined
    if (r.errorCode !== undefined && r.remaining > 0) {
      errorCode = r.errorCode
      r.remaining -= 1
      if (r.remaining === 0) r.errorCode = undefined
    }
    if (r.delayMs === 0 && r.errorCode === undefined && r.remaining === 0) this.#rules.delete(apiKey)
    return { delayMs: r.delayMs, errorCode }
  }
}
