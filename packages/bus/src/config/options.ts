/**
 * The bus's one options type, its frozen defaults, and the validation that runs once when a bus
 * is created. Every message names the offending property.
 */
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { ConfigError } from '../errors.ts'
import type { IdempotencyStore } from '../idempotency/store.ts'

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512'
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'

export interface SaslOptions {
  mechanism: SaslMechanism
  username: string
  password: string
}

export interface TlsOptions {
  /** PEM CA bundle (contents, not a path). */
  ca?: string
  rejectUnauthorized?: boolean
}

export interface RetryOptions {
  /** Handler attempts in process before an event leaves for a retry topic or the dead letters. */
  attempts: number
  /** First backoff, ms; doubles each attempt up to `maxDelay`, with full jitter. */
  initialDelay: number
  maxDelay: number
  /** Delays (ms) of the retry topics `<topic>.retry.1`, `.retry.2`, …; empty = no retry topics. */
  topics: number[]
}

export interface BusOptions {
  /** Bootstrap addresses, `host:port`. */
  brokers: string[]
  clientId: string
  /** CloudEvents `source` of published events; defaults to `/<clientId>`. */
  source?: string
  connectionTimeout: number // ms
  requestTimeout: number // ms
  /** Client-level retries of failed requests (connection, leader changes). */
  retries: number
  initialRetryTime: number // ms
  ssl: boolean | TlsOptions
  sasl?: SaslOptions
  /** Producer settings. */
  acks: 'all' | 'leader' | 'none'
  idempotent: boolean
  compression: Compression
  /**
   * How long (ms) a publish may wait for Kafka's acknowledgement before Kafka counts as
   * unreachable (the records then go to the offline spool, or the publish fails).
   */
  deliveryTimeout: number
  /** Max records a publish micro-batch holds before it is sent. */
  batchSize: number
  /**
   * Max bytes (keys + values + headers) of one partition's records in one produce request. Kept
   * under the broker's `max.message.bytes` (1 MiB by default) so a partition's batch is never
   * refused; a request spreading over several partitions may carry more in all.
   */
  maxBatchBytes: number
  /** How long (ms) a publish waits for others to share its batch; 0 = the current tick only. */
  linger: number
  /** CloudEvents mode for catalog events. */
  envelope: 'structured' | 'binary'
  /** What publish does while Kafka is unreachable: keep events in the local spool, or throw. */
  offline: 'spool' | 'fail'
  /** File of the offline spool (node:sqlite). */
  offlinePath: string
  /** Consumer defaults (each consumer may override). */
  sessionTimeout: number // ms
  heartbeatInterval: number // ms
  rebalanceTimeout: number // ms
  /** Max events buffered per consumer before fetching pauses. */
  maxBuffered: number
  /**
   * Most bytes one fetch response carries (Kafka's fetch.max.bytes), and one partition's share of
   * it (max.partition.fetch.bytes). A record batch larger than either still comes whole. The client
   * parses a response in socket-sized chunks, walking them from the start for every field it
   * reads, so a response of tens of MB costs far more per record than a few MB.
   */
  fetchMaxBytes: number
  fetchMaxPartitionBytes: number
  retry: RetryOptions
  /** Create missing source, retry and dead-letter topics when a consumer starts. */
  ensureTopics: boolean
  /** Partitions of topics the bus creates. */
  topicPartitions: number
  /** Replication factor of topics the bus creates; -1 = the broker's default. */
  replicationFactor: number
  /** Idempotency store; events whose id the store has seen for the group are skipped. */
  idempotency?: IdempotencyStore
  /** How long (ms) a processed event id is remembered. */
  idempotencyRetention: number
  /** Deadline (ms) of a graceful shutdown. */
  shutdownTimeout: number
  logger?: Logger
  registry?: Registry
}

export const defaultBusOptions: Readonly<BusOptions> = Object.freeze({
  brokers: ['127.0.0.1:9092'],
  clientId: 'spool',
  connectionTimeout: 3_000, // 3 s
  requestTimeout: 30_000, // 30 s
  retries: 8,
  initialRetryTime: 100, // 100 ms
  ssl: false,
  acks: 'all',
  idempotent: true,
  compression: 'none',
  deliveryTimeout: 30_000, // 30 s
  batchSize: 1_000,
  maxBatchBytes: 900_000, // bytes
  linger: 0,
  envelope: 'structured',
  offline: 'spool',
  offlinePath: '.spool/offline.db',
  sessionTimeout: 30_000, // 30 s
  heartbeatInterval: 3_000, // 3 s
  rebalanceTimeout: 60_000, // 60 s
  maxBuffered: 2_000,
  fetchMaxBytes: 2 * 1_048_576, // 2 MiB
  fetchMaxPartitionBytes: 1_048_576, // 1 MiB, as Kafka's Java consumer
  retry: Object.freeze({
    attempts: 3,
    initialDelay: 100,
    maxDelay: 5_000,
    topics: Object.freeze([]) as unknown as number[],
  }),
  ensureTopics: true,
  topicPartitions: 3,
  replicationFactor: -1,
  idempotencyRetention: 7 * 24 * 3_600_000, // 7 days
  shutdownTimeout: 10_000, // 10 s
}) as Readonly<BusOptions>

export type BusOptionsInput = Partial<Omit<BusOptions, 'retry'>> & { retry?: Partial<RetryOptions> }

const positiveInts = [
  'connectionTimeout',
  'requestTimeout',
  'deliveryTimeout',
  'initialRetryTime',
  'batchSize',
  'maxBatchBytes',
  'sessionTimeout',
  'heartbeatInterval',
  'rebalanceTimeout',
  'maxBuffered',
  'fetchMaxBytes',
  'fetchMaxPartitionBytes',
  'topicPartitions',
  'idempotencyRetention',
  'shutdownTimeout',
] as const

/** Merges `input` over the defaults, validates every property once, and freezes the result. */
export function resolveBusOptions(input: BusOptionsInput = {}): Readonly<BusOptions> {
  const options: BusOptions = {
    ...defaultBusOptions,
    ...stripUndefined(input),
    retry: { ...defaultBusOptions.retry, ...stripUndefined(input.retry ?? {}) },
  }
  if (!Array.isArray(options.brokers) || options.brokers.length === 0) {
    throw new ConfigError('options.brokers must list at least one "host:port" address')
  }
  for (const broker of options.brokers) {
    if (!isBrokerAddress(broker)) {
      throw new ConfigError(`options.brokers: "${broker}" is not a "host:port" address`)
    }
  }
  if (typeof options.clientId !== 'string' || options.clientId.length === 0) {
    throw new ConfigError('options.clientId must be a non-empty string')
  }
  for (const name of positiveInts) {
    const value = options[name]
    if (!Number.isInteger(value) || value <= 0) {
      throw new ConfigError(`options.${name} must be a positive integer, got ${String(value)}`)
    }
  }
  for (const name of ['retries', 'linger'] as const) {
    if (!Number.isInteger(options[name]) || options[name] < 0) {
      throw new ConfigError(`options.${name} must be a non-negative integer, got ${String(options[name])}`)
    }
  }
  oneOf('acks', options.acks, ['all', 'leader', 'none'])
  oneOf('compression', options.compression, ['none', 'gzip', 'snappy', 'lz4', 'zstd'])
  oneOf('envelope', options.envelope, ['structured', 'binary'])
  oneOf('offline', options.offline, ['spool', 'fail'])
  if (options.idempotent && options.acks !== 'all') {
    throw new ConfigError(
      'options.idempotent requires options.acks "all"; set idempotent: false to use other acks',
    )
  }
  if (options.sasl) {
    oneOf('sasl.mechanism', options.sasl.mechanism, ['plain', 'scram-sha-256', 'scram-sha-512'])
    if (!options.sasl.username) throw new ConfigError('options.sasl.username is required with SASL')
    if (!options.sasl.password) throw new ConfigError('options.sasl.password is required with SASL')
  }
  if (
    options.replicationFactor !== -1 &&
    (!Number.isInteger(options.replicationFactor) || options.replicationFactor < 1)
  ) {
    throw new ConfigError('options.replicationFactor must be -1 (broker default) or a positive integer')
  }
  const { retry } = options
  if (!Number.isInteger(retry.attempts) || retry.attempts < 1) {
    throw new ConfigError(`options.retry.attempts must be an integer >= 1, got ${String(retry.attempts)}`)
  }
  for (const name of ['initialDelay', 'maxDelay'] as const) {
    if (!Number.isFinite(retry[name]) || retry[name] < 0) {
      throw new ConfigError(`options.retry.${name} must be a non-negative number of ms`)
    }
  }
  if (!Array.isArray(retry.topics) || retry.topics.some((d) => !Number.isFinite(d) || d < 0)) {
    throw new ConfigError('options.retry.topics must be an array of delays in ms, e.g. [1000, 10000]')
  }
  options.brokers = Object.freeze([...options.brokers]) as string[]
  options.retry = Object.freeze({ ...retry, topics: Object.freeze([...retry.topics]) as number[] })
  if (typeof options.ssl === 'object') options.ssl = Object.freeze({ ...options.ssl })
  if (options.sasl) options.sasl = Object.freeze({ ...options.sasl })
  return Object.freeze(options)
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) {
    throw new ConfigError(
      `options.${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`,
    )
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {}
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) (out as Record<string, unknown>)[key] = v
  }
  return out
}

/** `host:port` or `[ipv6]:port`. */
export function isBrokerAddress(value: string): boolean {
  return /^[^\s:[\]]+:\d{1,5}$/.test(value) || /^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(value)
}
