/**
 * Where the bus's per-event cost comes from: the raw client producing and consuming the same 1 KB
 * orders as records that gain, one rung at a time, what a bus record has — the CloudEvents
 * `content-type` header, the structured envelope around the data, validation of the data by its
 * schema (on publish and on consume) — and finally the bus itself (publishBatch, a consumer
 * group). Each rung: CPU µs per event of the process, producing and consuming, the median of
 * `--runs` rounds after one unreported warm-up round.
 *
 *   npx node bench/bus/ladder.ts [--events 200000] [--runs 3] [--brokers host:port]
 */
import { encodeEventSync, encodeValid } from '@spool/catalog'
import { busConsume, busProduce } from './bus-side.ts'
import { dropTopic, freshTopic, openKafka } from './kafka.ts'
import { readBenchOptions } from './options.ts'
import { type Order, Orders, orderEvent, orderSchema } from './payload.ts'
import { type OrderIn, type RecordOf, rawConsume, rawProduce } from './raw.ts'

interface Rung {
  name: string
  header: boolean
  envelope: boolean
  validate: boolean
  bus?: true
}

const rungs: Rung[] = [
  { name: 'raw client, JSON data', header: false, envelope: false, validate: false },
  { name: '+ content-type header', header: true, envelope: false, validate: false },
  { name: '+ CloudEvents envelope', header: true, envelope: true, validate: false },
  { name: '+ schema validation (zod)', header: true, envelope: true, validate: true },
  { name: 'the bus (publishBatch, consumer)', header: true, envelope: true, validate: true, bus: true },
]

// One header map for every record, as the bus caches its header bytes: the rung then costs only
// what the client spends writing and reading a header.
const CONTENT_TYPE = new Map([
  [Buffer.from('content-type'), Buffer.from('application/cloudevents+json; charset=UTF-8')],
])
const options = readBenchOptions()
const kafka = await openKafka(options.brokers, () => {})
const { brokers } = kafka
const orders = new Orders(options.size)
const definition = orderEvent('ladder')

const encode = { source: '/bench', mode: 'structured' } as const

/** Fills `topic` with `events` orders shaped as the rung says; CPU µs per event. */
async function fill(rung: Rung, topic: string): Promise<number> {
  if (rung.bus) {
    const produced = await busProduce(
      brokers,
      topic,
      orders,
      options.events,
      options.chunk,
      options.concurrency,
      'publishBatch',
    )
    return produced.cpuUsPerEvent
  }
  const value = (order: Order) => {
    if (!rung.envelope) return Buffer.from(JSON.stringify(rung.validate ? orderSchema.parse(order) : order))
    // encodeEventSync validates the data first; encodeValid takes it as valid.
    const encoded = rung.validate
      ? encodeEventSync(definition, order, encode)
      : encodeValid(definition, order, encode)
    return encoded.value as Buffer
  }
  const recordOf: RecordOf = (to, order) => ({
    topic: to,
    key: Buffer.from(order.userId),
    value: value(order),
    headers: rung.header ? CONTENT_TYPE : undefined,
  })
  const { chunk, concurrency, events } = options
  return (await rawProduce(brokers, topic, orders, events, chunk, concurrency, recordOf)).cpuUsPerEvent
}

/** CPU µs per event of reading the whole topic once with a fresh group. */
async function read(rung: Rung, topic: string): Promise<number> {
  if (rung.bus) return (await busConsume(brokers, topic, orders, options.events)).cpuUsPerEvent
  const orderIn: OrderIn = (parsed) => {
    const data = rung.envelope ? (parsed as { data: unknown }).data : parsed
    return rung.validate ? orderSchema.parse(data) : (data as Order)
  }
  return (await rawConsume(brokers, topic, options.events, orderIn)).cpuUsPerEvent
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
console.log(`Kafka: ${kafka.description}; ${options.events} events of ${orders.bytes} B per round and rung\n`)
const cost = { produce: new Map<string, number[]>(), consume: new Map<string, number[]>() }
const note = (map: Map<string, number[]>, rung: Rung, us: number) => {
  map.set(rung.name, [...(map.get(rung.name) ?? []), us])
}
try {
  for (let round = 0; round <= options.runs; round++) {
    for (const rung of rungs) {
      const topic = await freshTopic(brokers, 'ladder', options.partitions)
      const produced = await fill(rung, topic)
      const consumed = await read(rung, topic)
      await dropTopic(brokers, topic)
      if (round === 0) continue
      note(cost.produce, rung, produced)
      note(cost.consume, rung, consumed)
    }
  }
} finally {
  await kafka.stop()
}
for (const side of ['produce', 'consume'] as const) {
  console.log(`\n${side} CPU µs/event       median    step    every run`)
  let previous: number | undefined
  for (const rung of rungs) {
    const runs = cost[side].get(rung.name)!
    const us = median(runs)
    const step = previous === undefined ? '' : `${us >= previous ? '+' : ''}${(us - previous).toFixed(1)}`
    console.log(
      `${rung.name.padEnd(34)} ${us.toFixed(1).padStart(5)}  ${step.padStart(6)}    ${runs.map((r) => r.toFixed(1)).join(' ')}`,
    )
    previous = us
  }
}
