/**
 * Benchmark of the event bus against the raw Kafka client it wraps, on one real Apache Kafka:
 * throughput (produce and consume, alternating which side goes first) and end-to-end latency at a
 * steady rate. Prints a table and writes bench/results/bus-<date>.json.
 *
 *   npx node bench/bus/run.ts [--events 200000] [--size 1024] [--brokers host:port] [--runs 3]
 *     [--rate 5000] [--seconds 10] [--only all|throughput|latency] [--side both|raw|bus]
 *
 * Every flag can also be given as BENCH_<NAME> in the environment.
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os'
import { busConsume, busLatency, busProduce, envelopeBytes } from './bus-side.ts'
import { dropTopic, freshTopic, openKafka } from './kafka.ts'
import { LatencyRecorder } from './latency.ts'
import type { PhaseResult, ThroughputRun } from './measure.ts'
import { readBenchOptions } from './options.ts'
import { Orders } from './payload.ts'
import { rawConsume, rawLatency, rawProduce } from './raw.ts'
import {
  type LatencySide,
  latencyTable,
  summarizeThroughput,
  throughputTable,
  writeResult,
} from './report.ts'

const options = readBenchOptions()
const envPart = Object.entries(process.env)
  .filter(([k]) => k.startsWith('BENCH_'))
  .map(([k, v]) => `${k}=${v} `)
  .join('')
const command = `${envPart}npx node bench/bus/run.ts ${process.argv.slice(2).join(' ')}`.trim()
console.log(`$ ${command}\n`)

const started = performance.now()
// Other processes on the machine skew every number; the load average says how busy it was.
const loadAtStart = loadavg()[0]!
const progress = (line: string) =>
  console.log(`  [${((performance.now() - started) / 1_000).toFixed(1)} s] ${line}`)
const kafka = await openKafka(options.brokers, (line) => progress(`kafka: ${line}`))
const { brokers } = kafka
process.once('SIGINT', () => {
  void kafka.stop().finally(() => process.exit(130))
})
const orders = new Orders(options.size)
const sides = options.side === 'both' ? (['raw', 'bus'] as const) : ([options.side] as const)
console.log(
  `Kafka: ${kafka.description}; ${options.partitions} partitions per topic\n` +
    `Event: ${orders.bytes} B of JSON data (${envelopeBytes(orders)} B as the bus's structured CloudEvent), ` +
    `keyed by user (1,000 keys)\n` +
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version}\n`,
)

const runs: ThroughputRun[] = []
const single: PhaseResult[] = []
const latency: { raw?: LatencySide; bus?: LatencySide } = {}
/** Kafka's GC pauses (ms) during the measured latency runs. */
let kafkaPauses: number[] = []
const latencyBySide: { raw: LatencySide[]; bus: LatencySide[] } = { raw: [], bus: [] }

/** The run whose p99 is the median of the side's runs (the lower middle one of an even count). */
function medianRun(runs: LatencySide[]): LatencySide | undefined {
  const sorted = [...runs].sort((a, b) => a.p99 - b.p99)
  return sorted[Math.floor((sorted.length - 1) / 2)]
}

/** One throughput pass of one side: produce `events` to a fresh topic, then consume them all. */
async function throughputPass(side: 'raw' | 'bus', run: number, events: number): Promise<ThroughputRun> {
  const { chunk, concurrency, partitions } = options
  const topic = await freshTopic(brokers, side, partitions)
  const produce =
    side === 'raw'
      ? await rawProduce(brokers, topic, orders, events, chunk, concurrency)
      : await busProduce(brokers, topic, orders, events, chunk, concurrency, 'publishBatch')
  const consume =
    side === 'raw'
      ? await rawConsume(brokers, topic, events)
      : await busConsume(brokers, topic, orders, events)
  await dropTopic(brokers, topic)
  progress(
    `${run === 0 ? 'warm-up' : `run ${run}`} ${side}: produced ${events} in ${produce.ms.toFixed(0)} ms, ` +
      `consumed in ${consume.ms.toFixed(0)} ms`,
  )
  return { side, run, produce, consume }
}

try {
  // JIT of both clients and of the broker, and the broker's first segments, are not measured.
  const warmupEvents = Math.min(options.events, 20_000)
  for (const side of sides) await throughputPass(side, 0, warmupEvents)

  if (options.only !== 'latency') {
    for (let run = 1; run <= options.runs; run++) {
      const order = run % 2 === 1 ? sides : [...sides].reverse()
      for (const side of order) {
        runs.push(await throughputPass(side, run, options.events))
        if (side === 'bus') {
          const topic = await freshTopic(brokers, 'bus-publish', options.partitions)
          const { events, chunk, concurrency } = options
          const perEvent = await busProduce(brokers, topic, orders, events, chunk, concurrency, 'publish')
          progress(`run ${run} bus, publish() per event: produced ${events} in ${perEvent.ms.toFixed(0)} ms`)
          single.push(perEvent)
          await dropTopic(brokers, topic)
        }
      }
    }
  }

  if (options.only !== 'throughput') {
    const { rate, seconds, warmup, latencyRuns } = options
    let pausesBefore = 0
    const capacity = Math.ceil(rate * (seconds + warmup)) + 1
    // Run 0 warms Kafka up at this rate (its compiler is still busy after the throughput runs, or
    // after nothing but the warm-up with --only latency) and is not reported. Then the side going
    // first alternates.
    for (let run = 0; run <= latencyRuns; run++) {
      const order = run % 2 === 1 ? [...sides].reverse() : sides
      for (const side of order) {
        const topic = await freshTopic(brokers, `${side}-latency`, options.partitions)
        const recorder = new LatencyRecorder(capacity)
        if (run === 1 && side === order[0]) pausesBefore = kafka.gcPauses().length
        const result =
          side === 'raw'
            ? await rawLatency(brokers, topic, orders, rate, seconds, warmup, recorder)
            : await busLatency(brokers, topic, orders, rate, seconds, warmup, recorder)
        const stats: LatencySide = { ...recorder.stats(), ...result }
        if (run > 0) latencyBySide[side].push(stats)
        progress(
          `latency ${run === 0 ? 'warm-up' : `run ${run}`} ${side}: ${result.received}/${result.sent} events, p50 ${stats.p50.toFixed(2)} ms, ` +
            `p99 ${stats.p99.toFixed(2)} ms`,
        )
        await dropTopic(brokers, topic)
      }
    }
    for (const side of sides) latency[side] = medianRun(latencyBySide[side])
    kafkaPauses = kafka.gcPauses().slice(pausesBefore)
  }
} finally {
  await kafka.stop()
}

const throughput = runs.length > 0 ? summarizeThroughput(runs, single) : undefined
console.log('')
if (throughput) {
  console.log(
    `${options.events.toLocaleString('en-US')} events per run, chunks of ${options.chunk} with ${options.concurrency} in flight\n`,
  )
  console.log(throughputTable(runs, single, throughput))
  console.log('')
}
if (latency.raw || latency.bus) {
  const title =
    `Latency — ${options.rate.toLocaleString('en-US')} events/s for ${options.seconds} s after a ${options.warmup} s warm-up, ` +
    `publish call → handler, ms; the run with the median p99 of ${options.latencyRuns} per side`
  console.log(latencyTable(title, latency.raw, latency.bus))
  if (kafkaPauses.length > 0) {
    const longest = Math.max(...kafkaPauses)
    const total = kafkaPauses.reduce((a, b) => a + b, 0)
    console.log(
      `  Kafka's GC paused it ${kafkaPauses.length} times during the measured runs: longest ${longest.toFixed(1)} ms, ` +
        `${kafkaPauses.filter((p) => p >= 10).length} of 10 ms or more, ${total.toFixed(0)} ms in all`,
    )
  }
  for (const side of sides) {
    console.log(
      `  ${side} p99 of every run: ${latencyBySide[side].map((r) => r.p99.toFixed(2)).join(', ')} ms`,
    )
  }
  console.log(
    'raw: the records due each 1 ms tick, coalesced while a send is in flight (an idempotent producer ' +
      'allows one per connection); bus: one publish() per event. Tick gap: worst event-loop stall while pacing.',
  )
  console.log('')
}

const targets = {
  throughputRatio: { target: 0.9, produce: throughput?.produce.ratio, consume: throughput?.consume.ratio },
  p99Ms: { target: 10, bus: latency.bus?.p99 },
}
const verdict = (ok: boolean | undefined) => (ok === undefined ? 'n/a' : ok ? 'met' : 'MISSED')
const ratioOk = (r: number | undefined) => (r === undefined ? undefined : r >= targets.throughputRatio.target)
console.log(
  `Targets: bus ≥ 0.9× raw — produce ${verdict(ratioOk(targets.throughputRatio.produce))}, ` +
    `consume ${verdict(ratioOk(targets.throughputRatio.consume))}; ` +
    `bus p99 < 10 ms at ${options.rate}/s — ${verdict(latency.bus ? latency.bus.p99 < 10 : undefined)}`,
)

const loadAtEnd = loadavg()[0]!
const cores = availableParallelism()
console.log(
  `Machine load (1-min average): ${loadAtStart.toFixed(1)} at start, ${loadAtEnd.toFixed(1)} at end, on ${cores} cores` +
    (Math.max(loadAtStart, loadAtEnd) > cores
      ? ' — other processes competed for the CPU; numbers are noisy, rerun on a quiet machine'
      : ''),
)

const path = writeResult(options.out, {
  command,
  date: new Date().toISOString(),
  machine: {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim(),
    memGiB: totalmem() / 2 ** 30,
    node: process.version,
  },
  kafka: { description: kafka.description, startMs: kafka.startMs },
  options,
  event: { dataBytes: orders.bytes, envelopeBytes: envelopeBytes(orders) },
  throughput: throughput && { summary: throughput, runs, publishPerEvent: single },
  latency:
    latency.raw || latency.bus
      ? {
          rate: options.rate,
          seconds: options.seconds,
          warmup: options.warmup,
          median: latency,
          runs: latencyBySide,
          kafkaGcPausesMs: kafkaPauses,
        }
      : undefined,
  targets,
  totalSeconds: (performance.now() - started) / 1_000,
})
console.log(`Results: ${path} (${((performance.now() - started) / 1_000).toFixed(0)} s in all)`)
