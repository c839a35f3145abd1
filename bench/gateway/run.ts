/**
 * Benchmark of the gateway's publish route against a bare Fastify route, in the same run, on one
 * real Apache Kafka: autocannon POSTs seed 004's event to POST /api/kafka/events for `--seconds`
 * on each side (alternating, after a warm-up), and the table shows requests/s, p99 latency, the
 * ratio gateway/bare, errors and 5xx. Events the gateway acknowledged are then counted in Kafka.
 *
 *   npm run bench:gateway -- [--seconds 10] [--connections 100] [--rounds 2] [--brokers host:port]
 *
 * autocannon runs in a worker thread so the server's event loop is not shared with the load.
 */
import { availableParallelism, cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { Admin } from '@spool/bus'
import { startKafka } from '@spool/testing'
import autocannon from 'autocannon'
import { body, type Running, startBare, startGateway } from './servers.ts'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '3' },
    brokers: { type: 'string', default: '' },
  },
})
const seconds = Number(values.seconds)
const connections = Number(values.connections)
const rounds = Number(values.rounds)
const warmup = Number(values.warmup)
console.log(`$ npm run bench:gateway -- ${process.argv.slice(2).join(' ')}`.trim())

const log = (line: string) => console.log(`  ${line}`)
const cluster = values.brokers ? undefined : await startKafka({ nodes: 1, log: (l) => log(`kafka: ${l}`) })
const brokers = (values.brokers || cluster!.bootstrap).split(',')
const admin = new Admin({ brokers, clientId: 'bench-admin' })
const topic = `bench-gateway-${Date.now().toString(36)}`
await admin.createTopic({ name: topic, partitions: 3, replicationFactor: 1 })

interface Side {
  requests: number
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
  fiveXx: number
  accepted: number
}

async function load(target: Running, duration: number): Promise<Side> {
  const result = await autocannon({
    url: `${target.url}/api/kafka/events`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration,
    workers: 1,
  })
  const codes =
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}
  const count = (prefix: string) =>
    Object.entries(codes)
      .filter(([code]) => code.startsWith(prefix))
      .reduce((sum, [, s]) => sum + Number(s.count), 0)
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    fiveXx: count('5'),
    accepted: count('202'),
  }
}

const bare = await startBare()
const gateway = await startGateway(brokers, topic)
const sides = { bare: [] as Side[], gateway: [] as Side[] }
const loadStart = loadavg()[0]!
let warmAccepted = 0
let loadEnd = 0
try {
  log(`warm-up: ${warmup} s each`)
  await load(bare, warmup)
  warmAccepted = (await load(gateway, warmup)).accepted
  for (let round = 1; round <= rounds; round++) {
    // Alternate which side goes first so neither always runs on a warmer (or hotter) machine.
    const order = round % 2 === 1 ? (['bare', 'gateway'] as const) : (['gateway', 'bare'] as const)
    for (const name of order) {
      const side = await load(name === 'bare' ? bare : gateway, seconds)
      sides[name].push(side)
      log(`round ${round} ${name}: ${Math.round(side.rps)} req/s, p99 ${side.p99} ms, non-2xx ${side.non2xx}`)
    }
  }
  await gateway.bus.flush()
  loadEnd = loadavg()[0]!
} finally {
  await bare.close()
  await gateway.close()
}

const inKafka = BigInt((await admin.describeTopic(topic)).messages)
const accepted = sides.gateway.reduce((sum, s) => sum + s.accepted, warmAccepted)
await admin.deleteTopic(topic).catch(() => {})
await admin.close()
await cluster?.stop()

const mean = (list: Side[], f: (s: Side) => number) => list.reduce((a, s) => a + f(s), 0) / list.length
const row = (name: string, list: Side[]) =>
  `| ${name.padEnd(26)} | ${Math.round(mean(list, (s) => s.rps))
    .toLocaleString('en')
    .padStart(9)} | ${mean(list, (s) => s.p50)
    .toFixed(1)
    .padStart(7)} | ${mean(list, (s) => s.p99)
    .toFixed(1)
    .padStart(
      7,
    )} | ${String(list.reduce((a, s) => a + s.errors, 0)).padStart(6)} | ${String(list.reduce((a, s) => a + s.fiveXx, 0)).padStart(4)} |`
const ratio = mean(sides.gateway, (s) => s.rps) / mean(sides.bare, (s) => s.rps)
console.log(
  `\nMachine: ${availableParallelism()} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, ` +
    `load average ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at the end of the load` +
    `\nKafka: ${cluster ? `Apache Kafka ${cluster.version}, 1 node, started for this run` : `external ${brokers.join(',')}`}; topic of 3 partitions` +
    `\nLoad: autocannon, ${connections} connections, ${seconds} s x ${rounds} rounds per side, body ${Buffer.byteLength(body)} B\n` +
    `\n| side                       |     req/s | p50 ms  | p99 ms  | errors | 5xx  |` +
    `\n|----------------------------|-----------|---------|---------|--------|------|` +
    `\n${row('bare Fastify route', sides.bare)}` +
    `\n${row('gateway (publish to Kafka)', sides.gateway)}` +
    `\n\nratio gateway / bare: ${ratio.toFixed(2)} (target >= 0.5)` +
    `\nevents answered 202 (warm-up included): ${accepted.toLocaleString('en')}; records in Kafka: ${inKafka.toLocaleString('en')}` +
    `\ngateway sustained: ${Math.round(mean(sides.gateway, (s) => s.rps)).toLocaleString('en')} events/s (target >= 10,000), 5xx: ${sides.gateway.reduce((a, s) => a + s.fiveXx, 0)}`,
)
