/**
 * Summaries, the printed table and the JSON file of a bus benchmark run. Throughput is the best
 * run of each side (the least disturbed by the rest of the machine); every run is kept in the JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LatencyStats } from './latency.ts'
import type { PhaseResult, ThroughputRun } from './measure.ts'

export interface Rate {
  eventsPerSec: number
  /** MB (10^6 bytes) of event data per second. */
  mbPerSec: number
}

export const rateOf = (p: PhaseResult): Rate => ({
  eventsPerSec: (p.events * 1_000) / p.ms,
  mbPerSec: (p.dataBytes * 1_000) / p.ms / 1e6,
})

const sorted = (rates: Rate[]) => [...rates].sort((a, b) => a.eventsPerSec - b.eventsPerSec)
const best = (rates: Rate[]): Rate | undefined => sorted(rates).at(-1)
/** The middle run (the lower middle one of an even count). */
const median = (rates: Rate[]): Rate | undefined => sorted(rates)[Math.floor((rates.length - 1) / 2)]
const ratio = (bus?: Rate, raw?: Rate) => (bus && raw ? bus.eventsPerSec / raw.eventsPerSec : undefined)

export interface Comparison {
  raw?: Rate
  bus?: Rate
  /** bus/raw events per second. */
  ratio?: number
}

export interface ThroughputSummary {
  /** The statistic of the headline numbers. */
  statistic: string
  produce: Comparison
  consume: Comparison
  /** The bus with one `publish` call per event instead of `publishBatch`, against raw produce. */
  publishPerEvent: Comparison
  /** The same three comparisons with the median run of each side. */
  median: { produce: Comparison; consume: Comparison; publishPerEvent: Comparison }
  /** Median process CPU per event, µs: what each side costs, whatever else ran on the machine. */
  cpuUsPerEvent: {
    produce: { raw?: number; bus?: number }
    consume: { raw?: number; bus?: number }
    publishPerEvent: { bus?: number }
  }
}

const medianOf = (values: number[]): number | undefined =>
  values.length === 0 ? undefined : [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]

export function summarizeThroughput(runs: ThroughputRun[], single: PhaseResult[]): ThroughputSummary {
  const rates = (side: 'raw' | 'bus', phase: 'produce' | 'consume') =>
    runs.filter((r) => r.side === side).map((r) => rateOf(r[phase]))
  const compare = (pick: (rates: Rate[]) => Rate | undefined, phase: 'produce' | 'consume'): Comparison => {
    const raw = pick(rates('raw', phase))
    const bus = pick(rates('bus', phase))
    return { raw, bus, ratio: ratio(bus, raw) }
  }
  const perEvent = (pick: (rates: Rate[]) => Rate | undefined): Comparison => {
    const raw = pick(rates('raw', 'produce'))
    const bus = pick(single.map(rateOf))
    return { raw, bus, ratio: ratio(bus, raw) }
  }
  const cpu = (side: 'raw' | 'bus', phase: 'produce' | 'consume') =>
    medianOf(runs.filter((r) => r.side === side).map((r) => r[phase].cpuUsPerEvent))
  const count = Math.max(
    1,
    runs.filter((r) => r.side === 'bus').length,
    runs.filter((r) => r.side === 'raw').length,
  )
  return {
    statistic: `best of ${count} runs per side (highest events/s)`,
    produce: compare(best, 'produce'),
    consume: compare(best, 'consume'),
    publishPerEvent: perEvent(best),
    median: {
      produce: compare(median, 'produce'),
      consume: compare(median, 'consume'),
      publishPerEvent: perEvent(median),
    },
    cpuUsPerEvent: {
      produce: { raw: cpu('raw', 'produce'), bus: cpu('bus', 'produce') },
      consume: { raw: cpu('raw', 'consume'), bus: cpu('bus', 'consume') },
      publishPerEvent: { bus: medianOf(single.map((p) => p.cpuUsPerEvent)) },
    },
  }
}

export interface LatencySide extends LatencyStats {
  sent: number
  received: number
  duplicates: number
  errors: number
  /** Worst gap between pacer ticks, ms. */
  maxTickGap: number
  cpuUsPerEvent: number
}

const n = (v: number | undefined, digits = 0) =>
  v === undefined || Number.isNaN(v)
    ? '-'
    : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const x = (v: number | undefined) => (v === undefined ? '-' : `${v.toFixed(2)}×`)
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')

const div = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a / b)

export function throughputTable(runs: ThroughputRun[], single: PhaseResult[], s: ThroughputSummary): string {
  const c = s.cpuUsPerEvent
  const w = [23, 12, 12, 9]
  const lines = [
    `Throughput — ${s.statistic}`,
    row(['', 'raw', 'bus', 'bus/raw'], w),
    row(
      [
        'produce  events/s',
        n(s.produce.raw?.eventsPerSec),
        n(s.produce.bus?.eventsPerSec),
        x(s.produce.ratio),
      ],
      w,
    ),
    row(['         MB/s (data)', n(s.produce.raw?.mbPerSec, 1), n(s.produce.bus?.mbPerSec, 1), ''], w),
    row(
      [
        'consume  events/s',
        n(s.consume.raw?.eventsPerSec),
        n(s.consume.bus?.eventsPerSec),
        x(s.consume.ratio),
      ],
      w,
    ),
    row(['         MB/s (data)', n(s.consume.raw?.mbPerSec, 1), n(s.consume.bus?.mbPerSec, 1), ''], w),
    row(['publish() per event/s', '', n(s.publishPerEvent.bus?.eventsPerSec), x(s.publishPerEvent.ratio)], w),
    row(
      [
        'CPU µs/event  produce',
        n(c.produce.raw, 1),
        n(c.produce.bus, 1),
        x(div(c.produce.bus, c.produce.raw)),
      ],
      w,
    ),
    row(
      [
        '              consume',
        n(c.consume.raw, 1),
        n(c.consume.bus, 1),
        x(div(c.consume.bus, c.consume.raw)),
      ],
      w,
    ),
    row(
      [
        '    publish() per event',
        '',
        n(c.publishPerEvent.bus, 1),
        x(div(c.publishPerEvent.bus, c.produce.raw)),
      ],
      w,
    ),
    `Median runs instead: produce ${x(s.median.produce.ratio)}, consume ${x(s.median.consume.ratio)}, ` +
      `publish() per event ${x(s.median.publishPerEvent.ratio)}`,
    '',
    'Every run (events/s; consumer group join time not counted):',
  ]
  for (const r of runs) {
    lines.push(
      `  #${r.run} ${r.side.padEnd(3)}  produce ${n(rateOf(r.produce).eventsPerSec).padStart(8)}  ` +
        `consume ${n(rateOf(r.consume).eventsPerSec).padStart(8)}  (join ${n(r.consume.setupMs)} ms` +
        `${r.consume.duplicates ? `, ${r.consume.duplicates} duplicates` : ''})`,
    )
  }
  single.forEach((p, i) => {
    lines.push(`  #${i + 1} bus publish() per event  produce ${n(rateOf(p).eventsPerSec).padStart(8)}`)
  })
  return lines.join('\n')
}

export function latencyTable(
  title: string,
  raw: LatencySide | undefined,
  bus: LatencySide | undefined,
): string {
  const w = [8, 8, 8, 8, 8, 8, 9, 10, 11]
  const cells = (name: string, l: LatencySide) => [
    name,
    n(l.p50, 2),
    n(l.p90, 2),
    n(l.p99, 2),
    n(l.p999, 2),
    n(l.max, 2),
    n(l.samples),
    n(l.maxTickGap, 1),
    n(l.cpuUsPerEvent, 1),
  ]
  const lines = [
    title,
    row(['ms', 'p50', 'p90', 'p99', 'p99.9', 'max', 'samples', 'tick gap', 'CPU µs/ev'], w),
  ]
  if (raw) lines.push(row(cells('raw', raw), w))
  if (bus) lines.push(row(cells('bus', bus), w))
  if (raw && bus) {
    lines.push(
      row(
        [
          'bus/raw',
          x(bus.p50 / raw.p50),
          x(bus.p90 / raw.p90),
          x(bus.p99 / raw.p99),
          x(bus.p999 / raw.p999),
          x(bus.max / raw.max),
          '',
          '',
          x(bus.cpuUsPerEvent / raw.cpuUsPerEvent),
        ],
        w,
      ),
    )
  }
  return lines.join('\n')
}

/** Writes `result` to `<dir>/bus-<date-time>.json` and returns the path. */
export function writeResult(dir: string, result: unknown): string {
  mkdirSync(dir, { recursive: true })
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')
  const path = join(dir, `bus-${stamp}.json`)
  writeFileSync(path, `${JSON.stringify(result, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 2)}\n`)
  return path
}
