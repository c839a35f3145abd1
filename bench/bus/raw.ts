/**
 * The baseline: @platformatic/kafka used directly, as a competent user would — JSON.stringify per
 * message, chunks of records with several sends in flight, a group consumer that JSON.parses each
 * record and commits as it goes.
 */
import type { Message, MessagesStream } from '@platformatic/kafka'
import { FETCH_SIZES, FETCH_WAIT, type RawProducer, rawConsumer, rawProducer } from './kafka.ts'
import { type LatencyRecorder, pace, waitUntil } from './latency.ts'
import { chunked, cpuMeter, type PhaseResult, Seen } from './measure.ts'
import type { Order, Orders } from './payload.ts'

type RawMessage = Message<Buffer, Buffer, Buffer, Buffer>
type RawStream = MessagesStream<Buffer, Buffer, Buffer, Buffer>
/** An outgoing raw record (headers only where a caller adds them). */
export type Outgoing = { topic: string; key: Buffer; value: Buffer; headers?: Map<Buffer, Buffer> }
/** Builds the record of one order; the baseline's is `JSON.stringify` of the order, keyed by user. */
export type RecordOf = (topic: string, order: Order) => Outgoing
/** The order in a record's parsed JSON value; the baseline's value is the order itself. */
export type OrderIn = (parsed: unknown) => Order

const toRecord: RecordOf = (topic, order) => ({
  topic,
  key: Buffer.from(order.userId),
  value: Buffer.from(JSON.stringify(order)),
})

export async function rawProduce(
  brokers: string[],
  topic: string,
  orders: Orders,
  total: number,
  chunk: number,
  concurrency: number,
  recordOf: RecordOf = toRecord,
): Promise<PhaseResult> {
  const producer = rawProducer(brokers)
  try {
    await producer.metadata({ topics: [topic] })
    let bytes = 0
    const cpu = cpuMeter()
    const t0 = performance.now()
    await chunked(total, chunk, concurrency, async (first, count) => {
      const messages = new Array<Outgoing>(count)
      for (let i = 0; i < count; i++) {
        messages[i] = recordOf(topic, orders.next(first + i))
        bytes += messages[i]!.value.length
      }
      await producer.send({ messages })
    })
    const ms = performance.now() - t0
    return { events: total, dataBytes: bytes, valueBytes: bytes, ms, cpuUsPerEvent: cpu.perEvent(total) }
  } finally {
    await producer.close()
  }
}

const asOrder: OrderIn = (parsed) => parsed as Order

/** Opens a group consumer from the earliest offset, calling `onOrder` for every record. */
async function openConsumer(
  brokers: string[],
  topic: string,
  onOrder: (order: Order, bytes: number) => void,
  orderIn: OrderIn = asOrder,
): Promise<{ close(): Promise<void>; failure(): unknown }> {
  const consumer = rawConsumer(brokers, `${topic}-raw`)
  let failure: unknown
  try {
    const stream: RawStream = await consumer.consume({
      topics: [topic],
      mode: 'earliest',
      autocommit: false,
      maxWaitTime: FETCH_WAIT,
      ...FETCH_SIZES,
    })
    stream.on('error', (error: unknown) => {
      failure = error
    })
    stream.on('data', (message: RawMessage) => {
      onOrder(orderIn(JSON.parse(message.value.toString('utf8'))), message.value.length)
      message.commit()
    })
    return {
      failure: () => failure,
      close: async () => {
        await stream.close().catch(() => {})
        await consumer.close(true).catch(() => {})
      },
    }
  } catch (error) {
    await consumer.close(true).catch(() => {})
    throw error
  }
}

export async function rawConsume(
  brokers: string[],
  topic: string,
  total: number,
  orderIn: OrderIn = asOrder,
): Promise<PhaseResult> {
  const seen = new Seen(total)
  let bytes = 0
  let first = 0
  let last = 0
  const t0 = performance.now()
  const consumer = await openConsumer(
    brokers,
    topic,
    (order, size) => {
      if (seen.distinct === 0) first = performance.now()
      if (!seen.add(order.seq)) return
      bytes += size
      if (seen.distinct === total) last = performance.now()
    },
    orderIn,
  )
  const setupMs = performance.now() - t0
  const cpu = cpuMeter()
  try {
    await waitUntil(
      () => seen.distinct >= total || consumer.failure() !== undefined,
      180_000,
      `the raw consumer to read ${total} events`,
    )
    if (consumer.failure()) throw consumer.failure()
    const ms = last - first
    return {
      events: total,
      dataBytes: bytes,
      valueBytes: bytes,
      ms,
      setupMs,
      duplicates: seen.duplicates,
      cpuUsPerEvent: cpu.perEvent(total),
    }
  } finally {
    await consumer.close()
  }
}

/**
 * Sends records as they come with one request in flight (all an idempotent producer allows per
 * connection): records arriving while a send is in flight go together in the next one.
 */
function coalescingSender(producer: RawProducer, onError: (count: number) => void) {
  let queue: Outgoing[] = []
  let busy = false
  const drain = async () => {
    busy = true
    while (queue.length > 0) {
      const messages = queue
      queue = []
      await producer.send({ messages }).catch(() => onError(messages.length))
    }
    busy = false
  }
  return (messages: Outgoing[]) => {
    for (const m of messages) queue.push(m)
    if (!busy) void drain()
  }
}

export interface LatencyRun {
  sent: number
  received: number
  duplicates: number
  maxTickGap: number
  errors: number
  /** Process CPU per event while pacing and draining, µs (producer and consumer together). */
  cpuUsPerEvent: number
}

/** A steady `rate` through a raw producer and consumer in one process. */
export async function rawLatency(
  brokers: string[],
  topic: string,
  orders: Orders,
  rate: number,
  seconds: number,
  warmup: number,
  recorder: LatencyRecorder,
): Promise<LatencyRun> {
  const producer = rawProducer(brokers)
  const seen = new Seen(Math.ceil(rate * (seconds + warmup)) + 1)
  let errors = 0
  let consumer: Awaited<ReturnType<typeof openConsumer>> | undefined
  try {
    await producer.metadata({ topics: [topic] })
    consumer = await openConsumer(brokers, topic, (order) => {
      if (seen.add(order.seq)) recorder.record(order.sentAt)
    })
    const send = coalescingSender(producer, (count) => {
      errors += count
    })
    recorder.measureFrom(performance.now() + warmup * 1_000)
    const cpu = cpuMeter()
    const paced = await pace(rate, (warmup + seconds) * 1_000, (seq, count) => {
      const messages = new Array<Outgoing>(count)
      for (let i = 0; i < count; i++) messages[i] = toRecord(topic, orders.next(seq + i))
      send(messages)
    })
    await waitUntil(() => seen.distinct + errors >= paced.sent, 30_000, 'the raw consumer to catch up')
    return {
      sent: paced.sent,
      received: seen.distinct,
      duplicates: seen.duplicates,
      maxTickGap: paced.maxTickGap,
      errors,
      cpuUsPerEvent: cpu.perEvent(paced.sent),
    }
  } finally {
    await consumer?.close()
    await producer.close().catch(() => {})
  }
}
