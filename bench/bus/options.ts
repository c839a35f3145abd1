/**
 * Options of the bus benchmark: one type, one frozen default object, read once from the command
 * line (`--events 200000`) or the environment (`BENCH_EVENTS=200000`), flags winning.
 */
import { parseArgs } from 'node:util'

export interface BenchOptions {
  /** Events per throughput run (each side). */
  events: number
  /** Size of one event's JSON data, bytes. */
  size: number
  /** Existing Kafka bootstrap (`host:port,...`); empty = start a real Kafka for the run. */
  brokers: string
  /** Throughput runs per side; order alternates (raw first, then bus first, ...). */
  runs: number
  /** Partitions of each fresh topic. */
  partitions: number
  /** Records per produce call of the throughput scenario. */
  chunk: number
  /** Produce calls in flight at once in the throughput scenario. */
  concurrency: number
  /** Steady rate of the latency scenario, events/s. */
  rate: number
  /** Measured duration of the latency scenario, s (after `warmup`). */
  seconds: number
  /** Latency samples of the first `warmup` seconds are discarded. */
  warmup: number
  /** Latency runs per side, alternating which side goes first; the run with the median p99 is reported. */
  latencyRuns: number
  /** Which scenarios run: `all`, `throughput` or `latency`. */
  only: 'all' | 'throughput' | 'latency'
  /** Which side runs: `both`, `raw` or `bus` (one side alone is for profiling). */
  side: 'both' | 'raw' | 'bus'
  /** Folder of the JSON results. */
  out: string
}

export const defaultBenchOptions: Readonly<BenchOptions> = Object.freeze({
  events: 200_000,
  size: 1_024, // bytes
  brokers: '',
  runs: 3,
  partitions: 6,
  chunk: 1_000, // records
  concurrency: 5, // calls in flight
  rate: 5_000, // events/s
  seconds: 10, // s
  warmup: 1, // s
  latencyRuns: 3,
  only: 'all',
  side: 'both',
  out: 'bench/results',
})

const integers = [
  'events',
  'size',
  'runs',
  'partitions',
  'chunk',
  'concurrency',
  'rate',
  'seconds',
  'latencyRuns',
] as const

/** Flags, then `BENCH_<NAME>` variables, then the defaults; every value validated by name. */
export function readBenchOptions(
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Readonly<BenchOptions> {
  const names = Object.keys(defaultBenchOptions) as (keyof BenchOptions)[]
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(names.map((n) => [n, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  })
  const pick = (name: keyof BenchOptions): string | undefined =>
    (values[name] as string | undefined) ?? env[`BENCH_${name.toUpperCase()}`]
  const options = { ...defaultBenchOptions } as BenchOptions
  for (const name of integers) {
    const text = pick(name)
    if (text === undefined) continue
    const value = Number(text.replaceAll('_', ''))
    if (!Number.isInteger(value) || value <= 0) bad(name, `must be a positive integer, got "${text}"`)
    options[name] = value
  }
  const warmup = pick('warmup')
  if (warmup !== undefined) {
    const value = Number(warmup)
    if (!Number.isFinite(value) || value < 0)
      bad('warmup', `must be a number of seconds >= 0, got "${warmup}"`)
    options.warmup = value
  }
  options.brokers = pick('brokers') ?? options.brokers
  if (options.brokers && !options.brokers.split(',').every((b) => /^[^\s:]+:\d{1,5}$/.test(b))) {
    bad('brokers', `must be "host:port[,host:port...]", got "${options.brokers}"`)
  }
  options.only = oneOf('only', pick('only') ?? options.only, ['all', 'throughput', 'latency'])
  options.side = oneOf('side', pick('side') ?? options.side, ['both', 'raw', 'bus'])
  options.out = pick('out') ?? options.out
  if (options.size < 256) bad('size', `must be at least 256 bytes, got ${options.size}`)
  return Object.freeze(options)
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) bad(name, `must be one of ${allowed.join(', ')}, got "${value}"`)
  return value as T
}

function bad(name: string, why: string): never {
  throw new Error(`bench option --${name} (BENCH_${name.toUpperCase()}) ${why}`)
}
