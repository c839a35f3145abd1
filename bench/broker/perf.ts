/**
 * Kafka's own perf tools as the load: ProducerPerformance (its final line has records/s, MB/s and
 * latency percentiles) and ConsumerPerformance (CSV: MB/s and records/s), run from the Maven jars.
 */
import { kafkaToolClasses, runKafkaTool } from '@spool/testing'

export interface ProduceResult {
  readonly records: number
  readonly recordsPerSec: number
  readonly mbPerSec: number
  readonly avgMs: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly maxMs: number
}

export interface ConsumeResult {
  readonly records: number
  readonly recordsPerSec: number
  readonly mbPerSec: number
}

/** `N records sent, X records/sec (Y MB/sec), A ms avg latency, M ms max latency, p50 ms 50th, …`. */
export function parseProducer(stdout: string): ProduceResult {
  const line = stdout
    .trim()
    .split('\n')
    .filter((l) => / records sent, /.test(l) && /50th/.test(l))
    .at(-1)
  const m =
    line &&
    /(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/.exec(
      line,
    )
  if (!m) throw new Error(`unexpected ProducerPerformance output:\n${stdout.slice(-2000)}`)
  return {
    records: Number(m[1]),
    recordsPerSec: Number(m[2]),
    mbPerSec: Number(m[3]),
    avgMs: Number(m[4]),
    maxMs: Number(m[5]),
    p50Ms: Number(m[6]),
    p99Ms: Number(m[8]),
  }
}

/** The CSV line after ConsumerPerformance's header. */
export function parseConsumer(stdout: string): ConsumeResult {
  const lines = stdout.trim().split('\n')
  const header = lines.findIndex((l) => l.startsWith('start.time'))
  const cols = lines[header]?.split(',').map((s) => s.trim()) ?? []
  const cells = lines[header + 1]?.split(',').map((s) => s.trim()) ?? []
  const get = (name: string) => Number(cells[cols.indexOf(name)])
  const r = { records: get('data.consumed.in.nMsg'), recordsPerSec: get('nMsg.sec'), mbPerSec: get('MB.sec') }
  if (!Number.isFinite(r.records))
    throw new Error(`unexpected ConsumerPerformance output:\n${stdout.slice(-2000)}`)
  return r
}

export async function producerPerf(
  bootstrap: string,
  topic: string,
  records: number,
  acks: '1' | 'all',
): Promise<ProduceResult> {
  const r = await runKafkaTool(
    kafkaToolClasses.producerPerformance,
    [
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--record-size',
      '1024',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${bootstrap}`,
      `acks=${acks}`,
    ],
    { timeout: 180_000, heap: '1g' },
  )
  if (r.code !== 0) throw new Error(`ProducerPerformance exited with ${r.code}: ${r.stderr.slice(-2000)}`)
  return parseProducer(r.stdout)
}

export async function consumerPerf(
  bootstrap: string,
  topic: string,
  records: number,
): Promise<ConsumeResult> {
  const r = await runKafkaTool(
    kafkaToolClasses.consumerPerformance,
    [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--timeout',
      '60000',
      '--group',
      `perf-${topic}`,
    ],
    { timeout: 180_000, heap: '1g' },
  )
  if (r.code !== 0) throw new Error(`ConsumerPerformance exited with ${r.code}: ${r.stderr.slice(-2000)}`)
  return parseConsumer(r.stdout)
}
