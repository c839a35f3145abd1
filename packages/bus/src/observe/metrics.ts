/**
 * Prometheus metrics of the bus (prom-client). One registry per bus unless the caller passes one,
 * so two buses in one process (tests, multi-tenant services) never collide.
 */

import { Counter, Gauge, Histogram, type LabelValues, Registry } from 'prom-client'
import { SpoolBusError } from '../errors.ts'

export interface BusMetrics {
  registry: Registry
  published: Counter<'type' | 'topic'>
  consumed: Counter<'type' | 'group'>
  failed: Counter<'type' | 'group'>
  retried: Counter<'type' | 'group'>
  deadLettered: Counter<'type' | 'group' | 'reason'>
  duplicates: Counter<'type' | 'group'>
  handlerDuration: Histogram<'type' | 'group'>
  lag: Gauge<'group' | 'topic' | 'partition'>
  spoolDepth: Gauge
}

/** A counter bound to its labels, counting in a plain number (see {@link countingChild}). */
export interface CountingChild {
  inc(value?: number): void
}

/** Counting children of each hot counter, flushed into it when metrics are read. */
const pendingOf = new WeakMap<Counter<string>, Array<{ labels: LabelValues<string>; pending: number }>>()

/**
 * A child of one of the bus's per-event counters (published, consumed) that adds up in a plain
 * number: prom-client hashes and validates the labels on every `inc()`, which costs more than the
 * rest of counting an event. The sum is handed to prom-client whenever the metrics are read.
 *
 * @example
 * const consumed = countingChild(metrics.consumed, { type: 'order.placed', group: 'billing' })
 * consumed.inc() // shows in the next scrape
 */
export function countingChild<T extends string>(counter: Counter<T>, labels: LabelValues<T>): CountingChild {
  const children = pendingOf.get(counter as unknown as Counter<string>)
  if (!children) {
    // Only the bus calls this, with its own counters: reaching here is a bug of the bus.
    throw new SpoolBusError(
      'SPOOL_ERR_INTERNAL',
      `counter ${(counter as unknown as { name: string }).name} is not one the bus counts per event`,
    )
  }
  const child = { labels: labels as LabelValues<string>, pending: 0 }
  children.push(child)
  return {
    inc(value = 1) {
      child.pending += value
    },
  }
}

function hot<T extends string>(counter: Counter<T>): Counter<T> {
  pendingOf.set(counter as unknown as Counter<string>, [])
  return counter
}

/** Hands what the counting children of `counter` added up to prom-client. */
function flushPending(counter: Counter<string>): void {
  for (const child of pendingOf.get(counter) ?? []) {
    if (child.pending === 0) continue
    counter.inc(child.labels, child.pending)
    child.pending = 0
  }
}

export function createMetrics(
  registry: Registry = new Registry(),
  spoolDepth: () => number = () => 0,
): BusMetrics {
  const registers = [registry]
  return {
    registry,
    published: hot(
      new Counter({
        name: 'spool_events_published_total',
        help: 'Events acknowledged by Kafka or kept in the offline spool',
        labelNames: ['type', 'topic'],
        registers,
        collect() {
          flushPending(this)
        },
      }),
    ),
    consumed: hot(
      new Counter({
        name: 'spool_events_consumed_total',
        help: 'Events handled successfully',
        labelNames: ['type', 'group'],
        registers,
        collect() {
          flushPending(this)
        },
      }),
    ),
    failed: new Counter({
      name: 'spool_events_failed_total',
      help: 'Handler attempts that threw',
      labelNames: ['type', 'group'],
      registers,
    }),
    retried: new Counter({
      name: 'spool_events_retried_total',
      help: 'Events retried (in process or through a retry topic)',
      labelNames: ['type', 'group'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'spool_events_dead_lettered_total',
      help: 'Events sent to a dead-letter topic',
      labelNames: ['type', 'group', 'reason'],
      registers,
    }),
    duplicates: new Counter({
      name: 'spool_events_duplicate_total',
      help: 'Events skipped because the idempotency store had already seen their id',
      labelNames: ['type', 'group'],
      registers,
    }),
    handlerDuration: new Histogram({
      name: 'spool_handler_duration_seconds',
      help: 'Handler run time',
      labelNames: ['type', 'group'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    lag: new Gauge({
      name: 'spool_consumer_lag',
      help: 'Records behind the end of the partition, per consumer group',
      labelNames: ['group', 'topic', 'partition'],
      registers,
    }),
    spoolDepth: new Gauge({
      name: 'spool_offline_spool_depth',
      help: 'Records waiting in the offline spool for Kafka',
      registers,
      collect() {
        this.set(spoolDepth())
      },
    }),
  }
}
