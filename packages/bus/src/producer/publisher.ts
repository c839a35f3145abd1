/**
 * Sends records to Kafka in micro-batches: every publish made in the same tick (or within
 * `linger` ms) shares one produce request, up to `batchSize` records, with a few requests in
 * flight. Each caller gets its own partition and offset back. While Kafka is unreachable, records
 * go to the offline spool (or the call fails fast, per options) and are delivered in order later.
 */
import type { Logger } from 'pino'
import { missingTopics, NotFoundError } from '../admin/errors.ts'
import type { BusOptions } from '../config/options.ts'
import { NotConnectedError, PublishError, StateError } from '../errors.ts'
import {
  abortClient,
  isConnectivityError,
  isUnknownTopicError,
  type KafkaProducer,
  kafkaErrorName,
  type OutgoingMessage,
} from '../kafka/adapter.ts'
import type { OfflineSpool } from '../offline/spool.ts'
import { StickyPartitioner } from './partitioner.ts'

/** Where a published record went. `spooled` records have no partition/offset yet. */
export interface PublishReceipt {
  topic: string
  partition: number | undefined
  offset: bigint | undefined
  spooled: boolean
}

/** Records of one `send` (`one`: a single record, resolved with its receipt) or `sendMany`. */
type Pending = {
  messages: OutgoingMessage[]
  bytes: number
  reject: (error: Error) => void
} & (
  | { one: true; resolve: (receipt: PublishReceipt) => void }
  | { one: false; resolve: (receipts: PublishReceipt[]) => void }
)

const DRAIN_BATCH = 500
/** Errors a send gave up with, its records going to the spool instead. */
const abandonedErrors = new WeakSet<Error>()

function abandoned(cause: Error): Error {
  const error = new NotConnectedError('Kafka unreachable; the records go to the offline spool', { cause })
  abandonedErrors.add(error)
  return error
}
/**
 * Bytes of one produce request at most, across partitions (Kafka refuses requests over
 * socket.request.max.bytes, 100 MiB by default). `maxBatchBytes` bounds each partition's share.
 */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024

export interface PublisherEvents {
  onSent?: (messages: OutgoingMessage[]) => void
  onSpooled?: (count: number) => void
  onDrained?: (count: number) => void
  onStateChange?: (connected: boolean, error?: unknown) => void
}

/** Makes a producer; `onRetry` hears each failure the client is about to retry. */
export type ProducerFactory = (onRetry: (error: Error) => void) => KafkaProducer

export class Publisher {
  readonly partitioner: StickyPartitioner
  #producer: KafkaProducer
  #makeProducer: ProducerFactory
  /** Sends in flight that are to give up waiting and go to the spool when Kafka looks gone. */
  #waiting = new Set<(error: Error) => void>()
  #abandoned = new WeakSet<KafkaProducer>()
  #options: BusOptions
  #spool: OfflineSpool | undefined
  #log: Logger
  #events: PublisherEvents
  #queue: Pending[] = []
  #queued = 0
  #queuedBytes = 0
  #maxInFlight: number
  #requestBytes: number
  #scheduled = false
  #inFlight = 0
  #idle: Array<() => void> = []
  #offline = false
  #draining: Promise<void> | undefined
  #drainAgain = false
  #drainTimer: NodeJS.Timeout | undefined
  #closed = false
  #reached = false
  lastError: Error | undefined

  constructor(
    makeProducer: ProducerFactory,
    options: BusOptions,
    spool: OfflineSpool | undefined,
    log: Logger,
    events: PublisherEvents = {},
  ) {
    this.#makeProducer = makeProducer
    this.#producer = makeProducer(this.#onRetry)
    this.#options = options
    this.partitioner = new StickyPartitioner(options.partitioner)
    this.#spool = spool
    this.#log = log
    this.#events = events
    // The client sends one request at a time per idempotent producer; more "in flight" here would
    // only queue inside it as small requests instead of joining the next batch.
    this.#maxInFlight = options.idempotent ? 1 : 5
    this.#requestBytes = Math.max(options.maxBatchBytes, MAX_REQUEST_BYTES)
    if (spool && spool.depth > 0) {
      this.#offline = true
      this.#log.info(
        { depth: spool.depth },
        'offline spool holds records from an earlier run; delivering them',
      )
      this.#scheduleDrain(0)
    }
  }

  /** The producer in use (replaced when one is abandoned in an outage). */
  get producer(): KafkaProducer {
    return this.#producer
  }

  /** True while records are being kept in the spool instead of sent. */
  get offline(): boolean {
    return this.#offline
  }

  /** True once Kafka has answered (a produce, a metadata request) since the bus started. */
  get reached(): boolean {
    return this.#reached
  }

  /** Notes that Kafka answered. */
  markReached(): void {
    this.#reached = true
  }

  get spoolDepth(): number {
    return this.#spool?.depth ?? 0
  }

  /** Marks Kafka unreachable (for example when connecting failed at start-up). */
  markOffline(error: unknown): void {
    if (!this.#offline) {
      this.#offline = true
      this.lastError = error as Error
      this.#events.onStateChange?.(false, error)
    }
    this.#scheduleDrain(1_000)
  }

  send(message: OutgoingMessage): Promise<PublishReceipt> {
    if (this.#closed || this.#offline) return this.sendMany([message]).then((receipts) => receipts[0]!)
    // One record: no array of receipts and no extra promise on the way back.
    return new Promise((resolve, reject) => {
      this.#push({ one: true, messages: [message], bytes: recordBytes(message), resolve, reject })
    })
  }

  sendMany(messages: OutgoingMessage[]): Promise<PublishReceipt[]> {
    if (this.#closed)
      return Promise.reject(new StateError('the bus is closed; publish after close() is refused'))
    if (this.#offline) {
      try {
        return Promise.resolve(this.#spoolOrFail(messages))
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const { batchSize } = this.#options
    const maxBytes = this.#requestBytes
    const chunks: Promise<PublishReceipt[]>[] = []
    let start = 0
    let bytes = 0
    for (let i = 0; i < messages.length; i++) {
      const size = recordBytes(messages[i]!)
      if (i > start && (i - start >= batchSize || bytes + size > maxBytes)) {
        chunks.push(this.#enqueue(messages.slice(start, i), bytes))
        start = i
        bytes = 0
      }
      bytes += size
    }
    if (start === 0) return this.#enqueue(messages, bytes)
    chunks.push(this.#enqueue(messages.slice(start), bytes))
    return Promise.all(chunks).then((parts) => parts.flat())
  }

  /** Resolves once every queued and in-flight record has been acknowledged or spooled. */
  async flush(): Promise<void> {
    while (this.#queue.length > 0 || this.#inFlight > 0) {
      if (this.#queue.length > 0 && this.#inFlight < this.#maxInFlight) this.#flush()
      await new Promise<void>((resolve) => this.#idle.push(resolve))
    }
  }

  /** Stops accepting records, flushes what is pending, and tries one last drain of the spool. */
  async close(): Promise<void> {
    this.#closed = true
    await this.flush()
    if (this.#drainTimer) clearTimeout(this.#drainTimer)
    this.#drainTimer = undefined
    // A drain waits as long as Kafka is down; what it has not delivered stays in the spool.
    if (this.#draining) await Promise.race([this.#draining, new Promise((r) => setTimeout(r, 1_000))])
  }

  #schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    const run = () => {
      this.#scheduled = false
      this.#flush()
    }
    if (this.#options.linger > 0) setTimeout(run, this.#options.linger)
    else setImmediate(run)
  }

  #enqueue(messages: OutgoingMessage[], bytes: number): Promise<PublishReceipt[]> {
    return new Promise((resolve, reject) => {
      this.#push({ one: false, messages, bytes, resolve, reject })
    })
  }

  #push(pending: Pending): void {
    this.#queue.push(pending)
    this.#queued += pending.messages.length
    this.#queuedBytes += pending.bytes
    if (this.#queued >= this.#options.batchSize || this.#queuedBytes >= this.#requestBytes) this.#flush()
    else this.#schedule()
  }

  #flush(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#maxInFlight) {
      const batch: Pending[] = []
      let count = 0
      let bytes = 0
      while (this.#queue.length > 0) {
        const next = this.#queue[0]!
        const fits =
          count + next.messages.length <= this.#options.batchSize && bytes + next.bytes <= this.#requestBytes
        if (count > 0 && !fits) break
        this.#queue.shift()
        batch.push(next)
        count += next.messages.length
        bytes += next.bytes
      }
      this.#queued -= count
      this.#queuedBytes -= bytes
      this.#inFlight++
      this.partitioner.rotate()
      this.#sendBatch(batch).finally(() => {
        this.#inFlight--
        if (this.#queue.length > 0) this.#flush()
        const waiters = this.#idle.splice(0)
        for (const w of waiters) w()
      })
    }
  }

  async #sendBatch(batch: Pending[]): Promise<void> {
    const messages = batch.length === 1 ? batch[0]!.messages : batch.flatMap((p) => p.messages)
    if (this.#offline) {
      this.#settleSpooled(batch)
      return
    }
    try {
      const receipts = await this.#withDeadline(this.#produce(messages), this.#spoolsOnOutage())
      let at = 0
      for (const p of batch) {
        if (p.one) p.resolve(receipts[at]!)
        else p.resolve(batch.length === 1 ? receipts : receipts.slice(at, at + p.messages.length))
        at += p.messages.length
      }
      this.#reached = true
      this.#events.onSent?.(messages)
      if (this.lastError) {
        this.lastError = undefined
        this.#events.onStateChange?.(true)
      }
    } catch (error) {
      if (abandonedErrors.has(error as Error)) {
        // Kafka looked gone: the records go to the spool now. The client still holds them for
        // its retries, so it is dropped (a new one takes over) lest they are delivered twice.
        this.markOffline((error as Error).cause)
        this.#settleSpooled(batch)
        this.#abandonProducer()
        return
      }
      if (isConnectivityError(error)) {
        this.markOffline(error)
        this.#settleSpooled(batch)
        return
      }
      if (error instanceof NotFoundError) {
        for (const p of batch) p.reject(error)
        return
      }
      const name = kafkaErrorName(error)
      const wrapped = new PublishError(
        `publish to ${[...new Set(messages.map((m) => m.topic))].join(', ')} failed${name ? ` (${name})` : ''}: ${(error as Error).message}`,
        { cause: error, details: { kafkaError: name } },
      )
      for (const p of batch) p.reject(wrapped)
    }
  }

  /** Assigns partitions (Java-compatible), sends, and works out each record's offset. */
  async #produce(messages: OutgoingMessage[]): Promise<PublishReceipt[]> {
    let metadata = this.#producer.currentMetadata
    let missing: string[] | undefined
    for (const m of messages) {
      if (!metadata?.topics.has(m.topic) && !missing?.includes(m.topic)) {
        missing ??= []
        missing.push(m.topic)
      }
    }
    if (missing) {
      metadata = await this.#topicMetadata(missing)
      metadata = this.#producer.currentMetadata ?? metadata
    }
    const partitions = new Array<number>(messages.length)
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!
      partitions[i] = this.partitioner.assign(m, metadata!.topics.get(m.topic)!.partitionsCount)
    }
    const receipts = new Array<PublishReceipt>(messages.length)
    const cuts = partitionCuts(messages, partitions, this.#options.maxBatchBytes)
    // One request unless a partition's share would pass maxBatchBytes; the parts go one after
    // the other, so each partition keeps the records' order.
    let from = 0
    for (const to of cuts) {
      const part = from === 0 && to === messages.length ? messages : messages.slice(from, to)
      const result = await this.#producer.send({ messages: part })
      fillReceipts(receipts, from, part, partitions, result.offsets)
      from = to
    }
    return receipts
  }

  /**
   * Metadata of topics the producer has not seen. A topic Kafka still does not know after a few
   * quick tries (a cluster that creates topics has done so by then) fails naming it, instead of
   * after the client's whole retry budget; an unreachable Kafka fails at once, for the spool.
   */
  async #topicMetadata(topics: string[]): Promise<Awaited<ReturnType<KafkaProducer['metadata']>>> {
    try {
      return await this.#producer.metadata({ topics, autocreateTopics: true, retries: 0 })
    } catch (error) {
      if (isConnectivityError(error)) throw error
      // A topic being created (LEADER_NOT_AVAILABLE), a leader moving: the client's retries.
      if (!isUnknownTopicError(error)) return this.#producer.metadata({ topics, autocreateTopics: true })
    }
    try {
      return await this.#producer.metadata({ topics, autocreateTopics: true, retries: 3 })
    } catch (error) {
      if (!isUnknownTopicError(error)) throw error
      throw missingTopics(topics, error)
    }
  }

  /** True when a publish that cannot reach Kafka goes to the spool (rather than failing). */
  #spoolsOnOutage(): boolean {
    return this.#spool !== undefined && this.#options.offline === 'spool'
  }

  /**
   * The client retries an idempotent produce without end while brokers are down; the bus gives
   * up waiting after `deliveryTimeout` so callers are never left hanging. When the records can go
   * to the spool, it gives up sooner: after `offlineAfter`, or as soon as the client reports a
   * failure to reach Kafka that it is about to retry.
   */
  #withDeadline<T>(promise: Promise<T>, spooling = false): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    let interrupt: ((error: Error) => void) | undefined
    const deadline = new Promise<never>((_, reject) => {
      const ms = spooling ? this.#options.offlineAfter : this.#options.deliveryTimeout
      timer = setTimeout(() => {
        const error = new NotConnectedError(
          `no acknowledgement from Kafka at ${this.#options.brokers.join(',')} within ${ms} ms`,
        )
        reject(spooling ? abandoned(error) : error)
      }, ms)
      if (spooling) {
        interrupt = (error) => reject(abandoned(error))
        this.#waiting.add(interrupt)
      }
    })
    promise.catch(() => {}) // the losing side of the race must not surface as unhandled
    return Promise.race([promise, deadline]).finally(() => {
      clearTimeout(timer)
      if (interrupt) this.#waiting.delete(interrupt)
    })
  }

  /** The client is about to retry a failure: if Kafka cannot be reached, sends stop waiting. */
  #onRetry = (error: Error): void => {
    if (this.#waiting.size === 0 || !isConnectivityError(error)) return
    for (const interrupt of [...this.#waiting]) interrupt(error)
  }

  /** Drops the producer holding abandoned records (and its retries) for a fresh one. */
  #abandonProducer(): void {
    const old = this.#producer
    if (this.#abandoned.has(old)) return
    this.#abandoned.add(old)
    this.#producer = this.#makeProducer(this.#onRetry)
    abortClient(old).catch(() => {})
  }

  #settleSpooled(batch: Pending[]): void {
    try {
      for (const p of batch) {
        const receipts = this.#spoolOrFail(p.messages)
        if (p.one) p.resolve(receipts[0]!)
        else p.resolve(receipts)
      }
    } catch (error) {
      for (const p of batch) p.reject(error as Error)
    }
  }

  #spoolOrFail(messages: OutgoingMessage[]): PublishReceipt[] {
    if (!this.#spool || this.#options.offline === 'fail') {
      throw new NotConnectedError(
        `Kafka at ${this.#options.brokers.join(',')} is unreachable and the offline spool is off (offline: "fail")`,
        { cause: this.lastError },
      )
    }
    this.#spool.append(
      messages.map((m) => ({
        topic: m.topic,
        key: m.key,
        value: m.value as Buffer,
        headers: headersToStrings(m.headers),
        partition: m.partition,
      })),
    )
    this.#events.onSpooled?.(messages.length)
    this.#scheduleDrain(1_000)
    return messages.map((m) => ({ topic: m.topic, partition: undefined, offset: undefined, spooled: true }))
  }

  /**
   * Asks Kafka for its cluster metadata, bypassing the client's cache (which would answer for a
   * cluster that is gone), with no client retry and a bounded wait.
   */
  async #probe(): Promise<void> {
    const { connectionTimeout, requestTimeout, brokers } = this.#options
    let timer: NodeJS.Timeout | undefined
    const asked = this.#producer.metadata({ topics: [], forceUpdate: true, retries: 0 })
    asked.catch(() => {})
    try {
      await Promise.race([
        asked,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new NotConnectedError(`Kafka at ${brokers.join(',')} did not answer`)),
            connectionTimeout + requestTimeout,
          )
        }),
      ])
    } finally {
      clearTimeout(timer)
    }
  }

  #scheduleDrain(delay: number): void {
    if (!this.#spool || this.#drainTimer || this.#draining) return
    this.#drainTimer = setTimeout(() => {
      this.#drainTimer = undefined
      this.#draining = this.#drain().finally(() => {
        this.#draining = undefined
        // A round that could not reach Kafka asked for another; it can only be set up now.
        const again = this.#drainAgain
        this.#drainAgain = false
        if (again && !this.#closed) this.#scheduleDrain(1_000)
      })
    }, delay)
    this.#drainTimer.unref()
  }

  async #drain(): Promise<void> {
    const spool = this.#spool!
    let delivered = false
    while (spool.depth > 0) {
      const rows = spool.peek(DRAIN_BATCH)
      const messages: OutgoingMessage[] = []
      let bytes = 0
      for (const r of rows) {
        const m: OutgoingMessage = {
          topic: r.topic,
          key: r.key,
          value: r.value,
          headers: r.headers,
          partition: r.partition,
        }
        bytes += recordBytes(m)
        if (messages.length > 0 && bytes > this.#requestBytes) break
        messages.push(m)
      }
      rows.length = messages.length
      try {
        await this.#produce(messages)
      } catch (error) {
        this.lastError = error as Error
        if (!isConnectivityError(error)) {
          this.#log.error(
            { err: error, topic: rows[0]?.topic },
            'offline spool delivery refused by Kafka; will retry',
          )
        }
        this.#drainAgain = true
        return
      }
      this.#reached = true
      delivered = true
      spool.remove(rows[rows.length - 1]!.id)
      this.#events.onDrained?.(rows.length)
      this.#events.onSent?.(messages)
    }
    if (this.#offline) {
      if (!delivered) {
        // Nothing was waiting, so nothing has shown that Kafka answers: ask it before going online.
        try {
          await this.#probe()
        } catch (error) {
          this.lastError = error as Error
          this.#log.debug({ err: error }, 'Kafka still unreachable')
          this.#drainAgain = true
          return
        }
      }
      this.#offline = false
      this.#reached = true
      this.lastError = undefined
      this.#log.info('Kafka reachable again; offline spool delivered')
      this.#events.onStateChange?.(true)
    }
  }
}

/**
 * Where to cut a batch so that no partition gets more than `limit` bytes in one request (the
 * broker refuses a partition's record batch over its max.message.bytes). Returns the end index of
 * each part; the last is `messages.length`.
 */
function partitionCuts(messages: OutgoingMessage[], partitions: number[], limit: number): number[] {
  const cuts: number[] = []
  let used = new Map<string, number[]>()
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!
    const size = recordBytes(m)
    let byPartition = used.get(m.topic)
    if (byPartition === undefined) {
      byPartition = []
      used.set(m.topic, byPartition)
    }
    const p = partitions[i]!
    const sofar = byPartition[p] ?? 0
    if (sofar > 0 && sofar + size > limit) {
      cuts.push(i)
      used = new Map([[m.topic, []]])
      byPartition = used.get(m.topic)!
      byPartition[p] = size
    } else {
      byPartition[p] = sofar + size
    }
  }
  cuts.push(messages.length)
  return cuts
}

/** Receipts of `part` (records `from`… of the batch): each partition's base offset, then in order. */
function fillReceipts(
  receipts: PublishReceipt[],
  from: number,
  part: OutgoingMessage[],
  partitions: number[],
  results: ReadonlyArray<{ topic: string; partition: number; offset: bigint }> | undefined,
): void {
  const next = new Map<string, Array<bigint | undefined>>()
  for (const o of results ?? []) {
    let byPartition = next.get(o.topic)
    if (byPartition === undefined) {
      byPartition = []
      next.set(o.topic, byPartition)
    }
    byPartition[o.partition] = o.offset
  }
  let lastTopic: string | undefined
  let offsets: Array<bigint | undefined> | undefined
  for (let i = 0; i < part.length; i++) {
    const topic = part[i]!.topic
    if (topic !== lastTopic) {
      lastTopic = topic
      offsets = next.get(topic)
    }
    const partition = partitions[from + i]!
    const offset = offsets?.[partition]
    if (offset !== undefined) offsets![partition] = offset + 1n
    receipts[from + i] = { topic, partition, offset, spooled: false }
  }
}

/** Approximate wire size of a record: key, value and headers, plus per-record overhead. */
function recordBytes(m: OutgoingMessage): number {
  let n = 24 + (m.key?.length ?? 0) + (m.value ? (m.value as Buffer).length : 0)
  const headers = m.headers
  if (headers && !(headers instanceof Map)) {
    for (const k in headers) n += k.length + String(headers[k]).length + 4
  } else if (headers) {
    for (const [k, v] of headers) n += String(k).length + (v as Buffer | string).length + 4
  }
  return n
}

function headersToStrings(headers: OutgoingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  if (!headers) return out
  const entries = headers instanceof Map ? headers.entries() : Object.entries(headers)
  for (const [k, v] of entries)
    out[String(k)] = typeof v === 'string' ? v : Buffer.from(v as Buffer).toString('utf8')
  return out
}
