/**
 * Cluster administration for tools (the gateway, the console, the CLI): topics, a message
 * browser, consumer groups with lag, offset resets. One Kafka admin connection, created on first
 * use; every call has a deadline.
 */
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { type BusOptions, type BusOptionsInput, resolveBusOptions } from '../config/options.ts'
import { StateError } from '../errors.ts'
import { createAdmin, type KafkaAdmin } from '../kafka/adapter.ts'
import { browse } from './browse.ts'
import type { AdminContext } from './context.ts'
import { describeGroup, listGroups, resetOffsets } from './groups.ts'
import { partitionCount } from './topic-metadata.ts'
import { clusterInfo, createTopic, deleteTopic, describeTopic, listTopics } from './topics.ts'
import type {
  BrowseOptions,
  BrowseResult,
  ClusterInfo,
  CreateTopicInput,
  GroupDescription,
  GroupSummary,
  ResetResult,
  ResetTarget,
  TopicDescription,
  TopicSummary,
} from './types.ts'

/**
 * Settings of an {@link Admin}, each with its default and unit.
 *
 * @example
 * new Admin(bus.options, { timeout: 5_000 })
 */
export const adminSettingsSchema = z.strictObject({
  /** Deadline of one admin operation, ms. */
  timeout: z.int().min(1).default(15_000), // 15 s
  /** Client retries of one request (kept low: a person is waiting). */
  retries: z.int().min(0).default(2),
})

export type AdminSettings = z.output<typeof adminSettingsSchema>

export const defaultAdminSettings: Readonly<AdminSettings> = parseOptions('Admin', adminSettingsSchema, {})

/**
 * Admin operations on the cluster the bus connects to.
 *
 * @example
 * const admin = new Admin(bus.options)
 * const topics = await admin.listTopics()
 * const page = await admin.browse('orders', { partition: 0, offset: '100', limit: 20, filter: 'data.userId=u1' })
 * const group = await admin.describeGroup('billing') // members, assignments, lag per partition
 * await admin.resetOffsets('billing', 'orders', { to: 'earliest' }) // group must be empty
 * await admin.close()
 */
export class Admin {
  readonly options: Readonly<BusOptions>
  readonly settings: Readonly<AdminSettings>
  #client: KafkaAdmin | undefined
  #closed = false

  constructor(options: BusOptionsInput | Readonly<BusOptions> = {}, settings: Partial<AdminSettings> = {}) {
    this.settings = parseOptions('Admin settings', adminSettingsSchema, settings)
    this.options = resolveBusOptions(
      { ...(options as BusOptionsInput), retries: this.settings.retries },
      'Admin',
    )
  }

  /** Cluster id, controller and brokers; doubles as a reachability check. */
  async cluster(): Promise<ClusterInfo> {
    return clusterInfo(this.#ctx())
  }

  /** Topics with partition count, message count and size; internal ones (`__…`) only with `includeInternal`. */
  async listTopics(options: { includeInternal?: boolean } = {}): Promise<TopicSummary[]> {
    return listTopics(this.#ctx(), options)
  }

  /** One topic in detail: partitions with offsets, leaders and sizes, and its configs. NotFoundError if it does not exist. */
  async describeTopic(topic: string): Promise<TopicDescription> {
    return describeTopic(this.#ctx(), topic)
  }

  /**
   * The partition count of a topic records are written to or read from: NotFoundError when it
   * does not exist, InvalidArgumentError for an internal topic (`__consumer_offsets`, …).
   *
   * @example
   * const count = await admin.partitionCount('orders') // 3
   */
  async partitionCount(topic: string): Promise<number> {
    return partitionCount(this.#ctx(), topic)
  }

  /** Creates a topic (partitions and replication from the bus options unless given) and returns its description. ConflictError if it exists. */
  async createTopic(input: CreateTopicInput): Promise<TopicDescription> {
    return createTopic(this.#ctx(), input)
  }

  /** Deletes a topic and its records. NotFoundError if it does not exist. */
  async deleteTopic(topic: string): Promise<void> {
    return deleteTopic(this.#ctx(), topic)
  }

  /** Reads a page of records; see {@link BrowseOptions}. */
  async browse(topic: string, options: BrowseOptions = {}): Promise<BrowseResult> {
    return browse(this.#ctx(), topic, options)
  }

  /** Consumer groups with their state; the bus's own readers (`spool-reader-…`) only with `includeInternal`. */
  async listGroups(options: { includeInternal?: boolean } = {}): Promise<GroupSummary[]> {
    return listGroups(this.#ctx(), options)
  }

  /** One group: members, their assignments, committed offsets and lag per partition. */
  async describeGroup(group: string): Promise<GroupDescription> {
    return describeGroup(this.#ctx(), group)
  }

  /**
   * Moves a group's committed offsets on `topic` (every partition, or `options.partitions`) to
   * `target`. The group must have no active members (ConflictError otherwise).
   */
  async resetOffsets(
    group: string,
    topic: string,
    target: ResetTarget,
    options: { partitions?: number[] } = {},
  ): Promise<ResetResult> {
    return resetOffsets(this.#ctx(), group, topic, target, options)
  }

  /** Closes the admin connection; later calls throw. */
  async close(): Promise<void> {
    this.#closed = true
    const client = this.#client
    this.#client = undefined
    await client?.close().catch(() => {})
  }

  #ctx(): AdminContext {
    if (this.#closed) throw new StateError('the admin client is closed')
    this.#client ??= createAdmin(this.options)
    return { options: this.options, client: this.#client, timeout: this.settings.timeout }
  }
}
