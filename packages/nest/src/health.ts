/**
 * A `@nestjs/terminus` health indicator over `bus.health()` (seed 001's KafkaHealthIndicator):
 * `up` when the producer is connected and every consumer group runs; `degraded` while the service
 * still accepts events but something is impaired (Kafka unreachable with the offline spool
 * holding events, a paused group, a handler failing in the last minute); `down` when it cannot
 * work (Kafka unreachable without a spool, a failed group). Terminus answers 200 for `degraded`
 * and 503 for `down`; `degradedAs: 'down'` makes degraded fail the check too.
 */
import { Inject, Injectable } from '@nestjs/common'
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus'
import { Bus, type BusHealth } from '@spool/bus'

export interface SpoolHealthOptions {
  /** How to report `degraded` (default 'degraded'; 'down' fails the health check). */
  degradedAs?: 'degraded' | 'down'
  /** Lag (records, summed over a group's partitions) above which a running group counts as degraded. */
  maxLag?: number
}

/** Details reported under the indicator's key. */
export interface SpoolHealthDetails {
  [key: string]: unknown
  state: BusHealth['status']
  brokers: string[]
  producer: { connected: boolean; lastError?: string }
  consumers: Array<{
    group: string
    state: string
    lag: number
    handled: number
    failed: number
    deadLettered: number
    lastError?: string
  }>
  spool: { enabled: boolean; depth: number }
}

/**
 * Add it to the providers of the module that has your health controller (with TerminusModule).
 *
 * @example
 * ```ts
 * @Controller('health')
 * export class HealthController {
 *   constructor(private health: HealthCheckService, private kafka: SpoolHealthIndicator) {}
 *   @Get() @HealthCheck()
 *   check() {
 *     return this.health.check([() => this.kafka.isHealthy('kafka')])
 *   }
 * }
 * ```
 */
export class SpoolHealthIndicator {
  readonly #bus: Bus
  readonly #indicators: HealthIndicatorService

  constructor(bus: Bus, indicators: HealthIndicatorService) {
    this.#bus = bus
    this.#indicators = indicators
  }

  /**
   * The bus's health under `key`, as `bus.health()` rates it (degraded: spooling, a group paused or
   * failing), and degraded too when a group lags more than `maxLag`. Degraded is reported as
   * Terminus's `degraded` unless `degradedAs: 'down'`.
   */
  isHealthy<const Key extends string = 'kafka'>(
    key: Key = 'kafka' as Key,
    options: SpoolHealthOptions = {},
  ): HealthIndicatorResult<Key> {
    const health = this.#bus.health()
    let status = health.status
    if (
      status === 'up' &&
      options.maxLag !== undefined &&
      health.consumers.some((c) => c.lag > options.maxLag!)
    ) {
      status = 'degraded'
    }
    const details: SpoolHealthDetails = {
      state: status,
      brokers: health.brokers,
      producer: { connected: health.producer.connected, lastError: health.producer.lastError },
      consumers: health.consumers.map((c) => ({
        group: c.group,
        state: c.state,
        lag: c.lag,
        handled: c.handled,
        failed: c.failed,
        deadLettered: c.deadLettered,
        lastError: c.lastError?.message,
      })),
      spool: health.spool,
    }
    const session = this.#indicators.check(key)
    if (status === 'up') return session.up(details)
    if (status === 'degraded' && options.degradedAs !== 'down') return session.degraded(details)
    return session.down(details)
  }
}

Injectable()(SpoolHealthIndicator)
Inject(Bus)(SpoolHealthIndicator, undefined, 0)
Inject(HealthIndicatorService)(SpoolHealthIndicator, undefined, 1)
