/**
 * `npm run bench:broker`: the embedded broker (`spool broker`, file-backed, its own process)
 * against real Apache Kafka 4.4 in the same run, both driven by Kafka's own ProducerPerformance
 * and ConsumerPerformance: 1 KB records, acks=1 and acks=all, 1 and 6 partitions. Prints
 * records/s, MB/s, p50/p99 latency, consumer throughput, start-up (spawn → first acknowledged
 * produce) and broker RSS after 1M records, each with its embedded/Kafka ratio, and saves JSON to
 * bench/results/.
 *
 * Options: --records <per producer run, default 250000> --only embedded|kafka
 *          --profile (run spool broker with --cpu-prof; prints where its CPU time went)
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createTopicWire } from '../../packages/broker/test/conformance/support/neutral.ts'
import { type BenchBroker, embeddedStartups, rssMb, startEmbedded, startRealKafka } from './brokers.ts'
import { type ConsumeResult, consumerPerf, type ProduceResult, producerPerf } from './perf.ts'
import { summarizeProfile } from './profile.ts'

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '250000' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
})
const records = Number(args.records)
const stamp = new Date()
  .toISOString()
  .replace(/[:.]/g, '-')
  .replace(/-\d+Z$/, 'Z')
const resultsDir = resolve(import.meta.dirname, '../results')
const profileDir = join(resultsDir, `prof-broker-${stamp}`)
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const log = (line: string) => process.stdout.write(`${line}\n`)

interface BrokerResult {
  startupMs: number
  startupNote: string
  produce: Record<string, ProduceResult>
  consume: Record<string, ConsumeResult>
  rssMbAfter1M: number
}

const cases = [
  { partitions: 1, acks: '1' },
  { partitions: 1, acks: 'all' },
  { partitions: 6, acks: '1' },
  { partitions: 6, acks: 'all' },
] as const

async function bench(start: () => Promise<BenchBroker>): Promise<BrokerResult> {
  const b = await start()
  log(
    `[${b.name}] up at ${b.bootstrap}, first acked produce ${Math.round(b.startupMs)} ms after spawn; load ${load()}`,
  )
  const produce: Record<string, ProduceResult> = {}
  const consume: Record<string, ConsumeResult> = {}
  try {
    for (const c of cases) {
      const topic = `perf-p${c.partitions}-acks-${c.acks}`
      await createTopicWire(b.bootstrap, topic, c.partitions)
      const r = await producerPerf(b.bootstrap, topic, records, c.acks)
      produce[`p${c.partitions} acks=${c.acks}`] = r
      log(
        `[${b.name}] produce ${c.partitions} partition(s) acks=${c.acks}: ${Math.round(r.recordsPerSec)} rec/s, ` +
          `${r.mbPerSec.toFixed(1)} MB/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`,
      )
    }
    const rss = rssMb(b.pid)
    log(`[${b.name}] RSS after ${cases.length * records} records: ${rss.toFixed(0)} MB`)
    for (const partitions of [1, 6]) {
      const r = await consumerPerf(b.bootstrap, `perf-p${partitions}-acks-all`, records)
      consume[`p${partitions}`] = r
      log(
        `[${b.name}] consume ${partitions} partition(s): ${Math.round(r.recordsPerSec)} rec/s, ${r.mbPerSec.toFixed(1)} MB/s`,
      )
    }
    return { startupMs: b.startupMs, startupNote: b.startupNote, produce, consume, rssMbAfter1M: rss }
  } finally {
    await b.stop()
  }
}

log(
  `bench:broker — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${load()}, ${records} records per producer run`,
)
const started = performance.now()
const results: Partial<Record<'embedded' | 'kafka', BrokerResult>> = {}
if (args.only !== 'embedded') results.kafka = await bench(startRealKafka)
let startups: Awaited<ReturnType<typeof embeddedStartups>> | undefined
if (args.only !== 'kafka') {
  results.embedded = await bench(() => startEmbedded(args.profile ? { profileDir } : {}))
  // Start-up on its own, after the throughput runs: a first start on an empty compile cache, then
  // the median of later starts (what `spool dev` costs every time but the first).
  startups = await embeddedStartups()
  const warm = [...startups.warmMs].sort((a, b) => a - b)
  results.embedded.startupMs = warm[Math.floor(warm.length / 2)]!
  results.embedded.startupNote = `node spawn → first acked produce, median of ${warm.length} starts (${warm.map(Math.round).join(', ')} ms); first start on an empty compile cache ${Math.round(startups.firstMs)} ms`
  log(`[embedded] start-up: ${results.embedded.startupNote}`)
}

type Row = { metric: string; embedded?: number; kafka?: number; better: 'higher' | 'lower'; target?: number }
const rows: Row[] = []
const e = results.embedded
const k = results.kafka
for (const name of Object.keys(e?.produce ?? k?.produce ?? {})) {
  rows.push({
    metric: `produce ${name} rec/s`,
    embedded: e?.produce[name]?.recordsPerSec,
    kafka: k?.produce[name]?.recordsPerSec,
    better: 'higher',
    target: 1,
  })
  rows.push({
    metric: `produce ${name} MB/s`,
    embedded: e?.produce[name]?.mbPerSec,
    kafka: k?.produce[name]?.mbPerSec,
    better: 'higher',
    target: 1,
  })
  rows.push({
    metric: `produce ${name} p50 ms`,
    embedded: e?.produce[name]?.p50Ms,
    kafka: k?.produce[name]?.p50Ms,
    better: 'lower',
  })
  rows.push({
    metric: `produce ${name} p99 ms`,
    embedded: e?.produce[name]?.p99Ms,
    kafka: k?.produce[name]?.p99Ms,
    better: 'lower',
    target: 1,
  })
}
for (const name of Object.keys(e?.consume ?? k?.consume ?? {})) {
  rows.push({
    metric: `consume ${name} rec/s`,
    embedded: e?.consume[name]?.recordsPerSec,
    kafka: k?.consume[name]?.recordsPerSec,
    better: 'higher',
    target: 1,
  })
  rows.push({
    metric: `consume ${name} MB/s`,
    embedded: e?.consume[name]?.mbPerSec,
    kafka: k?.consume[name]?.mbPerSec,
    better: 'higher',
    target: 1,
  })
}
rows.push({
  metric: 'start-up to first acked produce ms',
  embedded: e?.startupMs,
  kafka: k?.startupMs,
  better: 'lower',
  target: 0.1,
})
if (startups)
  rows.push({
    metric: 'start-up, first run (empty compile cache) ms',
    embedded: startups.firstMs,
    kafka: k?.startupMs,
    better: 'lower',
  })
rows.push({
  metric: 'broker RSS after 1M records MB',
  embedded: e?.rssMbAfter1M,
  kafka: k?.rssMbAfter1M,
  better: 'lower',
  target: 0.25,
})

const fmt = (n?: number) => (n === undefined ? '-' : n >= 100 ? String(Math.round(n)) : n.toFixed(1))
const table = rows.map((r) => {
  const ratio =
    r.embedded !== undefined && r.kafka !== undefined && r.kafka !== 0 ? r.embedded / r.kafka : undefined
  const met =
    ratio === undefined || r.target === undefined
      ? ''
      : (r.better === 'higher' ? ratio >= r.target : ratio <= r.target)
        ? 'met'
        : 'MISSED'
  const target = r.target === undefined ? '' : `${r.better === 'higher' ? '≥' : '≤'} ${r.target}×`
  return { ...r, ratio, met, targetText: target }
})
log('')
log(`| metric | embedded | kafka | embedded/kafka | target | |`)
log(`|---|---:|---:|---:|---|---|`)
for (const r of table)
  log(
    `| ${r.metric} | ${fmt(r.embedded)} | ${fmt(r.kafka)} | ${r.ratio === undefined ? '-' : r.ratio.toFixed(2)} | ${r.targetText} | ${r.met} |`,
  )
log('')
log(`load average at the end ${load()}; took ${Math.round((performance.now() - started) / 1000)} s`)

let profile: ReturnType<typeof summarizeProfile> = []
if (args.profile && e) {
  profile = summarizeProfile(profileDir)
  log(`\nspool broker CPU profile (${profileDir}), self time:`)
  for (const p of profile) log(`  ${p.percent.toFixed(1).padStart(5)}%  ${p.fn}  ${p.where}`)
}
mkdirSync(resultsDir, { recursive: true })
const file = join(resultsDir, `broker-${stamp}.json`)
writeFileSync(
  file,
  `${JSON.stringify({ at: new Date().toISOString(), records, cores: cpus().length, loadAtEnd: loadavg(), results, startups, table, profile }, null, 2)}\n`,
)
log(`saved ${file}`)
