/**
 * `spool consume` without a group: reads partitions from chosen offsets and commits nothing, so it
 * never disturbs a consumer group. It pages through the log with the bus's message browser and,
 * at the end of the log, polls the watermarks until new records arrive (a poll that finds nothing
 * new costs two small requests, no consumer).
 */
import type { Admin } from '@spool/bus'
import { InvalidArgumentError } from '@spool/bus'
import type { ConsumedRecord } from './format.ts'

export type StartAt =
  | { at: 'earliest' }
  | { at: 'latest' }
  | { at: 'offset'; offset: string }
  | { at: 'timestamp'; timestamp: number }

export interface ReadOptions {
  /** Partitions to read; default every partition. */
  partitions?: number[]
  start: StartAt
  /** Stop after this many records. */
  maxMessages?: number
  /** Stop when no record arrived for this long, ms. */
  timeout?: number
  /** Pause between two polls at the end of the log, ms. */
  pollInterval: number
  /** Resolves when reading should stop (a signal). */
  stop: Promise<unknown>
  /** Called once the start offsets are known, before the first record. */
  onReady?: (start: Map<number, bigint>) => void
}

const PAGE = 1_000 // records per browse call (the browser's maximum)

/**
 * Calls `emit` for each record, in offset order per partition; resolves with the count.
 *
 * @example
 * const n = await readTopic(admin, 'orders', { start: { at: 'earliest' }, maxMessages: 10, pollInterval: 250, stop }, print)
 */
export async function readTopic(
  admin: Admin,
  topic: string,
  options: ReadOptions,
  emit: (record: ConsumedRecord) => void,
): Promise<number> {
  let stopped = false
  options.stop.then(
    () => {
      stopped = true
    },
    () => {},
  )
  const first = await admin.describeTopic(topic)
  const count = first.partitionDetails.length
  const selected = options.partitions ?? first.partitionDetails.map((p) => p.partition)
  for (const p of selected) {
    if (p >= count) {
      throw new InvalidArgumentError(
        'partition',
        `partition ${p} does not exist: "${topic}" has partitions 0 to ${count - 1}`,
      )
    }
  }
  const next = new Map<number, bigint>()
  for (const p of selected) {
    const info = first.partitionDetails[p]!
    next.set(p, await startOffset(admin, topic, p, BigInt(info.earliest), BigInt(info.latest), options.start))
  }

  options.onReady?.(next)
  let emitted = 0
  let lastRecordAt = Date.now()
  const limitReached = () => options.maxMessages !== undefined && emitted >= options.maxMessages
  while (!stopped && !limitReached()) {
    const marks = await admin.describeTopic(topic)
    let progressed = false
    for (const p of selected) {
      if (stopped || limitReached()) break
      const info = marks.partitionDetails[p]
      if (!info) continue
      const earliest = BigInt(info.earliest)
      const latest = BigInt(info.latest)
      let from = next.get(p)!
      if (from < earliest) from = earliest // retention removed what we were about to read
      if (from >= latest) continue
      const want = options.maxMessages === undefined ? PAGE : Math.min(PAGE, options.maxMessages - emitted)
      const page = await admin.browse(topic, { partition: p, offset: String(from), limit: want })
      for (const m of page.messages) {
        const { size: _size, ...record } = m
        emit(record)
        emitted++
      }
      const after = page.messages.length > 0 ? BigInt(page.messages.at(-1)!.offset) + 1n : undefined
      // A range with nothing visible in it (control records, compaction gaps) is skipped over.
      next.set(p, after ?? (from + BigInt(want) < latest ? from + BigInt(want) : latest))
      if (page.messages.length > 0) {
        progressed = true
        lastRecordAt = Date.now()
      }
    }
    if (progressed) continue
    if (options.timeout !== undefined && Date.now() - lastRecordAt >= options.timeout) break
    await Promise.race([options.stop, sleep(options.pollInterval)])
  }
  return emitted
}

async function startOffset(
  admin: Admin,
  topic: string,
  partition: number,
  earliest: bigint,
  latest: bigint,
  start: StartAt,
): Promise<bigint> {
  switch (start.at) {
    case 'earliest':
      return earliest
    case 'latest':
      return latest
    case 'offset': {
      // Below the log start: from the start; past the end: wait for that offset to be written.
      const wanted = BigInt(start.offset)
      return wanted < earliest ? earliest : wanted
    }
    case 'timestamp': {
      const page = await admin.browse(topic, { partition, timestamp: start.timestamp, limit: 1 })
      const found = page.messages[0]?.offset
      return found === undefined ? latest : BigInt(found)
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
