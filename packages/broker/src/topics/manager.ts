/**
 * The topic registry: which topics exist (name, id, partition count, config overrides), their open
 * partition logs, and the admin operations on them. Metadata is persisted through a TopicStore after
 * every change; partition data lives in the LogStore. Failures a client caused are thrown as
 * TopicError carrying the Kafka error code to answer with.
 *
 * Changes to one topic name (create, delete, new partitions, configs) run one at a time, in the
 * order they were asked for: a delete racing a re-create of the same name must not have the old
 * topic's folder removal land on the new topic's files. `close` waits for the changes in flight
 * (a creation still opening partitions stops and rolls back), so nothing touches the data
 * directory after a stop.
 */
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { ErrorCodes } from '@spool/protocol'
import type { Logger } from 'pino'
import { type BrokerErrorCode, BrokerErrorCodes, SpoolBrokerError } from '../errors.ts'
import type { LogStore } from '../log/types.ts'
import type { BrokerOptions } from '../options.ts'
import { brokerTopicDefaults, effectiveConfig, logConfigOf, validateTopicConfig } from './configs.ts'
import { Partition } from './partition.ts'
import type { TopicRecord, TopicStore } from './store.ts'

/**
 * A client-caused failure of a topic operation: `errorCode` is the Kafka error code to answer, and
 * `code` the Spool code an embedder calling the topic manager sees.
 *
 * @example
 * try { await broker.topics.create({ name: 'orders' }) } catch (e) {
 *   if (e instanceof TopicError && e.code === 'SPOOL_ERR_CONFLICT') console.log('exists')
 * }
 */
export class TopicError extends SpoolBrokerError {
  readonly errorCode: number
  constructor(errorCode: number, message: string) {
    super(spoolCodeOf(errorCode), message, { details: { kafkaErrorCode: errorCode } })
    this.errorCode = errorCode
  }
}

function spoolCodeOf(errorCode: number): BrokerErrorCode {
  switch (errorCode) {
    case ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION:
      return BrokerErrorCodes.NOT_FOUND
    case ErrorCodes.TOPIC_ALREADY_EXISTS:
      return BrokerErrorCodes.CONFLICT
    case ErrorCodes.NOT_CONTROLLER:
      return BrokerErrorCodes.STATE
    default:
      // INVALID_TOPIC_EXCEPTION, INVALID_PARTITIONS, INVALID_CONFIG, INVALID_REQUEST, …
      return BrokerErrorCodes.INVALID_ARGUMENT
  }
}

const unknownTopic = (name: string) =>
  new TopicError(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`)

/** A change asked for while the broker stops (retriable: the client tries the next broker). */
const stopping = () => new TopicError(ErrorCodes.NOT_CONTROLLER, 'The broker is stopping.')

/** A live topic. */
export interface Topic {
  readonly name: string
  readonly id: string
  readonly createdAt: number
  readonly configs: Readonly<Record<string, string>>
  readonly partitions: readonly Partition[]
}

export interface CreateTopicSpec {
  readonly name: string
  /** -1 = the broker default. */
  readonly numPartitions?: number
  /** -1 = the broker default (1); anything else but 1 is refused on a single node. */
  readonly replicationFactor?: number
  /** Explicit replica assignment, partition by partition (only this node may appear). */
  readonly assignments?: ReadonlyArray<{ partitionIndex: number; brokerIds: readonly number[] }>
  readonly configs?: Readonly<Record<string, string | null>>
}

/** IncrementalAlterConfigs operations. */
export const AlterOp = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const

export interface AlterConfig {
  readonly name: string
  readonly op: number
  readonly value: string | null
}

const LEGAL = /^[a-zA-Z0-9._-]+$/
const MAX_NAME = 249

/** Why a topic name is illegal (Kafka's rules), or undefined. */
export function invalidTopicName(name: string | null | undefined): string | undefined {
  if (name === null || name === undefined || name.length === 0) return 'Topic name is empty'
  if (name === '.' || name === '..') return `Topic name cannot be "${name}"`
  if (name.length > MAX_NAME) return `Topic name is longer than ${MAX_NAME} characters`
  if (!LEGAL.test(name))
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`
  return undefined
}

interface LiveTopic extends Topic {
  configs: Record<string, string>
  partitions: Partition[]
}

/**
 * Topic registry and partition logs of one broker.
 *
 * @example
 * const topics = new TopicManager({ options, logs: memoryLogStore(), store: memoryTopicStore(), logger })
 * await topics.open()
 * const t = await topics.create({ name: 'orders', numPartitions: 3 })
 */
export class TopicManager extends EventEmitter<{
  created: [Topic]
  deleted: [Topic]
  partitionsAdded: [Topic]
}> {
  readonly #options: Readonly<BrokerOptions>
  readonly #logs: LogStore
  readonly #store: TopicStore
  readonly #logger: Logger
  readonly #byName = new Map<string, LiveTopic>()
  readonly #byId = new Map<string, LiveTopic>()
  readonly #creating = new Map<string, Promise<LiveTopic>>()
  /** Per topic name: the tail of its queue of changes. */
  readonly #queues = new Map<string, Promise<void>>()
  /** Changes queued or running, awaited by close(). */
  readonly #inFlight = new Set<Promise<void>>()
  #closing = false
  readonly brokerDefaults: ReadonlyMap<string, string>

  constructor(init: { options: Readonly<BrokerOptions>; logs: LogStore; store: TopicStore; logger: Logger }) {
    super()
    this.#options = init.options
    this.#logs = init.logs
    this.#store = init.store
    this.#logger = init.logger
    this.brokerDefaults = brokerTopicDefaults(init.options)
  }

  /** Loads persisted topics and opens their partitions. Partitions stored but not registered are removed. */
  async open(): Promise<void> {
    const records = await this.#store.load()
    const existing = await this.#logs.existing()
    if (records === undefined && existing.length > 0) {
      // No registry but data on disk (registry lost): adopt the partitions rather than lose them.
      const counts = new Map<string, number>()
      for (const p of existing) counts.set(p.topic, Math.max(counts.get(p.topic) ?? 0, p.partition + 1))
      for (const [name, partitions] of counts) {
        this.#logger.warn({ topic: name, partitions }, 'topic found on disk without metadata: adopted')
        await this.#openTopic({ name, id: randomUUID(), partitions, configs: {}, createdAt: Date.now() })
      }
      await this.#persist()
      return
    }
    for (const r of records ?? []) await this.#openTopic(r)
    for (const p of existing) {
      const t = this.#byName.get(p.topic)
      if (t === undefined || p.partition >= t.partitions.length) {
        this.#logger.warn(p, 'removing the data of a deleted partition')
        await this.#logs.remove(p.topic, p.partition)
      }
    }
  }

  async #openTopic(r: TopicRecord): Promise<LiveTopic> {
    const partitions = await this.#openPartitions(r.name, 0, r.partitions, r.configs)
    const t: LiveTopic = {
      name: r.name,
      id: r.id,
      createdAt: r.createdAt,
      configs: { ...r.configs },
      partitions,
    }
    this.#byName.set(t.name, t)
    this.#byId.set(t.id, t)
    return t
  }

  /**
   * Opens partitions [from, to) of a topic. If one fails, or the manager starts closing meanwhile,
   * the ones already opened are closed and their data removed, and the error is thrown.
   */
  async #openPartitions(
    name: string,
    from: number,
    to: number,
    configs: Readonly<Record<string, string>>,
  ): Promise<Partition[]> {
    const config = logConfigOf(configs, this.brokerDefaults)
    const opened: Partition[] = []
    try {
      for (let i = from; i < to; i++) {
        if (this.#closing) throw stopping()
        opened.push(new Partition(name, i, await this.#logs.open(name, i, config)))
      }
      return opened
    } catch (e) {
      await this.#discard(name, opened)
      throw e
    }
  }

  /** Closes partitions and deletes their data (a deleted topic, or a creation rolled back). */
  async #discard(name: string, partitions: readonly Partition[]): Promise<void> {
    for (const p of partitions) {
      await p
        .close()
        .catch((e) => this.#logger.warn({ err: e, topic: name }, 'closing a deleted partition failed'))
      await this.#logs
        .remove(name, p.index)
        .catch((e) =>
          this.#logger.warn({ err: e, topic: name, partition: p.index }, 'removing partition data failed'),
        )
    }
  }

  /**
   * Runs `change` after every change to the topic `name` asked for earlier has finished; refused
   * once the manager is closing.
   */
  #serial<T>(name: string, change: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(stopping())
    const run = (this.#queues.get(name) ?? Promise.resolve()).then(() => {
      if (this.#closing) throw stopping()
      return change()
    })
    const tail = run.then(
      () => {},
      () => {},
    )
    this.#queues.set(name, tail)
    this.#inFlight.add(tail)
    void tail.then(() => {
      this.#inFlight.delete(tail)
      if (this.#queues.get(name) === tail) this.#queues.delete(name)
    })
    return run
  }

  #persist(): Promise<void> {
    const records: TopicRecord[] = [...this.#byName.values()].map((t) => ({
      name: t.name,
      id: t.id,
      partitions: t.partitions.length,
      configs: t.configs,
      createdAt: t.createdAt,
    }))
    return this.#store.save(records)
  }

  /** The live topic of that name, or undefined. */
  get(name: string): Topic | undefined {
    return this.#byName.get(name)
  }

  /** The live topic with that topic id (a UUID, as Fetch v13+ sends), or undefined. */
  byId(id: string): Topic | undefined {
    return this.#byId.get(id)
  }

  /** Every live topic. */
  list(): Topic[] {
    return [...this.#byName.values()]
  }

  /** One partition of a live topic, or undefined if either does not exist. */
  partition(topic: string, index: number): Partition | undefined {
    return this.#byName.get(topic)?.partitions[index]
  }

  /** Creates a topic; throws TopicError (TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, …). */
  async create(spec: CreateTopicSpec): Promise<Topic> {
    const record = this.validateCreate(spec)
    const run = this.#serial(spec.name, async () => {
      const t = await this.#openTopic(record)
      try {
        await this.#persist()
      } catch (e) {
        this.#byName.delete(t.name)
        this.#byId.delete(t.id)
        await this.#discard(t.name, t.partitions)
        throw e
      }
      return t
    })
    this.#creating.set(spec.name, run)
    try {
      const t = await run
      this.#logger.info({ topic: t.name, partitions: t.partitions.length }, 'topic created')
      this.emit('created', t)
      return t
    } finally {
      this.#creating.delete(spec.name)
    }
  }

  /** What `create` would create (partition count, configs), or the TopicError it would throw. */
  validateCreate(spec: CreateTopicSpec): TopicRecord {
    const { name } = spec
    const bad = invalidTopicName(name)
    if (bad !== undefined) throw new TopicError(ErrorCodes.INVALID_TOPIC_EXCEPTION, bad)
    if (this.#byName.has(name) || this.#creating.has(name))
      throw new TopicError(ErrorCodes.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`)
    const assignments = spec.assignments ?? []
    let partitions = spec.numPartitions ?? -1
    const rf = spec.replicationFactor ?? -1
    if (assignments.length > 0) {
      if (partitions !== -1 || rf !== -1)
        throw new TopicError(
          ErrorCodes.INVALID_REQUEST,
          'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
        )
      this.#checkAssignments(assignments.map((a) => a.brokerIds))
      const indexes = assignments.map((a) => a.partitionIndex).sort((a, b) => a - b)
      if (indexes.some((p, i) => p !== i))
        throw new TopicError(
          ErrorCodes.INVALID_REPLICA_ASSIGNMENT,
          'Partitions must be numbered 0 to N-1 in the replica assignment.',
        )
      partitions = assignments.length
    } else {
      if (partitions === -1) partitions = this.#options.defaultPartitions
      if (partitions <= 0)
        throw new TopicError(
          ErrorCodes.INVALID_PARTITIONS,
          'Number of partitions was set to an invalid non-positive value.',
        )
      if (rf !== -1 && rf !== 1) {
        if (rf <= 0)
          throw new TopicError(
            ErrorCodes.INVALID_REPLICATION_FACTOR,
            'Replication factor must be larger than 0, or -1 to use the default value.',
          )
        throw new TopicError(
          ErrorCodes.INVALID_REPLICATION_FACTOR,
          `Unable to replicate the partition ${rf} time(s): The target replication factor of ${rf} cannot be reached because only 1 broker(s) are registered.`,
        )
      }
    }
    if (partitions > 100_000) throw new TopicError(ErrorCodes.INVALID_PARTITIONS, 'Too many partitions.')
    const configs: Record<string, string> = {}
    for (const [k, v] of Object.entries(spec.configs ?? {})) {
      const why = validateTopicConfig(k, v)
      if (why !== undefined) throw new TopicError(ErrorCodes.INVALID_CONFIG, why)
      configs[k] = v!.trim()
    }
    return { name, id: randomUUID(), partitions, configs, createdAt: Date.now() }
  }

  #checkAssignments(lists: ReadonlyArray<readonly number[]>): void {
    for (const ids of lists) {
      if (ids.length === 0)
        throw new TopicError(ErrorCodes.INVALID_REPLICA_ASSIGNMENT, 'Empty replica assignment.')
      if (ids.length !== 1 || ids[0] !== this.#options.nodeId)
        throw new TopicError(
          ErrorCodes.INVALID_REPLICA_ASSIGNMENT,
          `Replica assignment ${JSON.stringify(ids)} refers to brokers other than the only one (${this.#options.nodeId}).`,
        )
    }
  }

  /**
   * The topic, created with broker defaults if it does not exist and auto-creation is on.
   * Undefined when it does not exist and cannot be created; TopicError for an illegal name.
   */
  async ensure(name: string, allowCreate = true): Promise<Topic | undefined> {
    const t = this.#byName.get(name)
    if (t !== undefined) return t
    const inFlight = this.#creating.get(name)
    if (inFlight !== undefined) return inFlight.catch(() => this.#byName.get(name))
    if (!allowCreate || !this.#options.autoCreateTopics) return undefined
    try {
      return await this.create({ name })
    } catch (e) {
      if (e instanceof TopicError && e.errorCode === ErrorCodes.TOPIC_ALREADY_EXISTS)
        return this.#byName.get(name)
      throw e
    }
  }

  /**
   * Deletes a topic and its data (after the changes to that name asked for earlier); throws
   * TopicError(UNKNOWN_TOPIC_OR_PARTITION).
   */
  delete(name: string): Promise<Topic> {
    if (!this.#byName.has(name) && !this.#queues.has(name)) return Promise.reject(unknownTopic(name))
    return this.#serial(name, async () => {
      const t = this.#byName.get(name)
      if (t === undefined) throw unknownTopic(name)
      this.#byName.delete(name)
      this.#byId.delete(t.id)
      // Fetches and appends see a closed partition from here on, before any await.
      for (const p of t.partitions) p.markClosed()
      await this.#persist()
      await this.#discard(name, t.partitions)
      this.#logger.info({ topic: name }, 'topic deleted')
      this.emit('deleted', t)
      return t
    })
  }

  /** Grows a topic to `count` partitions (CreatePartitions). */
  createPartitions(
    name: string,
    count: number,
    assignments: ReadonlyArray<readonly number[]> | null,
    validateOnly = false,
  ): Promise<Topic> {
    if (validateOnly) return Promise.resolve().then(() => this.#checkNewPartitions(name, count, assignments))
    return this.#serial(name, async () => {
      const t = this.#checkNewPartitions(name, count, assignments)
      const current = t.partitions.length
      const added = await this.#openPartitions(name, current, count, t.configs)
      t.partitions.push(...added)
      try {
        await this.#persist()
      } catch (e) {
        t.partitions.splice(current)
        await this.#discard(name, added)
        throw e
      }
      this.emit('partitionsAdded', t)
      return t
    })
  }

  #checkNewPartitions(
    name: string,
    count: number,
    assignments: ReadonlyArray<readonly number[]> | null,
  ): LiveTopic {
    const t = this.#byName.get(name)
    if (t === undefined)
      throw new TopicError(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${name}' does not exist.`)
    const current = t.partitions.length
    if (count < current)
      throw new TopicError(
        ErrorCodes.INVALID_PARTITIONS,
        `Topic currently has ${current} partitions, which is higher than the requested ${count}.`,
      )
    if (count === current)
      throw new TopicError(ErrorCodes.INVALID_PARTITIONS, `Topic already has ${current} partitions.`)
    if (count > 100_000) throw new TopicError(ErrorCodes.INVALID_PARTITIONS, 'Too many partitions.')
    if (assignments !== null) {
      if (assignments.length !== count - current)
        throw new TopicError(
          ErrorCodes.INVALID_REPLICA_ASSIGNMENT,
          `Attempted to add ${count - current} additional partition(s), but only ${assignments.length} assignment(s) were specified.`,
        )
      this.#checkAssignments(assignments)
    }
    return t
  }

  /** Applies IncrementalAlterConfigs operations to a topic. */
  alterConfigs(name: string, ops: readonly AlterConfig[], validateOnly = false): Promise<void> {
    if (validateOnly) return Promise.resolve().then(() => void this.#nextConfigs(name, ops))
    return this.#serial(name, async () => {
      const { t, next } = this.#nextConfigs(name, ops)
      t.configs = next
      const config = logConfigOf(next, this.brokerDefaults)
      for (const p of t.partitions) p.log.updateConfig(config)
      await this.#persist()
    })
  }

  /** The configs `ops` would leave on topic `name`, or the TopicError they cause. */
  #nextConfigs(name: string, ops: readonly AlterConfig[]): { t: LiveTopic; next: Record<string, string> } {
    const t = this.#byName.get(name)
    if (t === undefined)
      throw new TopicError(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, `Topic '${name}' does not exist.`)
    const next = { ...t.configs }
    const seen = new Set<string>()
    for (const { name: key, op, value } of ops) {
      if (seen.has(key))
        throw new TopicError(ErrorCodes.INVALID_REQUEST, `Error due to duplicate config keys: ${key}`)
      seen.add(key)
      if (op === AlterOp.DELETE) {
        delete next[key]
        continue
      }
      let v = value
      if (op === AlterOp.APPEND || op === AlterOp.SUBTRACT) {
        if (key !== 'cleanup.policy' && !key.endsWith('.replicas'))
          throw new TopicError(
            ErrorCodes.INVALID_CONFIG,
            `Config value append/subtract is not allowed for config key ${key}`,
          )
        const cur = (next[key] ?? this.configValue(t, key) ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
        const items = (value ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
        const out =
          op === AlterOp.APPEND
            ? [...cur, ...items.filter((i) => !cur.includes(i))]
            : cur.filter((c) => !items.includes(c))
        v = out.join(',')
      } else if (op !== AlterOp.SET) {
        throw new TopicError(ErrorCodes.INVALID_REQUEST, `Unknown config operation ${op}`)
      }
      const why = validateTopicConfig(key, v)
      if (why !== undefined) throw new TopicError(ErrorCodes.INVALID_CONFIG, why)
      next[key] = v!.trim()
    }
    return { t, next }
  }

  /** The value in force for a topic config (override, broker default or Kafka default). */
  configValue(t: Topic, key: string): string | undefined {
    return effectiveConfig(key, t.configs, this.brokerDefaults)
  }

  /** Runs retention on every partition; returns bytes freed. */
  async enforceRetention(now: number): Promise<number> {
    let freed = 0
    for (const t of this.#byName.values())
      for (const p of t.partitions) {
        if (p.closed) continue
        try {
          freed += await p.exclusive(() => p.log.enforceRetention(now))
        } catch (e) {
          this.#logger.warn({ err: e, topic: t.name, partition: p.index }, 'retention failed')
        }
      }
    return freed
  }

  /**
   * Refuses further changes, waits for the ones in flight (a creation stops opening partitions and
   * rolls back), wakes every long poll (so it answers now), then closes every log.
   */
  async close(): Promise<void> {
    this.#closing = true
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight)
    const all = [...this.#byName.values()].flatMap((t) => t.partitions)
    for (const p of all) p.markClosed()
    await Promise.all(
      all.map((p) => p.close().catch((e) => this.#logger.warn({ err: e }, 'closing a partition failed'))),
    )
    this.#byName.clear()
    this.#byId.clear()
  }
}
