/**
 * A consumer group of the bus: handlers registered by event type (or raw by topic), one main lane
 * reading the source topics and, when retry topics are configured, one retry lane reading them.
 */
import type { AnyEventDefinition, Catalog, EventData } from '@spool/catalog'
import { parseOptions } from '@spool/errors'
import type { Logger } from 'pino'
import { missingTopics } from '../admin/errors.ts'
import type { BusOptions, RetryOptions } from '../config/options.ts'
import { HandlerRegistrationError, SpoolBusError, StateError } from '../errors.ts'
import { deadLetterTopic, retryTopic } from '../failure/headers.ts'
import type { IdempotencyStore } from '../idempotency/store.ts'
import { isConnectivityError, kafkaFailure, type OutgoingMessage } from '../kafka/adapter.ts'
import type { BusMetrics } from '../observe/metrics.ts'
import { Lane } from './lane.ts'
import { type ConsumerInput, type ConsumerOptions, consumerOptionsSchema } from './options.ts'
import { type PipelineDeps, processRecord } from './pipeline.ts'
import type { ConsumerState, ConsumerStatus, EventHandler, PartitionStatus, RawHandler } from './types.ts'

export interface ConsumerDeps {
  options: BusOptions
  catalog: Catalog | undefined
  metrics: BusMetrics
  log: Logger
  handOff: (messages: OutgoingMessage[]) => Promise<void>
  ensureTopics: (topics: string[]) => Promise<void>
  /** Of `topics`, those Kafka does not have. */
  missingTopics: (topics: string[]) => Promise<string[]>
}

export type { ConsumerInput }

/**
 * Handlers of one consumer group.
 *
 * @example
 * const payments = bus.consumer({ group: 'subscription-service' })
 * payments.on(PaymentCompleted, async (event) => activate(event.data.subscriptionId))
 * await payments.start()
 */
export class BusConsumer {
  readonly group: string
  readonly options: Readonly<ConsumerOptions>
  #deps: ConsumerDeps
  #retry: RetryOptions
  #handlers = new Map<string, EventHandler<any>>()
  #rawHandlers = new Map<string, RawHandler>()
  #topics = new Set<string>()
  #lanes: Lane[] = []
  #state: ConsumerState = 'idle'
  #abort = new AbortController()
  #counts = { handled: 0, failed: 0, deadLettered: 0 }
  #lastError: { message: string; at: string; handledBefore: number } | undefined
  /** Why the group has not joined yet while it keeps trying (Kafka unreachable). */
  #waiting: string | undefined
  #retryTimer: NodeJS.Timeout | undefined
  #wake: (() => void) | undefined

  /** Made by `bus.consumer()`. @internal */
  constructor(deps: ConsumerDeps, input: ConsumerInput) {
    this.options = parseOptions('bus.consumer', consumerOptionsSchema, input)
    this.#deps = deps
    this.group = this.options.group
    this.#retry = Object.freeze({ ...deps.options.retry, ...stripUndefined(this.options.retry ?? {}) })
  }

  /** Where the group is in its life: idle, starting, running, paused, stopping, stopped or failed. */
  get state(): ConsumerState {
    return this.#state
  }

  /** The topics this group reads (sources only, not retry topics). */
  get topics(): string[] {
    return [...this.#topics]
  }

  /** Handles one event type. A second handler for the same type replaces nothing: it is an error. */
  on<D extends AnyEventDefinition>(definition: D, handler: EventHandler<EventData<D>, D['type']>): this {
    this.#assertIdle('on')
    if (this.#handlers.has(definition.type)) {
      throw new HandlerRegistrationError(
        `group "${this.group}" already has a handler for "${definition.type}"`,
      )
    }
    if (this.#deps.catalog && !this.#deps.catalog.has(definition.type)) {
      throw new SpoolBusError(
        'SPOOL_ERR_UNKNOWN_EVENT',
        `event type "${definition.type}" is not in the bus's catalog; add its definition to createBus({ catalog })`,
        { details: { type: definition.type } },
      )
    }
    this.#handlers.set(definition.type, handler)
    this.#topics.add(definition.topic)
    return this
  }

  /** Handles every record of a topic, without the catalog (raw key, value and headers). */
  onTopic(topic: string | string[], handler: RawHandler): this {
    this.#assertIdle('onTopic')
    for (const t of Array.isArray(topic) ? topic : [topic]) {
      if (this.#rawHandlers.has(t))
        throw new HandlerRegistrationError(`group "${this.group}" already has a raw handler for topic "${t}"`)
      this.#rawHandlers.set(t, handler)
      this.#topics.add(t)
    }
    return this
  }

  /**
   * Joins the group and starts consuming every registered topic (and its retry topics). Creates the
   * topics first when `ensureTopics` is on. ConfigError if no handler is registered; no-op if running.
   *
   * While Kafka is unreachable, what happens follows the bus's `startup` option: `background`
   * resolves and keeps trying with capped exponential backoff (the group joins when Kafka appears),
   * `wait` resolves once the group joined, `fail` throws. Any other failure throws.
   */
  async start(): Promise<void> {
    if (this.#state === 'running' || this.#state === 'starting' || this.#state === 'paused') return
    if (this.#topics.size === 0)
      throw new HandlerRegistrationError(
        `group "${this.group}" has no handlers; register some with on() first`,
      )
    this.#state = 'starting'
    this.#abort = new AbortController()
    const mode = this.#deps.options.startup
    let delay = this.#deps.options.initialRetryTime
    for (;;) {
      try {
        await this.#join()
        return
      } catch (error) {
        if (this.#state !== 'starting') return // stopped while trying
        if (mode === 'fail' || !isConnectivityError(error)) {
          this.#state = 'failed'
          this.#waiting = undefined
          throw kafkaFailure(
            error,
            `starting consumer group "${this.group}"`,
            this.#deps.options.brokers,
            this.#deps.options.sasl,
          )
        }
        this.#waiting = `Kafka at ${this.#deps.options.brokers.join(',')} is unreachable (${messageOf(error)})`
        this.#deps.log.warn(
          { group: this.group, err: error, retryIn: delay },
          'consumer group waiting for Kafka; retrying',
        )
        if (mode === 'background') {
          this.#retryInBackground(delay)
          return
        }
        if (!(await this.#sleep(delay))) return
        delay = Math.min(delay * 2, this.#deps.options.reconnectMaxDelay)
      }
    }
  }

  /** One attempt to join: topics, lanes, group membership. Leaves nothing open when it fails. */
  async #join(): Promise<void> {
    const sources = [...this.#topics]
    const retries = this.#retry.topics.flatMap((_, i) => sources.map((s) => retryTopic(s, i + 1)))
    try {
      if (this.#deps.options.ensureTopics) {
        await this.#deps.ensureTopics([...sources, ...retries, ...sources.map(deadLetterTopic)])
      } else {
        // The client would retry an unknown topic for its whole retry budget, then say little.
        const missing = await this.#deps.missingTopics([...sources, ...retries])
        if (missing.length > 0) throw missingTopics(missing)
      }
      if (this.#state !== 'starting') return
      this.#lanes = [this.#lane(sources, 0)]
      if (retries.length > 0) this.#lanes.push(this.#lane(retries, 1))
      await Promise.all(this.#lanes.map((l) => l.start()))
      if (this.#state !== 'starting') return
      this.#state = 'running'
      this.#waiting = undefined
      this.#deps.log.info({ group: this.group, topics: sources }, 'consumer started')
    } catch (error) {
      this.#note(error)
      await Promise.allSettled(this.#lanes.map((l) => l.stop(Date.now())))
      this.#lanes = []
      throw error
    }
  }

  /** Tries again after `delay` ms, doubling the delay up to `reconnectMaxDelay`, until joined or stopped. */
  #retryInBackground(delay: number): void {
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined
      if (this.#state !== 'starting') return
      this.#join().then(
        () => {},
        (error: unknown) => {
          if (this.#state !== 'starting') return
          if (!isConnectivityError(error)) {
            this.#state = 'failed'
            this.#waiting = undefined
            this.#deps.log.error({ group: this.group, err: error }, 'consumer group could not start')
            return
          }
          this.#waiting = `Kafka at ${this.#deps.options.brokers.join(',')} is unreachable (${messageOf(error)})`
          const next = Math.min(delay * 2, this.#deps.options.reconnectMaxDelay)
          this.#deps.log.debug({ group: this.group, err: error, retryIn: next }, 'Kafka still unreachable')
          this.#retryInBackground(next)
        },
      )
    }, delay)
  }

  /** Waits `ms`; false when the group was stopped meanwhile. */
  #sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined
        this.#wake = undefined
        resolve(this.#state === 'starting')
      }, ms)
      this.#wake = () => resolve(false)
    })
  }

  /** Stops handing records to handlers (the group membership stays) until {@link BusConsumer.resume}. */
  pause(): void {
    if (this.#state !== 'running') return
    for (const l of this.#lanes) l.pause()
    this.#state = 'paused'
  }

  /** Resumes a paused group. */
  resume(): void {
    if (this.#state !== 'paused') return
    for (const l of this.#lanes) l.resume()
    this.#state = 'running'
  }

  /** Graceful stop: finish handlers in flight (until `timeout` ms), commit, leave the group. */
  async stop(timeout = this.#deps.options.shutdownTimeout): Promise<void> {
    if (this.#state === 'idle' || this.#state === 'stopped' || this.#state === 'stopping') return
    this.#state = 'stopping'
    this.#waiting = undefined
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryTimer = undefined
    this.#wake?.()
    this.#wake = undefined
    const deadline = Date.now() + timeout
    const timer = setTimeout(() => this.#abort.abort(), timeout)
    try {
      await Promise.all(this.#lanes.map((l) => l.stop(deadline)))
    } finally {
      clearTimeout(timer)
      this.#abort.abort()
      this.#lanes = []
      this.#state = 'stopped'
    }
  }

  /** State, counters, last error, and assignments with lag per partition. */
  status(): ConsumerStatus {
    const main = this.#lanes[0]
    const assignments: PartitionStatus[] = []
    let lag = 0
    for (const lane of this.#lanes) {
      for (const { topic, partitions } of lane.consumer.assignments ?? []) {
        for (const partition of partitions) {
          const worker = [...lane.workers].find((w) => w.topic === topic && w.partition === partition)
          const partitionLag = lane.lag.get(topic)?.[partition]
          if (partitionLag !== undefined && partitionLag > 0n) lag += Number(partitionLag)
          assignments.push({
            topic,
            partition,
            position: worker?.position === undefined ? undefined : String(worker.position),
            lag: partitionLag === undefined ? undefined : String(partitionLag),
            queued: worker?.queued ?? 0,
          })
        }
      }
    }
    return {
      group: this.group,
      state: this.#state,
      memberId: main?.consumer.memberId ?? null,
      generation: main?.consumer.generationId ?? -1,
      topics: this.topics,
      waiting: this.#waiting,
      assignments,
      lag,
      ...this.#counts,
      lastError: this.#lastError && {
        message: this.#lastError.message,
        at: this.#lastError.at,
        // Counting instead of time-stamping every event keeps the hot path free of clocks.
        recovered: this.#counts.handled > this.#lastError.handledBefore,
      },
    }
  }

  #lane(topics: string[], stage: number): Lane {
    const options = this.#deps.options
    const groupId = stage === 0 ? this.group : `${this.group}.retry`
    // `group` is the lane's own Kafka group (the retry lane's is `<group>.retry`), said once per line.
    const log = this.#deps.log.child({ group: groupId, lane: stage === 0 ? 'main' : 'retry' })
    const deps: PipelineDeps = {
      group: this.group,
      catalog: this.#deps.catalog,
      handlers: this.#handlers,
      rawHandlers: this.#rawHandlers,
      retry: this.#retry,
      idempotency:
        this.options.idempotency === false
          ? undefined
          : ((this.options.idempotency ?? options.idempotency) as IdempotencyStore | undefined),
      retention: options.idempotencyRetention,
      lease: this.options.idempotencyLease ?? options.idempotencyLease,
      busyWait: this.options.idempotencyBusyWait ?? options.idempotencyBusyWait,
      unknownEvents: this.options.unknownEvents,
      handOff: this.#deps.handOff,
      commit: (message) => lane.commit(message),
      metrics: this.#deps.metrics,
      typeMetrics: new Map(),
      log,
      signal: this.#abort.signal,
      onOutcome: (outcome, error) => {
        if (outcome === 'handled') this.#counts.handled++
        else if (outcome === 'failed') {
          this.#counts.failed++
          this.#note(error)
        } else if (outcome === 'dead-lettered') this.#counts.deadLettered++
      },
    }
    const lane: Lane = new Lane(
      options,
      {
        groupId,
        topics,
        from: this.options.from,
        sessionTimeout: this.options.sessionTimeout ?? options.sessionTimeout,
        heartbeatInterval: this.options.heartbeatInterval ?? options.heartbeatInterval,
        rebalanceTimeout: this.options.rebalanceTimeout ?? options.rebalanceTimeout,
        maxBuffered: this.options.maxBuffered ?? options.maxBuffered,
        lagInterval: this.options.lagInterval,
        clientSuffix: stage === 0 ? `-${this.group}` : `-${this.group}-retry`,
      },
      {
        process: (message) => processRecord(deps, message, stage === 0 ? 0 : stageOf(message.topic)),
        onError: (error) => this.#note(error),
        onLag: (lagByTopic) => {
          for (const [topic, partitions] of lagByTopic) {
            partitions.forEach((l, partition) => {
              this.#deps.metrics.lag.set({ group: groupId, topic, partition: String(partition) }, Number(l))
            })
          }
        },
      },
      log,
    )
    return lane
  }

  #note(error: unknown): void {
    this.#lastError = {
      message: error instanceof Error ? error.message : String(error),
      at: new Date().toISOString(),
      handledBefore: this.#counts.handled,
    }
  }

  #assertIdle(method: string): void {
    if (this.#state !== 'idle' && this.#state !== 'stopped') {
      throw new StateError(
        `${method}() must be called before start() (group "${this.group}" is ${this.#state})`,
      )
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}

const stages = new Map<string, number>()
/** The retry stage of a topic (`orders.retry.2` → 2), cached: it is asked for every record. */
function stageOf(topic: string): number {
  let stage = stages.get(topic)
  if (stage === undefined) {
    const match = /\.retry\.(\d+)$/.exec(topic)
    stage = match ? Number(match[1]) : 0
    stages.set(topic, stage)
  }
  return stage
}
