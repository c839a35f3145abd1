/**
 * What happens to one consumed record: decode and validate it through the catalog, skip it if the
 * idempotency store has seen its id, run the handler with in-process retries, and when those are
 * spent hand it to the next retry topic or the dead-letter topic. The record's offset is committed
 * only after the handler succeeded or the record was durably handed off (at least once).
 */
import { performance } from 'node:perf_hooks'
import type { Catalog, EventEnvelope } from '@spool/catalog'
import type { Logger } from 'pino'
import type { RetryOptions } from '../config/options.ts'
import { isRetryable, NonRetryableError } from '../errors.ts'
import { backoffDelay, sleep } from '../failure/backoff.ts'
import {
  type DeadLetterReason,
  deadLetterTopic,
  failureHeaders,
  failureHeadersFor,
  failureRecord,
  parseRetryTopic,
  retryTopic,
} from '../failure/headers.ts'
import type { IdempotencyStore } from '../idempotency/store.ts'
import type { KafkaMessage, OutgoingMessage } from '../kafka/adapter.ts'
import type { BusMetrics } from '../observe/metrics.ts'
import type { EventContext, EventHandler, RawHandler, RawMessage } from './types.ts'

export interface PipelineDeps {
  group: string
  catalog: Catalog | undefined
  handlers: Map<string, EventHandler<any>>
  rawHandlers: Map<string, RawHandler>
  retry: RetryOptions
  idempotency: IdempotencyStore | undefined
  retention: number
  unknownEvents: 'skip' | 'dead-letter'
  /** Marks a record done; its offset (+1) is committed soon, coalesced per partition. */
  commit: (message: KafkaMessage) => void
  /** Durably publishes hand-off records (retry topics, dead letters). */
  handOff: (messages: OutgoingMessage[]) => Promise<void>
  metrics: BusMetrics
  /** Cache of label-bound metrics (filled by the pipeline). */
  typeMetrics: Map<string, TypeMetrics>
  log: Logger
  signal: AbortSignal
  onOutcome: (outcome: 'handled' | 'failed' | 'dead-lettered' | 'skipped', error?: unknown) => void
}

interface TypeMetrics {
  consumed: { inc(): void }
  failed: { inc(): void }
  retried: { inc(): void }
  duplicates: { inc(): void }
  duration: { observe(value: number): void }
}

/** Label-bound metric children, cached per event type: labelling on every record is costly. */
function metricsFor(deps: PipelineDeps, type: string): TypeMetrics {
  let m = deps.typeMetrics.get(type)
  if (!m) {
    const labels = { type, group: deps.group }
    m = {
      consumed: deps.metrics.consumed.labels(labels),
      failed: deps.metrics.failed.labels(labels),
      retried: deps.metrics.retried.labels(labels),
      duplicates: deps.metrics.duplicates.labels(labels),
      duration: deps.metrics.handlerDuration.labels(labels),
    }
    deps.typeMetrics.set(type, m)
  }
  return m
}

/** Signals that processing stopped because the consumer is stopping; the record stays uncommitted. */
export class StoppedError extends Error {}

const LEASE = 60_000 // ms an idempotency claim is held while a handler runs

export async function processRecord(deps: PipelineDeps, message: KafkaMessage, stage: number): Promise<void> {
  const headers = headersOf(message)
  const source = stage === 0 ? message.topic : parseRetryTopic(message.topic).source
  if (stage > 0) {
    const due = Number(headers[failureHeaders.retryDue] ?? 0)
    await sleep(due - Date.now(), deps.signal)
    if (deps.signal.aborted) throw new StoppedError('stopping')
  }

  let type = source
  let eventId: string | undefined
  let run: (context: EventContext) => unknown
  const raw = deps.rawHandlers.get(source)
  if (raw) {
    eventId = headers.ce_id
    const rawMessage = toRawMessage(message, headers)
    run = (context) => raw(rawMessage, context)
  } else {
    let event: EventEnvelope<unknown>
    try {
      if (!deps.catalog) throw new NonRetryableError(`no catalog and no raw handler for topic "${source}"`)
      const record = {
        value: message.value ?? null,
        headers,
        key: message.key ?? null,
        timestamp: message.timestamp,
      }
      try {
        event = deps.catalog.parseSync(record)
      } catch (error) {
        if ((error as { code?: string }).code !== 'SPOOL_ERR_ASYNC_SCHEMA') throw error
        event = await deps.catalog.parse(record)
      }
    } catch (error) {
      if ((error as { code?: string }).code === 'SPOOL_ERR_UNKNOWN_EVENT' && deps.unknownEvents === 'skip') {
        return skip(deps, message)
      }
      await deadLetter(deps, message, headers, source, 'invalid-event', error, 0)
      return
    }
    const handler = deps.handlers.get(event.type)
    if (!handler) {
      if (deps.unknownEvents === 'skip') return skip(deps, message)
      const error = new NonRetryableError(
        `group "${deps.group}" has no handler for event type "${event.type}"`,
      )
      await deadLetter(deps, message, headers, source, 'invalid-event', error, 0, event.type)
      return
    }
    type = event.type
    eventId = event.id
    run = (context) => handler(event, context)
  }

  const store = deps.idempotency
  const idempotencyKey = store && eventId ? `${deps.group}:${eventId}` : undefined
  if (store && idempotencyKey) {
    const claimed = await claim(store, idempotencyKey, deps.signal)
    if (claimed === 'done') {
      metricsFor(deps, type).duplicates.inc()
      return skip(deps, message)
    }
  }

  const m = metricsFor(deps, type)
  const previousAttempts =
    stage === 0 && !headers[failureHeaders.attempts] ? 0 : Number(headers[failureHeaders.attempts] ?? 0)
  const attempts = stage === 0 ? deps.retry.attempts : 1
  let lastError: unknown
  let made = 0
  for (let attempt = 1; attempt <= attempts; attempt++) {
    made = attempt
    const context: EventContext = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key?.toString('utf8'),
      headers,
      timestamp: new Date(Number(message.timestamp)),
      attempt: previousAttempts + attempt,
      group: deps.group,
      signal: deps.signal,
    }
    const started = performance.now()
    try {
      const result = run(context)
      if (result && typeof (result as Promise<unknown>).then === 'function') await result
      m.duration.observe((performance.now() - started) / 1_000)
      m.consumed.inc()
      if (store && idempotencyKey) await store.complete(idempotencyKey, deps.retention)
      deps.onOutcome('handled')
      commit(deps, message)
      return
    } catch (error) {
      lastError = error
      m.failed.inc()
      deps.onOutcome('failed', error)
      deps.log.warn(
        {
          err: error,
          type,
          topic: message.topic,
          partition: message.partition,
          offset: String(message.offset),
          attempt: context.attempt,
        },
        'handler failed',
      )
      if (!isRetryable(error) || attempt === attempts) break
      m.retried.inc()
      await sleep(backoffDelay(attempt, deps.retry.initialDelay, deps.retry.maxDelay), deps.signal)
      if (deps.signal.aborted) {
        if (store && idempotencyKey) await store.release(idempotencyKey)
        throw new StoppedError('stopping')
      }
    }
  }
  if (store && idempotencyKey) await store.release(idempotencyKey)
  const record = failureRecord(headers, message.topic, message.partition, message.offset)
  record.attempts += made
  if (isRetryable(lastError) && stage < deps.retry.topics.length) {
    const next = stage + 1
    const due = Date.now() + deps.retry.topics[stage]!
    const out = failureHeadersFor(headers, record, deps.group, lastError, {
      [failureHeaders.retryDue]: String(due),
      [failureHeaders.retryStage]: String(next),
    })
    await deps.handOff([
      { topic: retryTopic(source, next), key: message.key, value: message.value, headers: out },
    ])
    m.retried.inc()
    commit(deps, message)
    return
  }
  const reason: DeadLetterReason = isRetryable(lastError) ? 'handler-failed' : 'non-retryable'
  await deadLetter(deps, message, headers, source, reason, lastError, record.attempts, type, record)
}

async function claim(store: IdempotencyStore, key: string, signal: AbortSignal): Promise<'claimed' | 'done'> {
  for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
    const result = await store.claim(key, LEASE)
    if (result !== 'busy') return result
    // Another worker (a previous owner of this partition, mid-rebalance) holds the event: wait.
    await sleep(wait, signal)
    if (signal.aborted) throw new StoppedError('stopping')
  }
}

async function deadLetter(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  source: string,
  reason: DeadLetterReason,
  error: unknown,
  attempts: number,
  type = source,
  known = failureRecord(headers, message.topic, message.partition, message.offset),
): Promise<void> {
  const record = { ...known, attempts: Math.max(known.attempts, attempts) }
  const out = failureHeadersFor(headers, record, deps.group, error, { [failureHeaders.reason]: reason })
  await deps.handOff([
    { topic: deadLetterTopic(source), key: message.key, value: message.value, headers: out },
  ])
  deps.metrics.deadLettered.inc({ type, group: deps.group, reason })
  deps.onOutcome('dead-lettered', error)
  deps.log.error(
    { err: error, type, reason, topic: message.topic, offset: String(message.offset) },
    'event dead-lettered',
  )
  commit(deps, message)
}

function skip(deps: PipelineDeps, message: KafkaMessage): void {
  deps.onOutcome('skipped')
  commit(deps, message)
}

function commit(deps: PipelineDeps, message: KafkaMessage): void {
  deps.commit(message)
}

export function headersOf(message: KafkaMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of message.headers) out[k] = v === undefined || v === null ? '' : v.toString('utf8')
  return out
}

function toRawMessage(message: KafkaMessage, headers: Record<string, string>): RawMessage {
  return {
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    key: message.key ?? undefined,
    value: message.value ?? null,
    headers,
    timestamp: new Date(Number(message.timestamp)),
    json<T>(): T {
      try {
        return JSON.parse(message.value?.toString('utf8') ?? 'null') as T
      } catch (cause) {
        throw new NonRetryableError(
          `record ${message.topic}/${message.partition}@${message.offset} is not JSON`,
          { cause },
        )
      }
    },
  }
}
