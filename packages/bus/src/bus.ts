/**
 * The event bus: typed publishing through the catalog, raw publishing for any topic, consumer
 * groups, dead letters, health, metrics and graceful shutdown — one object per service.
 */
import {
  type AnyEventDefinition,
  type Catalog,
  createCatalog,
  type EventData,
  type EventInput,
} from '@spool/catalog'
import { parseOptions } from '@spool/errors'
import { type Logger, pino } from 'pino'
import { busLogLevel } from './config/env.ts'
import { type BusOptions, type BusOptionsInput, busInputSchema } from './config/options.ts'
import { BusConsumer } from './consumer/consumer.ts'
import {
  type ConsumerInput,
  consumerOptionsSchema,
  type HandlerOptions,
  handlerOptionsSchema,
} from './consumer/options.ts'
import type { EventHandler, RawHandler } from './consumer/types.ts'
import { ConfigError, InvalidArgumentError, NotConnectedError, SpoolBusError, StateError } from './errors.ts'
import { DeadLetters } from './failure/dead-letters.ts'
import {
  abortClient,
  createAdmin,
  createProducer,
  ensureTopics,
  isConnectivityError,
  type KafkaAdmin,
  type KafkaProducer,
  kafkaFailure,
  type OutgoingMessage,
  settledWithin,
} from './kafka/adapter.ts'
import { busChannel, reportPublish } from './observe/diagnostics.ts'
import { type BusHealth, summarize } from './observe/health.ts'
import { type BusMetrics, countingChild, createMetrics } from './observe/metrics.ts'
import { OfflineSpool } from './offline/spool.ts'
import { hasSqlite } from './peers.ts'
import {
  type EncodedForPublish,
  encodeForPublish,
  encodeForPublishSync,
  type PublishOptions,
} from './producer/encode.ts'
import { Publisher, type PublishReceipt } from './producer/publisher.ts'

export type { PublishOptions }

/** A published catalog event: its id and where it went. */
export interface PublishedEvent extends PublishReceipt {
  id: string
  type: string
}

/** A record for a topic outside the catalog (seed 000's `sendMessage`). */
export interface RawRecord {
  topic: string
  key?: string | Buffer
  value: string | Buffer | null
  headers?: Record<string, string>
  partition?: number
}

export type BusInput = BusOptionsInput & {
  /** Event definitions (or a catalog made with createCatalog). */
  catalog?: Catalog | readonly AnyEventDefinition[]
}

/**
 * Creates a bus. Nothing connects until `connect()` (or the first publish / `start()`).
 *
 * @example
 * const bus = createBus({ ...busOptionsFromEnv(), catalog: [MissionCompleted] })
 * await bus.connect()
 * await bus.publish(MissionCompleted, { userId: 'u1', missionId: 'm1', xpEarned: 50 })
 * bus.on(MissionCompleted, async (event) => award(event.data), { group: 'xp' })
 * await bus.start()
 */
export function createBus(input: BusInput = {}): Bus {
  return new Bus(input)
}

/**
 * The event bus: publishes catalog events and raw records, runs consumer groups with retries and
 * dead letters, and reports health and metrics. Made by {@link createBus}.
 *
 * @example
 * const bus = createBus({ brokers: ['127.0.0.1:9092'], catalog: [OrderPlaced] })
 * await bus.publish(OrderPlaced, { orderId: 'o1', total: 42 })
 * bus.on(OrderPlaced, async (event) => ship(event.data), { group: 'shipping' })
 * await bus.start()
 */
export class Bus {
  readonly options: Readonly<BusOptions>
  readonly catalog: Catalog | undefined
  readonly metrics: BusMetrics
  readonly log: Logger
  readonly deadLetters: DeadLetters
  #publisher: Publisher
  #spool: OfflineSpool | undefined
  #admin: KafkaAdmin | undefined
  #consumers = new Map<string, BusConsumer>()
  #connecting: Promise<void> | undefined
  #closed = false
  #source: string

  constructor(input: BusInput = {}) {
    // Validated before anything is opened or connected: a misspelt option fails here, by name.
    const { catalog, ...options } = parseOptions('createBus', busInputSchema, input)
    this.options = Object.freeze(options)
    this.catalog =
      catalog === undefined
        ? undefined
        : Array.isArray(catalog)
          ? createCatalog(catalog)
          : (catalog as Catalog)
    this.log = this.options.logger ?? pino({ name: 'spool', level: busLogLevel() })
    this.#source = this.options.source ?? `/${this.options.clientId}`
    this.#spool = this.options.offline === 'spool' ? this.#openSpool() : undefined
    this.metrics = createMetrics(this.options.registry, () => this.#spool?.depth ?? 0)
    this.#publisher = new Publisher(
      (onRetry) =>
        createProducer(this.options, {
          onRetry,
          onError: (error) => this.log.debug({ err: error }, 'Kafka producer error'),
        }),
      this.options,
      this.#spool,
      this.log,
      {
        onStateChange: (connected, error) => {
          if (connected) this.log.info('producer connected')
          else this.log.warn({ err: error }, 'Kafka unreachable; publishing to the offline spool')
        },
      },
    )
    this.deadLetters = new DeadLetters(
      this.options,
      () => this.#getAdmin(),
      (m) => this.#handOff(m),
      this.log,
    )
  }

  /**
   * The offline spool, or none on a Node without node:sqlite (22.12): the service still starts,
   * and a publish while Kafka is unreachable then fails as with `offline: 'fail'` (said once here).
   */
  #openSpool(): OfflineSpool | undefined {
    if (!hasSqlite()) {
      this.log.warn(
        { node: process.versions.node },
        "the offline spool needs node:sqlite (Node 22.13+, 23.4+ or 24+); without it a publish while Kafka is unreachable fails as with offline: 'fail'",
      )
      return undefined
    }
    return new OfflineSpool(this.options.offlinePath)
  }

  /**
   * Connects the producer. When Kafka is unreachable, the `startup` option decides: `background`
   * (the default) resolves and events wait in the offline spool until Kafka is back, `wait` keeps
   * trying (capped exponential backoff) and resolves once Kafka answered, `fail` throws. With
   * `offline: 'fail'` and no spool to fall back on, `background` throws too.
   */
  connect(): Promise<void> {
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = undefined
      throw error
    })
    return this.#connecting
  }

  async #connect(): Promise<void> {
    const mode = this.options.startup
    let delay = this.options.initialRetryTime
    for (;;) {
      try {
        // Bounded: the client would otherwise retry an idempotent producer's requests forever.
        await withTimeout(
          // forceUpdate: the client's cached metadata would answer for a cluster that is gone.
          this.#publisher.producer.metadata({
            topics: [],
            forceUpdate: true,
            retries: Math.min(this.options.retries, 2),
          }),
          this.options.connectionTimeout * 3 + this.options.requestTimeout,
          () => new NotConnectedError(`Kafka at ${this.options.brokers.join(',')} did not answer`),
        )
        this.#publisher.markReached()
        return
      } catch (error) {
        const spooling = this.options.offline === 'spool'
        if (!isConnectivityError(error) || mode === 'fail' || (mode === 'background' && !spooling)) {
          throw kafkaFailure(error, 'connecting', this.options.brokers, this.options.sasl)
        }
        this.#publisher.markOffline(error)
        if (mode === 'background') {
          // A later connect() (start(), for one) tries again.
          this.#connecting = undefined
          this.log.warn(
            { err: error, brokers: this.options.brokers },
            'Kafka unreachable at start; events go to the offline spool and consumers keep trying',
          )
          return
        }
        this.log.warn(
          { err: error, brokers: this.options.brokers, retryIn: delay },
          'Kafka unreachable at start; waiting for it',
        )
        await new Promise((resolve) => setTimeout(resolve, delay))
        if (this.#closed) throw new StateError('the bus was closed while waiting for Kafka')
        delay = Math.min(delay * 2, this.options.reconnectMaxDelay)
      }
    }
  }

  /** Publishes one catalog event after validating it. */
  async publish<D extends AnyEventDefinition>(
    event: D | string,
    data: EventInput<D>,
    options: PublishOptions = {},
  ): Promise<PublishedEvent> {
    const definition = this.#definition(event)
    const source = this.#source
    const mode = this.options.envelope
    const started = busChannel.hasSubscribers ? performance.now() : undefined
    let encoded: EncodedForPublish | undefined
    try {
      encoded =
        encodeForPublishSync(definition, data, options, source, mode) ??
        (await encodeForPublish(definition, data, options, source, mode))
      const { message, id, type } = encoded
      const receipt = await this.#publisher.send(message)
      this.#published(type, message.topic).inc()
      if (started !== undefined) reportPublish(started, described(encoded), receipt)
      return { ...receipt, id, type }
    } catch (error) {
      if (started !== undefined) reportPublish(started, described(encoded, definition), undefined, error)
      throw error
    }
  }

  /** Publishes many catalog events; all are validated before any is sent. */
  async publishBatch(
    events: Array<{ event: AnyEventDefinition | string; data: unknown; options?: PublishOptions }>,
  ): Promise<PublishedEvent[]> {
    const source = this.#source
    const mode = this.options.envelope
    const encoded = new Array<EncodedForPublish>(events.length)
    const started = busChannel.hasSubscribers ? performance.now() : undefined
    const definitions = started === undefined ? undefined : new Array<AnyEventDefinition>(events.length)
    try {
      let pending: Promise<void>[] | undefined
      for (let i = 0; i < events.length; i++) {
        const { event, data, options = {} } = events[i]!
        const definition = this.#definition(event)
        if (definitions) definitions[i] = definition
        const sync = encodeForPublishSync(definition, data, options, source, mode)
        if (sync) encoded[i] = sync
        else {
          // An asynchronous schema: only these events cost a promise each.
          pending ??= []
          pending.push(
            encodeForPublish(definition, data, options, source, mode).then((e) => {
              encoded[i] = e
            }),
          )
        }
      }
      if (pending) await Promise.all(pending)
      const messages = new Array<OutgoingMessage>(encoded.length)
      for (let i = 0; i < encoded.length; i++) messages[i] = encoded[i]!.message
      const receipts = await this.#publisher.sendMany(messages)
      const published = new Array<PublishedEvent>(receipts.length)
      // Counted per run of the same type and topic: one counter update per run, not per event.
      let run = 0
      for (let i = 0; i < receipts.length; i++) {
        const { id, type, message } = encoded[i]!
        published[i] = { ...receipts[i]!, id, type }
        if (started !== undefined) reportPublish(started, described(encoded[i]), receipts[i])
        run++
        const next = encoded[i + 1]
        if (next === undefined || next.type !== type || next.message.topic !== message.topic) {
          this.#published(type, message.topic).inc(run)
          run = 0
        }
      }
      return published
    } catch (error) {
      // Every event of the batch failed with it (those whose type was known).
      if (started !== undefined) {
        for (let i = 0; i < events.length; i++) {
          if (definitions![i])
            reportPublish(started, described(encoded[i], definitions![i]), undefined, error)
        }
      }
      throw error
    }
  }

  /** Sends a raw record to any topic (no catalog, no envelope). */
  async sendMessage(record: RawRecord): Promise<PublishReceipt> {
    const [receipt] = await this.sendMessages([record])
    return receipt!
  }

  /**
   * Sends raw records in one batch. A record with a `partition` goes to exactly that partition;
   * one the topic does not have is refused (InvalidArgumentError) before anything is sent.
   */
  async sendMessages(records: RawRecord[]): Promise<PublishReceipt[]> {
    const messages = records.map((r, i) => toOutgoing(r, i))
    const started = busChannel.hasSubscribers ? performance.now() : undefined
    let receipts: PublishReceipt[]
    try {
      if (messages.some((m) => m.partition !== undefined)) await this.#checkPartitions(messages)
      receipts = await this.#publisher.sendMany(messages)
    } catch (error) {
      if (started !== undefined)
        for (const m of messages) reportPublish(started, rawDescribed(m), undefined, error)
      throw error
    }
    for (const m of messages) this.#published(m.topic, m.topic).inc()
    if (started !== undefined) {
      for (let i = 0; i < messages.length; i++)
        reportPublish(started, rawDescribed(messages[i]!), receipts[i])
    }
    return receipts
  }

  /** The consumer group `group`, created on first use. */
  consumer(input: ConsumerInput | string): BusConsumer {
    const options = parseOptions(
      'bus.consumer',
      consumerOptionsSchema,
      typeof input === 'string' ? { group: input } : input,
    )
    let consumer = this.#consumers.get(options.group)
    if (!consumer) {
      consumer = new BusConsumer(
        {
          options: this.options,
          catalog: this.catalog,
          metrics: this.metrics,
          log: this.log,
          handOff: (m) => this.#handOff(m),
          missingTopics: async (topics) => {
            const existing = new Set(await this.#getAdmin().listTopics())
            return topics.filter((t) => !existing.has(t))
          },
          ensureTopics: (topics) =>
            ensureTopics(
              this.#getAdmin(),
              topics,
              this.options.topicPartitions,
              this.options.replicationFactor,
            ),
        },
        options,
      )
      this.#consumers.set(options.group, consumer)
    } else if (typeof input !== 'string' && Object.keys(input).length > 1) {
      throw new ConfigError(
        `consumer group "${options.group}" already exists; pass its options only the first time`,
      )
    }
    return consumer
  }

  /** Registers a handler in `group` (default: the client id). */
  on<D extends AnyEventDefinition>(
    event: D,
    handler: EventHandler<EventData<D>, D['type']>,
    options: HandlerOptions = {},
  ): this {
    const { group } = parseOptions('bus.on', handlerOptionsSchema, options)
    this.consumer(group ?? this.options.clientId).on(event, handler)
    return this
  }

  /** Registers a raw handler of topics in `group` (default: the client id). */
  subscribe(topics: string | string[], handler: RawHandler, options: HandlerOptions = {}): this {
    const { group } = parseOptions('bus.subscribe', handlerOptionsSchema, options)
    this.consumer(group ?? this.options.clientId).onTopic(topics, handler)
    return this
  }

  /** Connects and starts every consumer group with handlers. */
  /**
   * Connects and starts every consumer group with handlers. While Kafka is unreachable, `startup`
   * decides (see {@link Bus.connect}): with `background` the groups keep trying to join and this
   * resolves at once.
   */
  async start(): Promise<void> {
    if (this.#closed) throw new StateError('the bus is closed')
    await this.connect()
    const starting = [...this.#consumers.values()].filter((c) => c.topics.length > 0).map((c) => c.start())
    if (this.options.startup === 'background' && !this.#publisher.reached) {
      // Kafka did not answer: each group keeps trying on its own; a failure other than Kafka being
      // unreachable shows in health() and the log instead of an unhandled rejection.
      for (const s of starting) {
        s.catch((error: unknown) => this.log.error({ err: error }, 'consumer group could not start'))
      }
      return
    }
    await Promise.all(starting)
  }

  /** Consumer groups by id. */
  get consumers(): ReadonlyMap<string, BusConsumer> {
    return this.#consumers
  }

  /** True when Kafka has answered the producer and it is not publishing to the offline spool. */
  isProducerConnected(): boolean {
    return this.#publisher.reached && !this.#publisher.offline
  }

  /** Ids of the consumer groups that are running or paused. */
  getActiveConsumerGroups(): string[] {
    return [...this.#consumers.values()]
      .filter((c) => c.state === 'running' || c.state === 'paused')
      .map((c) => c.group)
  }

  /** Producer, consumer groups and offline spool in one report, as the health routes serve it. */
  health(): BusHealth {
    return summarize(
      {
        connected: this.isProducerConnected(),
        lastError: this.#publisher.lastError?.message,
        reached: this.#publisher.reached,
      },
      [...this.#consumers.values()].map((c) => c.status()),
      { enabled: this.#spool !== undefined, depth: this.#spool?.depth ?? 0 },
      this.options.clientId,
      [...this.options.brokers],
    )
  }

  /** Waits until every publish so far has been acknowledged (or spooled). */
  flush(): Promise<void> {
    return this.#publisher.flush()
  }

  /**
   * Graceful shutdown within `timeout`: consumers stop fetching, finish handlers in flight and
   * commit; the producer flushes; every connection closes.
   */
  async close(timeout = this.options.shutdownTimeout): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const deadline = Date.now() + timeout
    await Promise.all([...this.#consumers.values()].map((c) => c.stop(Math.max(0, deadline - Date.now()))))
    await this.#publisher.close()
    // An idempotent produce stuck retrying against a dead cluster must not hold the process.
    const forced = this.#publisher.offline
    const closing = Promise.allSettled([this.#publisher.producer.close(forced), this.#admin?.close()])
    if (!(await settledWithin(closing, Math.max(1_000, deadline - Date.now())))) {
      // Retries against a cluster that is gone would outlive the deadline (and keep the process up).
      await Promise.all([
        abortClient(this.#publisher.producer),
        this.#admin ? abortClient(this.#admin) : undefined,
      ])
    }
    this.#spool?.close()
  }

  #publishedChildren = new Map<string, { inc(value?: number): void }>()
  /** The published counter bound to its labels, cached: labelling per event is costly. */
  #published(type: string, topic: string): { inc(value?: number): void } {
    const key = `${type}\u0000${topic}`
    let child = this.#publishedChildren.get(key)
    if (!child) {
      child = countingChild(this.metrics.published, { type, topic })
      this.#publishedChildren.set(key, child)
    }
    return child
  }

  /**
   * Explicit partitions must exist: the partitioner reduces a partition modulo the topic's count,
   * which would put a record for partition 5 of a 2-partition topic silently on partition 1.
   * While Kafka is unreachable the check is skipped and the records go to the offline spool.
   */
  async #checkPartitions(messages: OutgoingMessage[]): Promise<void> {
    if (this.#publisher.offline) return
    const topics = [...new Set(messages.filter((m) => m.partition !== undefined).map((m) => m.topic))]
    let metadata: Awaited<ReturnType<KafkaProducer['metadata']>>
    try {
      metadata = await this.#publisher.producer.metadata({ topics, autocreateTopics: true })
    } catch (error) {
      if (isConnectivityError(error)) return
      throw kafkaFailure(error, `reading the metadata of ${topics.join(', ')}`, this.options.brokers)
    }
    messages.forEach((m, i) => {
      const count = metadata.topics.get(m.topic)?.partitionsCount
      if (m.partition === undefined || count === undefined || m.partition < count) return
      throw new InvalidArgumentError(
        `records[${i}].partition`,
        `records[${i}].partition ${m.partition} does not exist: "${m.topic}" has partitions 0 to ${count - 1}`,
      )
    })
  }

  /** The Kafka admin client (created on first use). */
  #getAdmin(): KafkaAdmin {
    this.#admin ??= createAdmin(this.options, (error) => this.log.debug({ err: error }, 'Kafka admin error'))
    return this.#admin
  }

  /** Publishes hand-off records (retry topics, dead letters, redrives) and waits until durable. */
  async #handOff(messages: OutgoingMessage[]): Promise<void> {
    await this.#publisher.sendMany(messages)
  }

  #definition(event: AnyEventDefinition | string): AnyEventDefinition {
    if (typeof event !== 'string') {
      if (this.catalog && !this.catalog.has(event.type)) {
        throw new SpoolBusError(
          'SPOOL_ERR_UNKNOWN_EVENT',
          `event type "${event.type}" is not in the bus's catalog`,
          {
            details: { type: event.type },
          },
        )
      }
      return event
    }
    if (!this.catalog)
      throw new ConfigError(`publishing "${event}" by name needs a catalog: createBus({ catalog })`)
    return this.catalog.require(event)
  }
}

/** What a publish message says of a catalog event (before it was encoded: its definition only). */
function described(encoded: EncodedForPublish | undefined, definition?: AnyEventDefinition) {
  return {
    id: encoded?.id,
    eventType: encoded?.type ?? definition?.type,
    topic: encoded?.message.topic ?? definition?.topic ?? '',
    key: encoded?.message.key,
  }
}

/** What a publish message says of a raw record: a CloudEvents id in binary-mode headers, if any. */
function rawDescribed(message: OutgoingMessage) {
  const headers = message.headers as Record<string, string> | undefined
  return { id: headers?.ce_id, eventType: undefined, topic: message.topic, key: message.key }
}

function toOutgoing(record: RawRecord, index: number): OutgoingMessage {
  if (!record || typeof record.topic !== 'string' || record.topic.length === 0) {
    throw new InvalidArgumentError(
      `records[${index}].topic`,
      `records[${index}].topic must be a non-empty string`,
    )
  }
  const value =
    record.value === null
      ? undefined
      : typeof record.value === 'string'
        ? Buffer.from(record.value)
        : record.value
  if (value !== undefined && !Buffer.isBuffer(value)) {
    throw new InvalidArgumentError(
      `records[${index}].value`,
      `records[${index}].value must be a string, a Buffer or null`,
    )
  }
  const partition = record.partition
  if (partition !== undefined && (!Number.isInteger(partition) || partition < 0 || partition > 0x7fffffff)) {
    throw new InvalidArgumentError(
      `records[${index}].partition`,
      `records[${index}].partition must be a non-negative integer, got ${JSON.stringify(partition)}`,
    )
  }
  return {
    topic: record.topic,
    key:
      record.key === undefined
        ? undefined
        : typeof record.key === 'string'
          ? Buffer.from(record.key)
          : record.key,
    value,
    headers: record.headers,
    partition,
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms)
  })
  promise.catch(() => {})
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
