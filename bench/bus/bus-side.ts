/**
 * The bus side: the same events through @spool/bus with its defaults (catalog validation on,
 * structured CloudEvents envelope, micro-batched idempotent producer, per-partition ordered
 * consumer lanes committing each partition's offset once per event-loop turn).
 */
import { type Bus, createBus } from '@spool/bus'
import { encodeEventSync } from '@spool/catalog'
import { pino } from 'pino'
import { type LatencyRecorder, pace, waitUntil } from './latency.ts'
import { chunked, cpuMeter, type PhaseResult, Seen } from './measure.ts'
import { type OrderEvent, type Orders, orderEvent } from './payload.ts'
import type { LatencyRun } from './raw.ts'

const log = pino({ name: 'bench', level: 'warn' })

function benchBus(brokers: string[], event: OrderEvent, clientId: string): Bus {
  // An in-memory offline spool: the bench never goes offline and should leave no files behind.
  return createBus({ brokers, clientId, catalog: [event], offlinePath: ':memory:', logger: log })
}

/** Bytes of one encoded record value (the envelope around the data), from a sample event. */
export function envelopeBytes(orders: Orders): number {
  const event = orderEvent('sample')
  return encodeEventSync(event, orders.next(123_456), { source: '/bench', mode: 'structured' }).value.length
}

export type PublishMode = 'publishBatch' | 'publish'

/** Publishes `total` events in chunks, with `publishBatch` per chunk or one `publish` per event. */
export async function busProduce(
  brokers: string[],
  topic: string,
  orders: Orders,
  total: number,
  chunk: number,
  concurrency: number,
  mode: PublishMode,
): Promise<PhaseResult> {
  const event = orderEvent(topic)
  const bus = benchBus(brokers, event, 'bench-bus')
  try {
    await bus.connect()
    const cpu = cpuMeter()
    const t0 = performance.now()
    await chunked(total, chunk, concurrency, async (first, count) => {
      if (mode === 'publishBatch') {
        const batch = new Array(count)
        for (let i = 0; i < count; i++) batch[i] = { event, data: orders.next(first + i) }
        await bus.publishBatch(batch)
      } else {
        const pending = new Array(count)
        for (let i = 0; i < count; i++) pending[i] = bus.publish(event, orders.next(first + i))
        await Promise.all(pending)
      }
    })
    const ms = performance.now() - t0
    return {
      events: total,
      dataBytes: total * orders.bytes,
      valueBytes: total * envelopeBytes(orders),
      ms,
      cpuUsPerEvent: cpu.perEvent(total),
    }
  } finally {
    await bus.close()
  }
}

export async function busConsume(
  brokers: string[],
  topic: string,
  orders: Orders,
  total: number,
): Promise<PhaseResult> {
  const event = orderEvent(topic)
  const bus = benchBus(brokers, event, 'bench-bus-consumer')
  const seen = new Seen(total)
  let first = 0
  let last = 0
  bus.consumer({ group: `${topic}-bus` }).on(event, (e) => {
    if (seen.distinct === 0) first = performance.now()
    if (seen.add(e.data.seq) && seen.distinct === total) last = performance.now()
  })
  try {
    const t0 = performance.now()
    await bus.start()
    const setupMs = performance.now() - t0
    const cpu = cpuMeter()
    await waitUntil(() => seen.distinct >= total, 180_000, `the bus consumer to handle ${total} events`)
    return {
      events: total,
      dataBytes: total * orders.bytes,
      valueBytes: total * envelopeBytes(orders),
      ms: last - first,
      setupMs,
      duplicates: seen.duplicates,
      cpuUsPerEvent: cpu.perEvent(total),
    }
  } finally {
    await bus.close()
  }
}

/** A steady `rate` through one bus: `publish` per event, a consumer group handling them. */
export async function busLatency(
  brokers: string[],
  topic: string,
  orders: Orders,
  rate: number,
  seconds: number,
  warmup: number,
  recorder: LatencyRecorder,
): Promise<LatencyRun> {
  const event = orderEvent(topic)
  const bus = benchBus(brokers, event, 'bench-bus-latency')
  const seen = new Seen(Math.ceil(rate * (seconds + warmup)) + 1)
  let errors = 0
  bus.consumer({ group: `${topic}-bus` }).on(event, (e) => {
    if (seen.add(e.data.seq)) recorder.record(e.data.sentAt)
  })
  try {
    await bus.start()
    recorder.measureFrom(performance.now() + warmup * 1_000)
    const cpu = cpuMeter()
    const paced = await pace(rate, (warmup + seconds) * 1_000, (seq, count) => {
      for (let i = 0; i < count; i++) {
        bus.publish(event, orders.next(seq + i)).catch(() => {
          errors++
        })
      }
    })
    await waitUntil(() => seen.distinct + errors >= paced.sent, 30_000, 'the bus consumer to catch up')
    return {
      sent: paced.sent,
      received: seen.distinct,
      duplicates: seen.duplicates,
      maxTickGap: paced.maxTickGap,
      errors,
      cpuUsPerEvent: cpu.perEvent(paced.sent),
    }
  } finally {
    await bus.close()
  }
}
