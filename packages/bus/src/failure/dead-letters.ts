/**
 * Inspecting and redriving dead letters. A dead letter stays in its `.dlq` topic (Kafka's log is
 * append-only); what has been redriven in bulk is remembered as the committed offsets of the group
 * `spool-redrive.<dlq topic>`, so "redrive all" never sends the same dead letter twice and the list
 * shows which ones were redriven.
 */
import type { Admin } from '@platformatic/kafka'
import type { BusOptions } from '../config/options.ts'
import { headersOf } from '../consumer/pipeline.ts'
import { ConfigError } from '../errors.ts'
import type { KafkaMessage, OutgoingMessage } from '../kafka/adapter.ts'
import { partitionRanges, readRanges } from '../kafka/reader.ts'
import { type DeadLetterReason, failureHeaders } from './headers.ts'

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
  /** True when a bulk redrive already sent this dead letter back. */
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

const ledgerGroup = (dlq: string) => `spool-redrive.${dlq}`

export class DeadLetters {
  #options: BusOptions
  #admin: () => Admin
  #publish: (messages: OutgoingMessage[]) => Promise<void>

  constructor(
    options: BusOptions,
    admin: () => Admin,
    publish: (messages: OutgoingMessage[]) => Promise<void>,
  ) {
    this.#options = options
    this.#admin = admin
    this.#publish = publish
  }

  /** Dead letters of a `.dlq` topic, oldest first. */
  async list(dlqTopic: string, options: ListDeadLettersOptions = {}): Promise<DeadLetter[]> {
    assertDlq(dlqTopic)
    const ledger = await this.#ledger(dlqTopic)
    const entries: DeadLetter[] = []
    const ranges = await partitionRanges(this.#admin(), dlqTopic)
    const from =
      options.includeRedriven === false
        ? ranges.map((r) => ({ ...r, start: max(r.start, ledger.get(r.partition) ?? 0n) }))
        : ranges
    await readRanges(this.#options, dlqTopic, from, (m) => {
      entries.push(toDeadLetter(m, (ledger.get(m.partition) ?? -1n) > m.offset))
      return undefined
    })
    entries.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.partition - b.partition)
    return options.limit ? entries.slice(-options.limit) : entries
  }

  /**
   * Sends dead letters back to the topic they came from (named in their headers), with their
   * original key, value and headers, and a `spool-redrive-count` header.
   */
  async redrive(dlqTopic: string, options: RedriveOptions = {}): Promise<RedriveResult> {
    assertDlq(dlqTopic)
    const bulk = options.select === undefined
    const ledger = await this.#ledger(dlqTopic)
    const ranges = await partitionRanges(this.#admin(), dlqTopic)
    const from = bulk
      ? ranges.map((r) => ({ ...r, start: max(r.start, ledger.get(r.partition) ?? 0n) }))
      : ranges
    const wanted = Array.isArray(options.select)
      ? new Set(options.select.map((s) => `${s.partition}:${String(s.offset)}`))
      : undefined
    const picked: Array<{ entry: DeadLetter; message: KafkaMessage }> = []
    await readRanges(this.#options, dlqTopic, from, (m) => {
      const entry = toDeadLetter(m, false)
      const match =
        bulk ||
        (wanted
          ? wanted.has(`${m.partition}:${m.offset}`)
          : (options.select as (e: DeadLetter) => boolean)(entry))
      if (match) picked.push({ entry, message: m })
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
    if (bulk && ranges.some((r) => r.end > (ledger.get(r.partition) ?? 0n))) {
      await this.#admin().alterConsumerGroupOffsets({
        groupId: ledgerGroup(dlqTopic),
        topics: [
          {
            name: dlqTopic,
            partitionOffsets: ranges.map((r) => ({ partition: r.partition, offset: r.end })),
          },
        ],
      })
    }
    return { redriven: picked.length, entries: picked.map((p) => p.entry) }
  }

  async #ledger(dlqTopic: string): Promise<Map<number, bigint>> {
    const out = new Map<number, bigint>()
    try {
      const groups = await this.#admin().listConsumerGroupOffsets({ groups: [ledgerGroup(dlqTopic)] })
      for (const t of groups[0]?.topics ?? []) {
        if (t.name !== dlqTopic) continue
        for (const p of t.partitions)
          if (p.committedOffset >= 0n) out.set(p.partitionIndex, p.committedOffset)
      }
    } catch {
      // No ledger yet.
    }
    return out
  }
}

function assertDlq(topic: string): void {
  if (!topic.endsWith('.dlq'))
    throw new ConfigError(`"${topic}" is not a dead-letter topic (names end in ".dlq")`)
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
