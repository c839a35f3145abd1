/**
 * One Kafka consumer (one group member) and its stream of records, fanned out to one
 * PartitionWorker per assigned partition. It applies backpressure (pauses fetching while too many
 * records wait), drops records of partitions revoked by a rebalance, and re-creates the stream if
 * the client tears it down (for example after a commit rejected during a rebalance).
 */
import type { Logger } from 'pino'
import type { BusOptions } from '../config/options.ts'
import {
  abortClient,
  createConsumer,
  type KafkaConsumer,
  type KafkaMessage,
  type KafkaMessageStream,
  settledWithin,
} from '../kafka/adapter.ts'
import { PartitionWorker } from './partition-worker.ts'

export interface LaneSettings {
  groupId: string
  topics: string[]
  from: 'earliest' | 'latest'
  sessionTimeout: number
  heartbeatInterval: number
  rebalanceTimeout: number
  maxBuffered: number
  lagInterval: number
  clientSuffix: string
}

export interface LaneHooks {
  process: (message: KafkaMessage) => void | Promise<void>
  onError: (error: unknown) => void
  onLag: (lag: Map<string, bigint[]>) => void
}

type Stream = KafkaMessageStream

/** The least time given to leaving the group at shutdown, even when the deadline has passed. */
const LEAVE_GRACE = 1_000

export class Lane {
  readonly settings: LaneSettings
  #options: BusOptions
  #hooks: LaneHooks
  #log: Logger
  #consumer: KafkaConsumer
  #stream: Stream | undefined
  #workers = new Map<string, PartitionWorker<KafkaMessage>>()
  #assigned = new Set<string>()
  #buffered = 0
  #backpressure = false
  #userPaused = false
  #stopping = false
  #closing = false
  #restartTimer: NodeJS.Timeout | undefined
  #commitScheduled = false
  #lastWorker: PartitionWorker<KafkaMessage> | undefined
  lag = new Map<string, bigint[]>()

  constructor(options: BusOptions, settings: LaneSettings, hooks: LaneHooks, log: Logger) {
    this.#options = options
    this.settings = settings
    this.#hooks = hooks
    this.#log = log
    this.#consumer = createConsumer(options, settings, (error) => {
      // Also reported where it matters (the stream, a join that is retried); while closing, the
      // connections going away is expected.
      if (this.#closing) this.#log.debug({ err: error }, 'Kafka consumer error while closing')
      else this.#log.warn({ err: error }, 'Kafka consumer error')
    })
    this.#consumer.on('consumer:group:join', (payload) => this.#onJoin(payload.assignments ?? []))
    this.#consumer.on('consumer:lag', (lag) => {
      this.lag = lag
      hooks.onLag(lag)
    })
    this.#consumer.on('consumer:heartbeat:error', (payload) =>
      this.#log.debug({ err: payload.error }, 'heartbeat error'),
    )
  }

  get consumer(): KafkaConsumer {
    return this.#consumer
  }

  get workers(): Iterable<PartitionWorker<KafkaMessage>> {
    return this.#workers.values()
  }

  get buffered(): number {
    return this.#buffered
  }

  async start(): Promise<void> {
    this.#stopping = false
    this.#closing = false
    await this.#openStream()
    if (this.settings.lagInterval > 0) {
      this.#consumer.startLagMonitoring({ topics: this.settings.topics }, this.settings.lagInterval)
    }
  }

  pause(): void {
    this.#userPaused = true
    this.#stream?.pause()
    for (const w of this.#workers.values()) w.pause()
  }

  resume(): void {
    this.#userPaused = false
    for (const w of this.#workers.values()) w.resume()
    if (!this.#backpressure) this.#stream?.resume()
  }

  /**
   * Stops fetching, lets the records being handled finish (until `deadline`), drops what is
   * queued (uncommitted, so redelivered), flushes commits and leaves the group.
   */
  async stop(deadline: number): Promise<void> {
    this.#stopping = true
    if (this.#restartTimer) clearTimeout(this.#restartTimer)
    this.#stream?.pause()
    for (const w of this.#workers.values()) {
      w.pause()
      w.clear()
    }
    const idle = Promise.all([...this.#workers.values()].map((w) => w.idle()))
    const timedOut = !(await settledWithin(idle, deadline - Date.now()))
    if (timedOut) this.#log.warn('shutdown deadline passed with handlers still running')
    this.#flushCommits()
    this.#closing = true
    this.#consumer.stopLagMonitoring()
    // Leaving the group needs the cluster: against one that is gone the client would retry for its
    // whole retry budget. What is left of the deadline (at least LEAVE_GRACE) bounds it; after that
    // the connections are dropped and the group notices by the session timeout instead.
    const leaving = (async () => {
      try {
        await this.#stream?.close()
      } catch (error) {
        this.#log.debug({ err: error }, 'closing the stream failed')
      }
      await this.#consumer
        .close(timedOut)
        .catch((error: unknown) => this.#log.debug({ err: error }, 'consumer close failed'))
    })()
    const left = await settledWithin(leaving, Math.max(LEAVE_GRACE, deadline - Date.now()))
    this.#stream = undefined
    if (!left) {
      this.#log.warn(
        { group: this.settings.groupId },
        'could not leave the consumer group before the shutdown deadline (is Kafka reachable?); connections closed',
      )
      // leaveGroup() marks the membership inactive at once, which stops the heartbeat loop that a
      // close() still waiting on its stream would otherwise keep scheduling after the abort.
      this.#consumer.leaveGroup(true, () => {})
      await abortClient(this.#consumer)
    }
  }

  async #openStream(): Promise<void> {
    const stream = (await this.#consumer.consume({
      topics: this.settings.topics,
      mode: 'committed',
      fallbackMode: this.settings.from,
      autocommit: false,
      sessionTimeout: this.settings.sessionTimeout,
      heartbeatInterval: this.settings.heartbeatInterval,
      rebalanceTimeout: this.settings.rebalanceTimeout,
      maxWaitTime: 500,
      maxBytes: this.#options.fetchMaxBytes,
      maxBytesPerPartition: this.#options.fetchMaxPartitionBytes,
    })) as Stream
    this.#stream = stream
    this.#lastWorker = undefined
    for (const { topic, partitions } of this.#consumer.assignments ?? []) {
      for (const p of partitions) this.#assigned.add(`${topic}\u0000${p}`)
    }
    stream.on('data', (message: KafkaMessage) => this.#dispatch(message))
    stream.on('error', (error: Error) => this.#onStreamError(stream, error))
    if (this.#userPaused) stream.pause()
  }

  /**
   * Marks a record done. Offsets are committed once per event-loop turn for every partition with
   * records done in it (the last one's offset covers the others): one commit covers a whole fetch
   * under load, and an idle partition's offset is committed on the next turn.
   */
  commit(message: KafkaMessage): void {
    const worker = this.#workerOf(message)
    if (!worker) return
    worker.uncommitted = message
    if (!this.#commitScheduled) {
      this.#commitScheduled = true
      setImmediate(this.#flushScheduled)
    }
  }

  #flushScheduled = (): void => {
    this.#commitScheduled = false
    // stop() flushed what was done before it closed the consumer; nothing is committed after.
    if (this.#closing) return
    this.#flushCommits()
  }

  #flushCommits(): void {
    for (const worker of this.#workers.values()) this.#commitWorker(worker)
  }

  #commitWorker(worker: PartitionWorker<KafkaMessage>): void {
    const message = worker.uncommitted
    if (!message) return
    worker.uncommitted = undefined
    const result = message.commit()
    if (result && typeof (result as Promise<void>).catch === 'function') {
      ;(result as Promise<void>).catch((error: unknown) => {
        this.#log.debug(
          { err: error, topic: message.topic, partition: message.partition },
          'offset commit failed; records may be redelivered',
        )
      })
    }
  }

  /** The worker of a record's partition, if any. */
  #workerOf(message: KafkaMessage): PartitionWorker<KafkaMessage> | undefined {
    const last = this.#lastWorker
    if (isWorkerOf(last, message)) return last
    return this.#workers.get(`${message.topic}\u0000${message.partition}`)
  }

  #dispatch(message: KafkaMessage): void {
    // Records come in runs of one partition: the last worker is reused without building its key.
    // It is always an assigned partition's worker (a rebalance forgets it).
    let worker = this.#lastWorker
    if (!isWorkerOf(worker, message)) {
      const key = `${message.topic}\u0000${message.partition}`
      if (this.#assigned.size > 0 && !this.#assigned.has(key)) return
      worker = this.#workers.get(key)
      if (!worker) {
        worker = this.#newWorker(message)
        this.#workers.set(key, worker)
      }
      this.#lastWorker = worker
    }
    this.#buffered++
    worker.push(message)
    if (this.#buffered >= this.settings.maxBuffered && !this.#backpressure) {
      this.#backpressure = true
      this.#stream?.pause()
    }
  }

  #newWorker(message: KafkaMessage): PartitionWorker<KafkaMessage> {
    const worker = new PartitionWorker<KafkaMessage>(
      message.topic,
      message.partition,
      this.#hooks.process,
      (n) => this.#done(n),
      (error, m) => {
        this.#hooks.onError(error)
        this.#log.error(
          { err: error, topic: m.topic, partition: m.partition, offset: String(m.offset) },
          'record could not be handed off; retrying it',
        )
      },
    )
    if (this.#userPaused) worker.pause()
    return worker
  }

  #done(count: number): void {
    this.#buffered -= count
    if (this.#backpressure && this.#buffered <= this.settings.maxBuffered / 2) {
      this.#backpressure = false
      if (!this.#userPaused && !this.#stopping) this.#stream?.resume()
    }
  }

  #onJoin(assignments: { topic: string; partitions: number[] }[]): void {
    this.#assigned.clear()
    this.#lastWorker = undefined
    for (const { topic, partitions } of assignments) {
      for (const p of partitions) this.#assigned.add(`${topic}\u0000${p}`)
    }
    for (const [key, worker] of this.#workers) {
      if (!this.#assigned.has(key)) worker.revoke()
    }
    this.#log.info({ assignments }, 'group joined')
  }

  #onStreamError(stream: Stream, error: Error): void {
    if (this.#stopping || stream !== this.#stream) return
    this.#hooks.onError(error)
    this.#log.warn({ err: error }, 'consumer stream failed; re-creating it')
    this.#stream = undefined
    stream.close().catch(() => {})
    const retry = (delay: number) => {
      this.#restartTimer = setTimeout(() => {
        this.#restartTimer = undefined
        if (this.#stopping) return
        this.#openStream().catch((e: unknown) => {
          this.#hooks.onError(e)
          retry(Math.min(delay * 2, 30_000))
        })
      }, delay)
    }
    retry(Math.max(100, this.#options.initialRetryTime))
  }
}

/** True when `worker` is the worker of the record's partition. */
function isWorkerOf(
  worker: PartitionWorker<KafkaMessage> | undefined,
  message: KafkaMessage,
): worker is PartitionWorker<KafkaMessage> {
  return worker !== undefined && worker.partition === message.partition && worker.topic === message.topic
}
