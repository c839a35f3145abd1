/**
 * The message browser: reads a window of a topic — from an offset, a time, the beginning or the
 * end — with an optional filter, without joining any application consumer group. Work is bounded:
 * at most `maxScan` records are read per partition whatever the filter matches.
 */
import { isUtf8 } from 'node:buffer'
import { headersOf } from '../consumer/pipeline.ts'
import type { KafkaMessage } from '../kafka/adapter.ts'
import { type PartitionRange, readRanges } from '../kafka/reader.ts'
import {
  type AdminContext,
  bounded,
  maxBigInt,
  minBigInt,
  parseOffset,
  parseTimestamp,
  translate,
} from './context.ts'
import { InvalidArgumentError } from './errors.ts'
import { compileFilter } from './filter.ts'
import { partitionCount, watermarks } from './topic-metadata.ts'
import type { BrowsedMessage, BrowseOptions, BrowseResult } from './types.ts'

export const defaultBrowseOptions = Object.freeze({
  from: 'latest',
  limit: 50,
  maxScan: 10_000, // records per partition
}) as Readonly<Required<Pick<BrowseOptions, 'from' | 'limit' | 'maxScan'>>>

const MAX_LIMIT = 1_000
const MAX_SCAN = 100_000

export async function browse(
  ctx: AdminContext,
  topic: string,
  input: BrowseOptions = {},
): Promise<BrowseResult> {
  const options = { ...defaultBrowseOptions, ...stripUndefined(input) }
  const { limit, maxScan, from } = options
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidArgumentError('limit', `limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`)
  }
  if (!Number.isInteger(maxScan) || maxScan < 1 || maxScan > MAX_SCAN) {
    throw new InvalidArgumentError(
      'maxScan',
      `maxScan must be an integer from 1 to ${MAX_SCAN}, got ${maxScan}`,
    )
  }
  if (from !== 'earliest' && from !== 'latest') {
    throw new InvalidArgumentError('from', `from must be "earliest" or "latest", got ${JSON.stringify(from)}`)
  }
  if (options.offset !== undefined && options.timestamp !== undefined) {
    throw new InvalidArgumentError('offset', 'give either offset or timestamp, not both')
  }
  const filter = compileFilter(options.filter)
  const start = options.offset === undefined ? undefined : parseOffset(options.offset, 'offset')
  const time = options.timestamp === undefined ? undefined : parseTimestamp(options.timestamp, 'timestamp')

  const count = await partitionCount(ctx, topic)
  const partitions = selectPartitions(options.partition, count, topic)
  const marks = (await watermarks(ctx, [{ name: topic, partitions: count }])).get(topic)
  const byTime = time === undefined ? undefined : await offsetsForTime(ctx, topic, partitions, time)
  const window = filter ? maxScan : limit
  const forward = start !== undefined || time !== undefined || from === 'earliest'

  const ranges: PartitionRange[] = partitions.map((partition) => {
    const earliest = marks?.earliest.get(partition) ?? 0n
    const latest = marks?.latest.get(partition) ?? 0n
    if (start !== undefined && options.partition !== undefined && start > latest) {
      throw new InvalidArgumentError(
        'offset',
        `offset ${start} is past the end of ${topic}/${partition} (next offset: ${latest})`,
      )
    }
    let first: bigint
    if (start !== undefined) first = minBigInt(maxBigInt(start, earliest), latest)
    else if (byTime) first = maxBigInt(byTime.get(partition) ?? latest, earliest)
    else if (forward) first = earliest
    else first = maxBigInt(earliest, latest - BigInt(window))
    return { partition, start: first, end: forward ? minBigInt(latest, first + BigInt(window)) : latest }
  })

  const perPartition = new Map<number, BrowsedMessage[]>(partitions.map((p) => [p, []]))
  const readUpTo = new Map<number, bigint>(ranges.map((r) => [r.partition, r.start]))
  const full = new Set<number>()
  let scanned = 0
  try {
    await readRanges(
      ctx.options,
      topic,
      ranges,
      (m) => {
        if (full.has(m.partition)) return undefined
        scanned++
        readUpTo.set(m.partition, m.offset + 1n)
        const message = render(m)
        if (filter && !filter(message)) return undefined
        const list = perPartition.get(m.partition)!
        list.push(message)
        if (forward && list.length >= limit) {
          full.add(m.partition)
          if (full.size === ranges.filter((r) => r.end > r.start).length) return false
        }
        return undefined
      },
      ctx.timeout,
    )
  } catch (error) {
    translate(error, { topic }, ctx)
  }

  const all = [...perPartition.values()].flat().sort(byTimeThenPosition)
  const messages = forward ? all.slice(0, limit) : all.slice(-limit)
  const returned = new Set(messages)
  const next = ranges.map(({ partition }) => {
    // A page continues at the first record of the partition left out of it, else after the last read.
    const cut = perPartition.get(partition)!.find((m) => !returned.has(m))
    const offset = forward && cut ? BigInt(cut.offset) : readUpTo.get(partition)!
    return { partition, offset: String(offset) }
  })
  return { topic, messages, scanned, next }
}

function selectPartitions(partition: number | undefined, count: number, topic: string): number[] {
  if (partition === undefined) return Array.from({ length: count }, (_, p) => p)
  if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
    throw new InvalidArgumentError(
      'partition',
      `partition ${partition} does not exist: "${topic}" has partitions 0 to ${count - 1}`,
    )
  }
  return [partition]
}

async function offsetsForTime(
  ctx: AdminContext,
  topic: string,
  partitions: number[],
  time: number,
): Promise<Map<number, bigint>> {
  const [result] = await bounded(ctx, 'finding offsets by time', () =>
    ctx.client.listOffsets({
      topics: [
        { name: topic, partitions: partitions.map((p) => ({ partitionIndex: p, timestamp: BigInt(time) })) },
      ],
    }),
  )
  const out = new Map<number, bigint>()
  // -1 means no record at or after that time: the read starts at the end (nothing to show).
  for (const p of result?.partitions ?? []) if (p.offset >= 0n) out.set(p.partitionIndex, p.offset)
  return out
}

function render(m: KafkaMessage): BrowsedMessage {
  const binary = (m.value && !isUtf8(m.value)) || (m.key && !isUtf8(m.key))
  const encoding = binary ? 'base64' : 'utf8'
  return {
    topic: m.topic,
    partition: m.partition,
    offset: String(m.offset),
    timestamp: new Date(Number(m.timestamp)).toISOString(),
    key: m.key ? m.key.toString(encoding) : null,
    value: m.value ? m.value.toString(encoding) : null,
    headers: headersOf(m),
    size: m.value?.length ?? 0,
    encoding,
  }
}

function byTimeThenPosition(a: BrowsedMessage, b: BrowsedMessage): number {
  return (
    a.timestamp.localeCompare(b.timestamp) ||
    a.partition - b.partition ||
    Number(BigInt(a.offset) - BigInt(b.offset))
  )
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
