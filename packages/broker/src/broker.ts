/**
 * The embedded broker: wires options, storage, the topic registry, idempotent-producer state, the
 * group coordinator, SASL and the TCP server together, runs retention, and stops cleanly.
 *
 * Data directory layout (file mode): `meta.json` (cluster id, node id), `topics.json`, `logs/`
 * (partition segments), `groups/` (coordinator journal), `producers/` (ids and state snapshot).
 */
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { type Logger, pino } from 'pino'
import { Authenticator } from './auth/authenticator.ts'
import { brokerLogLevel } from './env.ts'
import { BrokerErrorCodes, SpoolBrokerError } from './errors.ts'
import { createGroupCoordinator } from './group/index.ts'
import type { GroupCoordinator } from './group/types.ts'
import { handlerRegistry } from './handlers/index.ts'
import type { BrokerContext } from './handlers/types.ts'
import { fileLogStore, memoryLogStore } from './log/index.ts'
import type { LogStore } from './log/types.ts'
import { type BrokerInput, type BrokerOptions, resolveBrokerOptions } from './options.ts'
import { ProducerStateManager } from './producers/manager.ts'
import { advertisedKeys, Dispatcher } from './server/dispatch.ts'
import { Faults } from './server/faults.ts'
import { BrokerServer } from './server/server.ts'
import { TopicManager } from './topics/manager.ts'
import { fileTopicStore, memoryTopicStore } from './topics/store.ts'
import { JsonFile } from './util/json-file.ts'

interface MetaFile {
  version: 1
  clusterId: string
  nodeId: number
}

/** Kafka's cluster id format: 16 random bytes, URL-safe base64 without padding (22 characters). */
export function newClusterId(): string {
  return randomBytes(16).toString('base64url')
}

async function resolveClusterId(options: Readonly<BrokerOptions>): Promise<string> {
  if (options.dataDir === undefined) return options.clusterId ?? newClusterId()
  const file = new JsonFile(join(options.dataDir, 'meta.json'))
  const meta = await file.read<MetaFile>()
  if (meta !== undefined) {
    if (options.clusterId !== undefined && options.clusterId !== meta.clusterId)
      throw new SpoolBrokerError(
        BrokerErrorCodes.STORAGE,
        `The data directory ${options.dataDir} belongs to cluster ${meta.clusterId}, not ${options.clusterId}`,
      )
    return meta.clusterId
  }
  const clusterId = options.clusterId ?? newClusterId()
  await file.write({ version: 1, clusterId, nodeId: options.nodeId } satisfies MetaFile)
  return clusterId
}

/** What a stop does, and how long it lets requests in flight finish. */
const STOP_GRACE_MS = 5_000

/**
 * A running broker. Create one with {@link startBroker}.
 *
 * @example
 * const broker = await startBroker({ port: 0 })
 * broker.faults.fail(ApiKeys.PRODUCE, ErrorCodes.NOT_LEADER_OR_FOLLOWER, { times: 1 })
 * await broker.stop()
 */
export class Broker {
  readonly options: Readonly<BrokerOptions>
  readonly logger: Logger
  /** Fault injection for tests: delay or fail an API. */
  readonly faults = new Faults()
  #context: BrokerContext | undefined
  #server: BrokerServer | undefined
  #logs: LogStore | undefined
  #groups: GroupCoordinator | undefined
  #producers: ProducerStateManager | undefined
  #topics: TopicManager | undefined
  #retention: NodeJS.Timeout | undefined
  readonly #stopping = new AbortController()
  #port = 0
  #stopped: Promise<void> | undefined

  constructor(input: BrokerInput = {}) {
    this.options = resolveBrokerOptions(input)
    this.logger = this.options.logger ?? pino({ name: 'spool-broker', level: brokerLogLevel() })
  }

  /** The bound port (after start). */
  get port(): number {
    return this.#port
  }

  /** `host:port` for clients' bootstrap.servers. */
  get bootstrap(): string {
    const a = this.#context?.advertised
    return a === undefined ? '' : `${a.host}:${a.port}`
  }

  /** The cluster id clients see in Metadata and DescribeCluster (after start). */
  get clusterId(): string {
    return this.#context?.clusterId ?? ''
  }

  /** The topic registry (admin from code: create, list, delete). */
  get topics(): TopicManager {
    if (this.#topics === undefined)
      throw new SpoolBrokerError(BrokerErrorCodes.STATE, 'The broker is not started')
    return this.#topics
  }

  /** The shared state handlers run against (for tests; not a stable API). @internal */
  get context(): BrokerContext {
    if (this.#context === undefined)
      throw new SpoolBrokerError(BrokerErrorCodes.STATE, 'The broker is not started')
    return this.#context
  }

  /**
   * Opens the logs, topics, producer state and groups (recovering them from `dataDir`), then
   * listens. Resolves to the broker once clients can connect.
   */
  async start(): Promise<this> {
    const o = this.options
    const log = this.logger
    try {
      if (o.dataDir !== undefined) await mkdir(o.dataDir, { recursive: true })
    } catch (e) {
      throw new SpoolBrokerError(BrokerErrorCodes.STORAGE, `Cannot create the data directory ${o.dataDir}`, {
        cause: e,
      })
    }
    const clusterId = await resolveClusterId(o)
    const auth = o.sasl === undefined ? undefined : await Authenticator.create(o.sasl)
    this.#logs =
      o.logStore ??
      (o.dataDir === undefined ? memoryLogStore() : fileLogStore({ dir: join(o.dataDir, 'logs') }))
    const topics = new TopicManager({
      options: o,
      logs: this.#logs,
      store: o.dataDir === undefined ? memoryTopicStore() : fileTopicStore(o.dataDir),
      logger: log,
    })
    this.#topics = topics
    await topics.open()
    this.#producers = new ProducerStateManager({
      dir: o.dataDir === undefined ? undefined : join(o.dataDir, 'producers'),
      logger: log,
      snapshotIntervalMs: o.producerSnapshotIntervalMs,
    })
    await this.#producers.open()
    for (const t of topics.list()) for (const p of t.partitions) await this.#producers.recover(p.log)
    this.#groups = await createGroupCoordinator({
      dir: o.dataDir === undefined ? undefined : join(o.dataDir, 'groups'),
      logger: log,
      groupInitialRebalanceDelay: o.groupInitialRebalanceDelay,
      groupMinSessionTimeout: o.groupMinSessionTimeout,
      groupMaxSessionTimeout: o.groupMaxSessionTimeout,
    })
    const groups = this.#groups
    const producers = this.#producers
    topics.on('deleted', (t) => {
      for (const p of t.partitions) producers.drop(t.name, p.index)
      groups
        .onTopicsDeleted([t.name])
        .catch((e) => log.warn({ err: e, topic: t.name }, 'dropping offsets of a deleted topic failed'))
    })

    const handlers = handlerRegistry()
    const advertised = { host: o.advertisedHost ?? advertisedHostFor(o.host), port: 0 }
    const context: BrokerContext = {
      nodeId: o.nodeId,
      clusterId,
      advertised,
      options: o,
      logs: this.#logs,
      groups,
      topics,
      producers,
      logger: log,
      auth,
      apiKeys: advertisedKeys(handlers),
      stopping: this.#stopping.signal,
      now: () => Date.now(),
    }
    const dispatcher = new Dispatcher({
      handlers,
      context,
      faults: this.faults,
      logger: log,
      requireAuth: auth !== undefined,
    })
    this.#server = new BrokerServer(
      dispatcher,
      {
        host: o.host,
        port: o.port,
        tls: o.tls,
        maxRequestBytes: o.maxRequestBytes,
        maxQueuedRequests: o.maxQueuedRequests,
        idleMs: o.connectionsMaxIdleMs,
      },
      log,
    )
    try {
      this.#port = await this.#server.listen()
    } catch (e) {
      await this.#closeState()
      throw e
    }
    advertised.port = o.advertisedPort ?? this.#port
    this.#context = context
    this.#retention = setInterval(() => void this.runRetention(), o.retentionCheckIntervalMs)
    this.#retention.unref()
    log.info(
      {
        bootstrap: this.bootstrap,
        clusterId,
        dataDir: o.dataDir ?? null,
        tls: o.tls !== undefined,
        sasl: auth?.mechanisms ?? null,
      },
      'broker started',
    )
    return this
  }

  /** Applies retention to every partition now (also runs every retentionCheckIntervalMs). */
  async runRetention(): Promise<number> {
    if (this.#topics === undefined || this.#stopping.signal.aborted) return 0
    const now = Date.now()
    const freed = await this.#topics.enforceRetention(now)
    this.#producers?.expire(now)
    if (freed > 0) this.logger.debug({ freed }, 'retention freed bytes')
    return freed
  }

  /**
   * Stops: refuses new connections, answers waiting fetches and parked group calls, lets requests
   * in flight finish (up to 5 s), closes connections, writes state and closes the logs. Idempotent.
   */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop()
    return this.#stopped
  }

  async #stop(): Promise<void> {
    clearInterval(this.#retention)
    this.#stopping.abort()
    const server = this.#server
    const closingGroups = this.#groups
      ?.close()
      .catch((e) => this.logger.warn({ err: e }, 'closing the group coordinator failed'))
    this.#groups = undefined
    if (server !== undefined) {
      await server.quiesce(STOP_GRACE_MS)
      await server.close()
    }
    await closingGroups
    await this.#closeState()
    this.logger.info('broker stopped')
  }

  async #closeState(): Promise<void> {
    await this.#groups
      ?.close()
      .catch((e) => this.logger.warn({ err: e }, 'closing the group coordinator failed'))
    await this.#producers?.close().catch((e) => this.logger.warn({ err: e }, 'saving producer state failed'))
    await this.#topics?.close()
    await this.#logs?.close().catch((e) => this.logger.warn({ err: e }, 'closing the log store failed'))
  }
}

/** Wildcard listen addresses cannot be connected to: advertise loopback instead. */
function advertisedHostFor(host: string): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host
}

/** What {@link startBroker} returns. */
export interface StartedBroker {
  /** `host:port` for bootstrap.servers. */
  readonly bootstrap: string
  readonly port: number
  readonly broker: Broker
  /** Stops the broker (see {@link Broker.stop}). */
  stop(): Promise<void>
}

/**
 * Starts an embedded Kafka-compatible broker.
 *
 * @example
 * import { startBroker } from '@spool/broker'
 * const { bootstrap, stop } = await startBroker({ port: 0 })   // memory storage
 * // … point any Kafka client at `bootstrap` …
 * await stop()
 */
export async function startBroker(input: BrokerInput = {}): Promise<StartedBroker> {
  const broker = await new Broker(input).start()
  return { bootstrap: broker.bootstrap, port: broker.port, broker, stop: () => broker.stop() }
}
