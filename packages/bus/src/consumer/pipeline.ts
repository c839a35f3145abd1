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
import { IdempotencyStoreError } from '../idempotency/errors.ts'
import type { IdempotencyStore } from '../idempotency/store.ts'
import type { KafkaMessage, OutgoingMessage } from '../kafka/adapter.ts'
import {
  type BusConsumeDiagnostic,
  type BusDeadLetterDiagnostic,
  type BusRetryDiagnostic,
  busChannel,
} from '../observe/diagnostics.ts'
import { type BusMetrics, countingChild } from '../observe/metrics.ts'
import type { EventContext, EventHandler, RawHandler, RawMessage } from './types.ts'

export interface PipelineDeps {
  group: string
  catalog: Catalog | undefined
  handlers: Map<string, EventHandler<any>>
  rawHandlers: Map<string, RawHandler>
  retry: RetryOptions
  idempotency: IdempotencyStore | undefined
  retention: number
  /** How long a claim holds while the handler runs, ms. */
  lease: number
  /** How long a claim held by another worker is waited on before the record fails for now, ms. */
  busyWait: number
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
      consumed: countingChild(deps.metrics.consumed, labels),
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

/** What a decoded record runs: its type, its event id (for idempotency) and the handler call. */
interface Prepared {
  type: string
  eventId: string | undefined
  run: (context: EventContext) => unknown
}

/**
 * Processes one record. Returns undefined when everything finished synchronously (a sync schema
 * and handler, no idempotency store, no failure): the common case costs no promise. Otherwise
 * returns a promise that settles when the record is done.
 */
export function processRecord(
  deps: PipelineDeps,
  message: KafkaMessage,
  stage: number,
): void | Promise<void> {
  const headers = headersOf(message)
  if (stage > 0) return processLater(deps, message, headers, stage)
  return processNow(deps, message, headers, 0, message.topic)
}

/** A record of a retry topic: waits until it is due, then processes it. */
async function processLater(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  stage: number,
): Promise<void> {
  const due = Number(headers[failureHeaders.retryDue] ?? 0)
  await sleep(due - Date.now(), deps.signal)
  if (deps.signal.aborted) throw new StoppedError('stopping')
  await processNow(deps, message, headers, stage, parseRetryTopic(message.topic).source)
}

function processNow(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  stage: number,
  source: string,
): void | Promise<void> {
  const prepared = prepare(deps, message, headers, source)
  if (prepared === undefined) return
  if (prepared instanceof Promise) {
    return prepared.then((p) =>
      p === undefined ? undefined : handle(deps, message, headers, stage, source, p),
    )
  }
  return handle(deps, message, headers, stage, source, prepared)
}

/**
 * Decodes and validates the record and finds its handler. Undefined when the record was settled
 * here (skipped); a promise when the schema is asynchronous or the record goes to the dead letters.
 */
function prepare(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  source: string,
): Prepared | Promise<Prepared | undefined> | undefined {
  const raw = deps.rawHandlers.get(source)
  if (raw) {
    const rawMessage = toRawMessage(message, headers)
    return { type: source, eventId: headers.ce_id, run: (context) => raw(rawMessage, context) }
  }
  if (!deps.catalog) {
    const error = new NonRetryableError(`no catalog and no raw handler for topic "${source}"`)
    return rejected(deps, message, headers, source, error)
  }
  // A plain record (no CloudEvents attributes) without an id field is identified by where it was
  // first written, which a retry topic's copy carries in its failure headers.
  const originalOffset = headers[failureHeaders.originalOffset]
  const record = {
    value: message.value ?? null,
    headers,
    key: message.key ?? null,
    timestamp: message.timestamp,
    topic: source,
    partition:
      originalOffset === undefined ? message.partition : Number(headers[failureHeaders.originalPartition]),
    offset: originalOffset ?? message.offset,
  }
  let event: EventEnvelope<unknown>
  try {
    event = deps.catalog.parseSync(record)
  } catch (error) {
    if ((error as { code?: string }).code !== 'SPOOL_ERR_ASYNC_SCHEMA') {
      return rejected(deps, message, headers, source, error)
    }
    return deps.catalog.parse(record).then(
      (parsed) => found(deps, message, headers, source, parsed),
      (error: unknown) => rejected(deps, message, headers, source, error),
    )
  }
  return found(deps, message, headers, source, event)
}

/** A record that is not a valid event of the catalog: skipped or dead-lettered, per options. */
function rejected(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  source: string,
  error: unknown,
): Promise<undefined> | undefined {
  if ((error as { code?: string }).code === 'SPOOL_ERR_UNKNOWN_EVENT' && deps.unknownEvents === 'skip') {
    skip(deps, message, { type: headers.ce_type ?? source, eventId: headers.ce_id })
    return undefined
  }
  return deadLetter(deps, message, headers, source, 'invalid-event', error, 0).then(() => undefined)
}

function found(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  source: string,
  event: EventEnvelope<unknown>,
): Prepared | Promise<undefined> | undefined {
  const handler = deps.handlers.get(event.type)
  if (!handler) {
    if (deps.unknownEvents === 'skip') {
      skip(deps, message, { type: event.type, eventId: event.id })
      return undefined
    }
    const error = new NonRetryableError(`group "${deps.group}" has no handler for event type "${event.type}"`)
    return deadLetter(
      deps,
      message,
      headers,
      source,
      'invalid-event',
      error,
      0,
      event.type,
      undefined,
      event.id,
    ).then(() => undefined)
  }
  return { type: event.type, eventId: event.id, run: (context) => handler(event, context) }
}

/**
 * Runs the handler. Without an idempotency store, the first attempt runs synchronously and a
 * synchronous success settles the record at once; anything else continues asynchronously.
 */
function handle(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  stage: number,
  source: string,
  prepared: Prepared,
): void | Promise<void> {
  const store = deps.idempotency
  if (store && prepared.eventId) return handleOnce(deps, message, headers, stage, source, prepared, store)
  const m = metricsFor(deps, prepared.type)
  const context = contextOf(deps, message, headers, stage, 1)
  const started = performance.now()
  let result: unknown
  try {
    result = prepared.run(context)
  } catch (error) {
    if (busChannel.hasSubscribers)
      reportAttempt(deps, message, prepared, context.attempt, started, 'failed', error)
    return runAttempts(deps, message, headers, stage, source, prepared, undefined, undefined, error)
  }
  if (result && typeof (result as Promise<unknown>).then === 'function') {
    return (result as Promise<unknown>).then(
      () => handled(deps, message, m, started, prepared, context.attempt),
      (error: unknown) => {
        if (busChannel.hasSubscribers)
          reportAttempt(deps, message, prepared, context.attempt, started, 'failed', error)
        return runAttempts(deps, message, headers, stage, source, prepared, undefined, undefined, error)
      },
    )
  }
  handled(deps, message, m, started, prepared, context.attempt)
}

function handled(
  deps: PipelineDeps,
  message: KafkaMessage,
  m: TypeMetrics,
  started: number,
  prepared: Prepared,
  attempt: number,
): void {
  m.duration.observe((performance.now() - started) / 1_000)
  m.consumed.inc()
  deps.onOutcome('handled')
  if (busChannel.hasSubscribers) reportAttempt(deps, message, prepared, attempt, started, 'handled')
  commit(deps, message)
}

/** A `consume` message of the `spool:bus` channel (call only when it has subscribers). */
function reportAttempt(
  deps: PipelineDeps,
  message: KafkaMessage,
  prepared: Pick<Prepared, 'type' | 'eventId'> | undefined,
  attempt: number,
  started: number | undefined,
  outcome: BusConsumeDiagnostic['outcome'],
  error?: unknown,
): void {
  const diagnostic: BusConsumeDiagnostic = {
    type: 'consume',
    id: prepared?.eventId,
    eventType: prepared?.type,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    group: deps.group,
    attempt,
    durationMs: started === undefined ? 0 : performance.now() - started,
    outcome,
  }
  if (outcome === 'failed') diagnostic.error = error
  busChannel.publish(diagnostic)
}

/** With an idempotency store: claim the event id, skip it if done, else run the attempts. */
async function handleOnce(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  stage: number,
  source: string,
  prepared: Prepared,
  store: IdempotencyStore,
): Promise<void> {
  const idempotencyKey = `${deps.group}:${prepared.eventId}`
  if (store.runOnce)
    return handleInTransaction(deps, message, headers, stage, source, prepared, store, idempotencyKey)
  const claimed = await claim(deps, store, idempotencyKey)
  if (claimed === 'done') {
    metricsFor(deps, prepared.type).duplicates.inc()
    return skip(deps, message, prepared, 'duplicate')
  }
  await runAttempts(deps, message, headers, stage, source, prepared, store, idempotencyKey)
}

/**
 * With a transactional store: each attempt runs in a transaction that also marks the event done,
 * so the handler's writes through `context.transaction` and the mark commit together.
 */
async function handleInTransaction(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  stage: number,
  source: string,
  prepared: Prepared,
  store: IdempotencyStore,
  key: string,
): Promise<void> {
  // Only for the duplicate count: the transaction itself is what decides.
  if ((await store.status(key)) === 'done') {
    metricsFor(deps, prepared.type).duplicates.inc()
    return skip(deps, message, prepared, 'duplicate')
  }
  const inTransaction: Prepared = {
    ...prepared,
    run: (context) =>
      store.runOnce!(key, deps.retention, deps.busyWait, (transaction) =>
        Promise.resolve(prepared.run({ ...context, transaction })),
      ),
  }
  await runAttempts(deps, message, headers, stage, source, inTransaction, undefined, undefined)
}

function contextOf(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  stage: number,
  attempt: number,
): EventContext {
  const previousAttempts =
    stage === 0 && !headers[failureHeaders.attempts] ? 0 : Number(headers[failureHeaders.attempts] ?? 0)
  return {
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
}

/**
 * The handler attempts with in-process retries, then the hand-off to the next retry topic or the
 * dead letters. `firstError` is the failure of a first attempt already made synchronously.
 */
async function runAttempts(
  deps: PipelineDeps,
  message: KafkaMessage,
  headers: Record<string, string>,
  stage: number,
  source: string,
  prepared: Prepared,
  store: IdempotencyStore | undefined,
  idempotencyKey: string | undefined,
  ...firstError: [unknown?]
): Promise<void> {
  const { type, run } = prepared
  const m = metricsFor(deps, type)
  const attempts = stage === 0 ? deps.retry.attempts : 1
  let lastError: unknown
  let made = 0
  for (let attempt = 1; attempt <= attempts; attempt++) {
    made = attempt
    const context = contextOf(deps, message, headers, stage, attempt)
    const started = performance.now()
    let succeeded = false
    try {
      if (attempt === 1 && firstError.length > 0) throw firstError[0]
      const result = run(context)
      if (result && typeof (result as Promise<unknown>).then === 'function') await result
      succeeded = true
    } catch (error) {
      lastError = error
      m.failed.inc()
      deps.onOutcome('failed', error)
      // A first attempt made before (firstError) was reported where it ran.
      if (busChannel.hasSubscribers && !(attempt === 1 && firstError.length > 0)) {
        reportAttempt(deps, message, prepared, context.attempt, started, 'failed', error)
      }
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
      const delay = backoffDelay(attempt, deps.retry.initialDelay, deps.retry.maxDelay)
      if (busChannel.hasSubscribers) {
        reportRetry(deps, message, prepared, context.attempt, delay, undefined, error)
      }
      await sleep(delay, deps.signal)
      if (deps.signal.aborted) {
        if (store && idempotencyKey) await store.release(idempotencyKey)
        throw new StoppedError('stopping')
      }
    }
    if (succeeded) {
      m.duration.observe((performance.now() - started) / 1_000)
      m.consumed.inc()
      if (store && idempotencyKey) await complete(deps, store, idempotencyKey, message)
      deps.onOutcome('handled')
      if (busChannel.hasSubscribers) {
        reportAttempt(deps, message, prepared, context.attempt, started, 'handled')
      }
      commit(deps, message)
      return
    }
  }
  if (store && idempotencyKey) await store.release(idempotencyKey)
  const record = failureRecord(headers, message.topic, message.partition, message.offset)
  record.attempts += made
  if (isRetryable(lastError) && stage < deps.retry.topics.length) {
    const next = stage + 1
    const delay = deps.retry.topics[stage]!
    const due = Date.now() + delay
    const out = failureHeadersFor(headers, record, deps.group, lastError, {
      [failureHeaders.retryDue]: String(due),
      [failureHeaders.retryStage]: String(next),
    })
    const topic = retryTopic(source, next)
    await deps.handOff([{ topic, key: message.key, value: message.value, headers: out }])
    m.retried.inc()
    if (busChannel.hasSubscribers) {
      reportRetry(deps, message, prepared, record.attempts, delay, topic, lastError)
    }
    commit(deps, message)
    return
  }
  const reason: DeadLetterReason = isRetryable(lastError) ? 'handler-failed' : 'non-retryable'
  await deadLetter(
    deps,
    message,
    headers,
    source,
    reason,
    lastError,
    record.attempts,
    type,
    record,
    prepared.eventId,
  )
}

/** A `retry` message of the `spool:bus` channel (call only when it has subscribers). */
function reportRetry(
  deps: PipelineDeps,
  message: KafkaMessage,
  prepared: Prepared,
  attempt: number,
  delayMs: number,
  toTopic: string | undefined,
  error: unknown,
): void {
  busChannel.publish({
    type: 'retry',
    id: prepared.eventId,
    eventType: prepared.type,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    group: deps.group,
    attempt,
    delayMs,
    via: toTopic === undefined ? 'in-process' : 'retry-topic',
    retryTopic: toTopic,
    error,
  } satisfies BusRetryDiagnostic)
}

/**
 * Marks a handled event done in the idempotency store. The handler already succeeded, so a store
 * that fails here never runs it again: the call is retried with backoff, and if the store stays
 * unreachable the record is committed anyway (at least once holds; only a redelivery within the
 * claim's lease could run the handler twice) and the failure logged.
 */
async function complete(
  deps: PipelineDeps,
  store: IdempotencyStore,
  key: string,
  message: KafkaMessage,
): Promise<void> {
  const attempts = Math.max(3, deps.retry.attempts)
  for (let attempt = 1; ; attempt++) {
    try {
      await store.complete(key, deps.retention)
      return
    } catch (error) {
      if (attempt >= attempts || deps.signal.aborted) {
        deps.log.error(
          {
            err: error,
            key,
            topic: message.topic,
            partition: message.partition,
            offset: String(message.offset),
          },
          'event handled, but the idempotency store could not mark it done; committing it anyway',
        )
        return
      }
      await sleep(backoffDelay(attempt, deps.retry.initialDelay, deps.retry.maxDelay), deps.signal)
    }
  }
}

async function claim(deps: PipelineDeps, store: IdempotencyStore, key: string): Promise<'claimed' | 'done'> {
  const deadline = performance.now() + deps.busyWait
  for (let wait = 50; ; wait = Math.min(wait * 2, 1_000)) {
    const result = await store.claim(key, deps.lease)
    if (result !== 'busy') return result
    // Another worker (a previous owner of this partition, mid-rebalance) holds the event: wait, but
    // not forever; the record stays at the head of its partition and is tried again after a backoff.
    const left = deadline - performance.now()
    if (left <= 0) {
      throw new IdempotencyStoreError(
        `idempotency: event ${key} is still held by another worker after ${deps.busyWait} ms`,
        { retryable: true, details: { store: 'consumer', key, busyWait: deps.busyWait } },
      )
    }
    await sleep(Math.min(wait, left), deps.signal)
    if (deps.signal.aborted) throw new StoppedError('stopping')
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
  eventId = headers.ce_id,
): Promise<void> {
  const record = { ...known, attempts: Math.max(known.attempts, attempts) }
  const out = failureHeadersFor(headers, record, deps.group, error, { [failureHeaders.reason]: reason })
  const dlqTopic = deadLetterTopic(source)
  await deps.handOff([{ topic: dlqTopic, key: message.key, value: message.value, headers: out }])
  deps.metrics.deadLettered.inc({ type, group: deps.group, reason })
  deps.onOutcome('dead-lettered', error)
  if (busChannel.hasSubscribers) {
    busChannel.publish({
      type: 'dead-letter',
      id: eventId,
      eventType: type,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      group: deps.group,
      attempts: record.attempts,
      reason,
      dlqTopic,
      error,
    } satisfies BusDeadLetterDiagnostic)
  }
  deps.log.error(
    { err: error, type, reason, topic: message.topic, offset: String(message.offset) },
    'event dead-lettered',
  )
  commit(deps, message)
}

function skip(
  deps: PipelineDeps,
  message: KafkaMessage,
  event?: Pick<Prepared, 'type' | 'eventId'>,
  outcome: 'skipped' | 'duplicate' = 'skipped',
): void {
  deps.onOutcome('skipped')
  if (busChannel.hasSubscribers) reportAttempt(deps, message, event, 0, undefined, outcome)
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
