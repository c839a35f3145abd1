/**
 * Inspecting and redriving dead letters. A dead letter stays in its `.dlq` topic (Kafka's log is
 * append-only); what has been redriven, in bulk or one by one, is remembered in the group
 * `spool-redrive.<dlq topic>` (redrive-ledger.ts), so "redrive all" never sends the same dead
 * letter twice and the list shows which ones were redriven.
 */
import type { Logger } from 'pino'
import { NotFoundError } from '../admin/errors.ts'
import type { BusOptions } from '../config/options.ts'
import { headersOf } from '../consumer/pipeline.ts'
import { InvalidArgumentError } from '../errors.ts'
import {
  type KafkaAdmin,
  type KafkaMessage,
  kafkaErrorName,
  kafkaFailure,
  type OutgoingMessage,
} from '../kafka/adapter.ts'
import { partitionRanges, readRanges } from '../kafka/reader.ts'
import { type BusRedriveDiagnostic, busChannel } from '../observe/diagnostics.ts'
import { type DeadLetterReason, failureHeaders } from './headers.ts'
import { RedriveLedger } from './redrive-ledger.ts'

export interface DeadLetter {
  topic: string
  partition: number
  offset: string
  key: string | undefined
  value: string | null
  headers: Record<string, string>
  timestamp: string
  originalTopic: string
  originalPartition: number
  originalOffset: string
  group: string | undefined
  attempts: number
  reason: DeadLetterReason | undefined
  error: { message: string; code: string | undefined; stack: string | undefined }
  firstFailure: string | undefined
  lastFailure: string | undefined
  /** True when a redrive (of all dead letters, or of this one selected) already sent it back. */
  redriven: boolean
}

export interface ListDeadLettersOptions {
  /** Max entries returned (newest last). */
  limit?: number
  /** Include entries already redriven in bulk. */
  includeRedriven?: boolean
}

export interface RedriveOptions {
  /** Only these entries (partition and offset); default: every entry not yet redriven. */
  select?: Array<{ partition: number; offset: string | bigint }> | ((entry: DeadLetter) => boolean)
}

export interface RedriveResult {
  redriven: number
  entries: DeadLetter[]
}

/**
 * The dead letters of the bus's topics: list them and send them back to their source topic.
 *
 * @example
 * const letters = await bus.deadLetters.list('orders.dlq', { limit: 10 })
 * const { redriven } = await bus.deadLetters.redrive('orders.dlq')
 */
export class DeadLetters {
  #options: BusOptions
  #admin: () => KafkaAdmin
  #publish: (messages: OutgoingMessage[]) => Promise<void>
  #log: Logger | undefined

  /** Made by the bus: use `bus.deadLetters`. @internal */
  constructor(
    options: BusOptions,
    admin: () => KafkaAdmin,
    publish: (messages: OutgoingMessage[]) => Promise<void>,
    log?: Logger,
  ) {
    this.#options = options
    this.#admin = admin
    this.#publish = publish
    this.#log = log
  }

  /** Dead letters of a `.dlq` topic, oldest first. */
  async list(dlqTopic: string, options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
    assertDlq(dlqTopic)
    try {
      return await this.#list(dlqTopic, options)
    } catch (error) {
      throw this.#failure(error, `listing the dead letters of "${dlqTopic}"`, dlqTopic)
    }
  }

  /**
   * Sends dead letters back to the topic they came from (named in their headers), with their
   * original key, value and headers, and a `spool-redrive-count` header.
   */
  async redrive(dlqTopic: string, options: RedriveOptions = {}): Promise<RedriveResult> {
    assertDlq(dlqTopic)
    try {
      return await this.#redrive(dlqTopic, options)
    } catch (error) {
      throw this.#failure(error, `redriving the dead letters of "${dlqTopic}"`, dlqTopic)
    }
  }

  /** A client error as a Spool error; the client's "Unknown topic" is a NotFoundError. */
  #failure(error: unknown, what: string, dlqTopic: string): Error {
    const name = kafkaErrorName(error)
    if (name === 'UNKNOWN_TOPIC_OR_PARTITION' || /^Unknown topic/.test((error as Error)?.message ?? '')) {
      return new NotFoundError('topic', dlqTopic, undefined, { cause: error })
    }
    return kafkaFailure(error, what, this.#options.brokers)
  }

  async #list(dlqTopic: string, options: ListDeadLettersOptions): Promise<DeadLetter[]> {
    const ledger = await RedriveLedger.read(this.#admin(), dlqTopic)
    const entries: DeadLetter[] = []
    const ranges = await partitionRanges(this.#admin(), dlqTopic)
    const hideRedriven = options.includeRedriven === false
    const from = hideRedriven
      ? ranges.map((r) => ({ ...r, start: max(r.start, ledger.watermark(r.partition)) }))
      : ranges
    await readRanges(this.#options, dlqTopic, from, (m) => {
      const redriven = ledger.has(m.partition, m.offset)
      if (!(hideRedriven && redriven)) entries.push(toDeadLetter(m, redriven))
      return undefined
    })
    entries.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.partition - b.partition)
    return options.limit ? entries.slice(-options.limit) : entries
  }

  async #redrive(dlqTopic: string, options: RedriveOptions): Promise<RedriveResult> {
    const started = performance.now()
    const bulk = options.select === undefined
    const ledger = await RedriveLedger.read(this.#admin(), dlqTopic)
    const ranges = await partitionRanges(this.#admin(), dlqTopic)
    const from = bulk
      ? ranges.map((r) => ({ ...r, start: max(r.start, ledger.watermark(r.partition)) }))
      : ranges
    const wanted = Array.isArray(options.select)
      ? new Set(options.select.map((s) => `${s.partition}:${String(s.offset)}`))
      : undefined
    const picked: Array<{ entry: DeadLetter; message: KafkaMessage }> = []
    await readRanges(this.#options, dlqTopic, from, (m) => {
      // "Redrive all" skips what was redriven one by one before; a selection is sent as asked.
      const redriven = ledger.has(m.partition, m.offset)
      let entry: DeadLetter | undefined
      let match: boolean
      if (bulk) match = !redriven
      else if (wanted) match = wanted.has(`${m.partition}:${m.offset}`)
      else {
        entry = toDeadLetter(m, redriven)
        match = (options.select as (e: DeadLetter) => boolean)(entry)
      }
      if (!match) return undefined
      // Returned as what it is now: sent back.
      entry ??= toDeadLetter(m, true)
      entry.redriven = true
      picked.push({ entry, message: m })
      return undefined
    })
    if (picked.length > 0) {
      await this.#publish(
        picked.map(({ entry, message }) => ({
          topic: entry.originalTopic,
          key: message.key ?? undefined,
          value: message.value ?? undefined,
          headers: redriveHeaders(entry.headers),
        })),
      )
    }
    const ends = new Map<number, bigint>()
    if (bulk) for (const r of ranges) if (r.end > ledger.watermark(r.partition)) ends.set(r.partition, r.end)
    const single = new Map<number, bigint[]>()
    if (!bulk) {
      for (const { message } of picked) {
        const offsets = single.get(message.partition) ?? []
        offsets.push(message.offset)
        single.set(message.partition, offsets)
      }
    }
    if (ends.size > 0 || single.size > 0) {
      const unrecorded = await ledger.write(this.#admin(), dlqTopic, ends, single)
      if (unrecorded.length > 0) {
        this.#log?.warn(
          { topic: dlqTopic, partitions: unrecorded },
          'redriven, but too many scattered dead letters of these partitions to remember one by one; a redrive of all would send them again',
        )
      }
    }
    const entries = picked.map((p) => p.entry)
    if (busChannel.hasSubscribers && entries.length > 0) {
      busChannel.publish({
        type: 'redrive',
        dlqTopic,
        entries: entries.map((e) => ({
          partition: e.partition,
          offset: e.offset,
          originalTopic: e.originalTopic,
        })),
        durationMs: performance.now() - started,
      } satisfies BusRedriveDiagnostic)
    }
    return { redriven: picked.length, entries }
  }
}

function assertDlq(topic: string): void {
  if (!topic.endsWith('.dlq'))
    throw new InvalidArgumentError('topic', `"${topic}" is not a dead-letter topic (names end in ".dlq")`)
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

function redriveHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (!k.startsWith('spool-')) out[k] = v
  out[failureHeaders.redriveCount] = String(Number(headers[failureHeaders.redriveCount] ?? 0) + 1)
  return out
}

function toDeadLetter(m: KafkaMessage, redriven: boolean): DeadLetter {
  const headers = headersOf(m)
  const h = failureHeaders
  return {
    topic: m.topic,
    partition: m.partition,
    offset: String(m.offset),
    key: m.key?.toString('utf8'),
    value: m.value ? m.value.toString('utf8') : null,
    headers,
    timestamp: new Date(Number(m.timestamp)).toISOString(),
    originalTopic: headers[h.originalTopic] ?? m.topic.replace(/\.dlq$/, ''),
    originalPartition: Number(headers[h.originalPartition] ?? -1),
    originalOffset: headers[h.originalOffset] ?? '',
    group: headers[h.group],
    attempts: Number(headers[h.attempts] ?? 0),
    reason: headers[h.reason] as DeadLetterReason | undefined,
    error: {
      message: headers[h.errorMessage] ?? '',
      code: headers[h.errorCode],
      stack: headers[h.errorStack],
    },
    firstFailure: headers[h.firstFailure],
    lastFailure: headers[h.lastFailure],
    redriven,
  }
}
