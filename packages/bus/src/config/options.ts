/**
 * The bus's options, declared once as a schema: every option with its default and unit, the
 * validation that runs once when a bus is created (an unknown key is named, with the nearest known
 * one), and the TypeScript types derived from it. The resolved options are frozen.
 */
import { type AnyEventDefinition, type Catalog, isEventDefinition } from '@spool/catalog'
import { parseOptions } from '@spool/errors'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import { z } from 'zod'
import type { IdempotencyStore } from '../idempotency/store.ts'

const positiveInt = () => z.int().min(1)
const nonNegativeInt = () => z.int().min(0)
/** A delay that may be fractional (backoff), ms. */
const delay = () => z.number().min(0)

/** `host:port` or `[ipv6]:port`. */
export function isBrokerAddress(value: string): boolean {
  return /^[^\s:[\]]+:\d{1,5}$/.test(value) || /^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(value)
}

const brokerAddress = z.string().refine(isBrokerAddress, 'must be a "host:port" address')

/** A pino logger (anything with `child`, so a logger of another pino copy is accepted). */
export const loggerSchema = z.custom<Logger>(
  (v) => typeof (v as Partial<Logger> | null)?.child === 'function',
  'must be a pino logger',
)

/** An idempotency store: the four operations of the contract. */
export const idempotencyStoreSchema = z.custom<IdempotencyStore>((v) => {
  const s = v as Partial<IdempotencyStore> | null
  return typeof s?.claim === 'function' && typeof s.complete === 'function' && typeof s.release === 'function'
}, 'must be an idempotency store (memoryStore, sqliteStore, redisStore, postgresStore)')

const registrySchema = z.custom<Registry>(
  (v) => typeof (v as Partial<Registry> | null)?.registerMetric === 'function',
  'must be a prom-client Registry',
)

export const saslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const
export const compressions = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const
export const startupModes = ['background', 'wait', 'fail'] as const

export const saslOptionsSchema = z.strictObject({
  mechanism: z.enum(saslMechanisms),
  username: z.string().min(1, 'is required with SASL'),
  password: z.string({ error: 'is required with SASL' }).min(1, 'is required with SASL'),
})

export const tlsOptionsSchema = z.strictObject({
  /** PEM CA bundle (contents, not a path). */
  ca: z.string().optional(),
  rejectUnauthorized: z.boolean().optional(),
})

/** Retries of a failing handler; a consumer may override any field. */
export const retryOptionsShape = {
  /** Handler attempts in process before an event leaves for a retry topic or the dead letters. */
  attempts: positiveInt(),
  /** First backoff, ms; doubles each attempt up to `maxDelay`, with full jitter. */
  initialDelay: delay(),
  maxDelay: delay(),
  /** Delays (ms) of the retry topics `<topic>.retry.1`, `.retry.2`, …; empty = no retry topics. */
  topics: z.array(delay()),
}

/**
 * The bus's `retry` options, with their defaults.
 *
 * @example
 * retryOptionsSchema.parse({ attempts: 5 }) // { attempts: 5, initialDelay: 100, maxDelay: 5000, topics: [] }
 */
export const retryOptionsSchema = z.strictObject({
  attempts: retryOptionsShape.attempts.default(3),
  initialDelay: retryOptionsShape.initialDelay.default(100), // 100 ms
  maxDelay: retryOptionsShape.maxDelay.default(5_000), // 5 s
  topics: retryOptionsShape.topics.default(() => []),
})

/** Every option of `createBus` (but `catalog`), its default and unit. */
export const busOptionsShape = {
  /** Bootstrap addresses, `host:port`. */
  brokers: z
    .array(brokerAddress)
    .min(1)
    .default(() => ['127.0.0.1:9092']),
  clientId: z.string().min(1).default('spool'),
  /** CloudEvents `source` of published events; defaults to `/<clientId>`. */
  source: z.string().min(1).optional(),
  connectionTimeout: positiveInt().default(3_000), // 3 s
  requestTimeout: positiveInt().default(30_000), // 30 s
  /** Client-level retries of failed requests (connection, leader changes). */
  retries: nonNegativeInt().default(8),
  initialRetryTime: positiveInt().default(100), // 100 ms
  ssl: z.union([z.boolean(), tlsOptionsSchema]).default(false),
  sasl: saslOptionsSchema.optional(),
  /** Producer acknowledgements: all in-sync replicas, the leader only, or none. */
  acks: z.enum(['all', 'leader', 'none']).default('all'),
  /** Idempotent producer (needs `acks: 'all'`). */
  idempotent: z.boolean().default(true),
  compression: z.enum(compressions).default('none'),
  /**
   * How long (ms) a publish may wait for Kafka's acknowledgement before Kafka counts as
   * unreachable (the records then go to the offline spool, or the publish fails).
   */
  deliveryTimeout: positiveInt().default(30_000), // 30 s
  /**
   * With `offline: 'spool'`, the longest time (ms) a publish waits for Kafka before its records go
   * to the offline spool. A refused or reset connection, or metadata the client cannot get, sends
   * them there at once.
   */
  offlineAfter: positiveInt().default(1_000), // 1 s
  /** Max records a publish micro-batch holds before it is sent. */
  batchSize: positiveInt().default(1_000), // records
  /**
   * Max bytes (keys + values + headers) of one partition's records in one produce request. Kept
   * under the broker's `max.message.bytes` (1 MiB by default) so a partition's batch is never
   * refused; a request spreading over several partitions may carry more in all.
   */
  maxBatchBytes: positiveInt().default(900_000), // bytes
  /** How long (ms) a publish waits for others to share its batch; 0 = the current tick only. */
  linger: nonNegativeInt().default(0), // ms
  /**
   * Where keyed records go: `java` as the Java client and KafkaJS's DefaultPartitioner
   * (`toPositive(murmur2(key)) % partitions`), or `kafkajs-legacy` as KafkaJS's LegacyPartitioner
   * (the KafkaJS 1.x default), so a key keeps its partition while producers of both kinds write.
   */
  partitioner: z.enum(['java', 'kafkajs-legacy']).default('java'),
  /** CloudEvents mode for catalog events. */
  envelope: z.enum(['structured', 'binary']).default('structured'),
  /**
   * What `connect()` and `start()` do when Kafka cannot be reached: `background` resolves at once
   * and keeps trying (consumer groups join when Kafka appears, health is down meanwhile), `wait`
   * resolves once Kafka answered, `fail` throws.
   */
  startup: z.enum(startupModes).default('background'),
  /** Longest pause (ms) between attempts to reach Kafka; the backoff doubles from `initialRetryTime`. */
  reconnectMaxDelay: positiveInt().default(5_000), // 5 s
  /** What publish does while Kafka is unreachable: keep events in the local spool, or throw. */
  offline: z.enum(['spool', 'fail']).default('spool'),
  /** File of the offline spool (node:sqlite). */
  offlinePath: z.string().min(1).default('.spool/offline.db'),
  /** Consumer defaults (each consumer may override). */
  sessionTimeout: positiveInt().default(30_000), // 30 s
  heartbeatInterval: positiveInt().default(3_000), // 3 s
  rebalanceTimeout: positiveInt().default(60_000), // 60 s
  /** Max events buffered per consumer before fetching pauses. */
  maxBuffered: positiveInt().default(2_000), // records
  /**
   * Most bytes one fetch response carries (Kafka's fetch.max.bytes), and one partition's share of
   * it (max.partition.fetch.bytes). A record batch larger than either still comes whole. The client
   * parses a response in socket-sized chunks, walking them from the start for every field it
   * reads, so a response of tens of MB costs far more per record than a few MB.
   */
  fetchMaxBytes: positiveInt().default(2 * 1_048_576), // 2 MiB
  fetchMaxPartitionBytes: positiveInt().default(1_048_576), // 1 MiB, as Kafka's Java consumer
  retry: retryOptionsSchema.prefault({}),
  /** Create missing source, retry and dead-letter topics when a consumer starts. */
  ensureTopics: z.boolean().default(true),
  /** Partitions of topics the bus creates. */
  topicPartitions: positiveInt().default(3),
  /** Replication factor of topics the bus creates; -1 = the broker's default. */
  replicationFactor: z
    .int()
    .refine((n) => n === -1 || n >= 1, 'must be -1 (the broker default) or a positive integer')
    .default(-1),
  /** Idempotency store; events whose id the store has seen for the group are skipped. */
  idempotency: idempotencyStoreSchema.optional(),
  /** How long (ms) a processed event id is remembered. */
  idempotencyRetention: positiveInt().default(7 * 24 * 3_600_000), // 7 days
  /**
   * How long (ms) a claim on an event holds while its handler runs. Another worker reaching the same
   * event (after a rebalance) waits for the holder to finish, or for the lease to run out when the
   * holder died without the store noticing. Choose it longer than the slowest handler.
   */
  idempotencyLease: positiveInt().default(60_000), // 1 min
  /**
   * How long (ms) a consumer waits on an event another worker holds before it gives up for now:
   * the record then fails (logged, counted) and is tried again after a backoff.
   */
  idempotencyBusyWait: positiveInt().default(60_000), // 1 min
  /** Deadline (ms) of a graceful shutdown. */
  shutdownTimeout: positiveInt().default(10_000), // 10 s
  /** Logger; default a pino logger at SPOOL_LOG_LEVEL (info). */
  logger: loggerSchema.optional(),
  /** prom-client registry of the bus's metrics; default the global one. */
  registry: registrySchema.optional(),
}

function idempotentNeedsAcksAll(options: { idempotent: boolean; acks: string }, ctx: z.RefinementCtx): void {
  if (options.idempotent && options.acks !== 'all') {
    ctx.addIssue({
      code: 'custom',
      path: ['idempotent'],
      message: 'requires acks "all"; set idempotent: false to use other acks',
    })
  }
}

/**
 * `createBus`'s options (but `catalog`) as a schema.
 *
 * @example
 * parseOptions('my-service', busOptionsSchema, { brokers: ['kafka:9092'] }).retry.attempts // 3
 */
export const busOptionsSchema = z.strictObject(busOptionsShape).superRefine(idempotentNeedsAcksAll)

/** `createBus`'s `catalog`: event definitions, or a catalog made with createCatalog. */
const catalogSchema = z.union([
  z
    .array(z.custom<AnyEventDefinition>(isEventDefinition, 'must be an event definition made by defineEvent'))
    .readonly(),
  z.custom<Catalog>((v) => {
    const c = v as Partial<Catalog> | null
    return typeof c?.list === 'function' && typeof c.require === 'function'
  }, 'must be a catalog made by createCatalog'),
])

/**
 * What `createBus` accepts: the options and the catalog.
 *
 * @example
 * const known = Object.keys(busInputSchema.shape) // ['brokers', 'clientId', …, 'catalog']
 */
export const busInputSchema = z
  .strictObject({
    ...busOptionsShape,
    /** Event definitions (or a catalog made with createCatalog). */
    catalog: catalogSchema.optional(),
  })
  .superRefine(idempotentNeedsAcksAll)

export type SaslMechanism = (typeof saslMechanisms)[number]
export type Compression = (typeof compressions)[number]
export type StartupMode = (typeof startupModes)[number]
export type SaslOptions = z.output<typeof saslOptionsSchema>
export type TlsOptions = z.output<typeof tlsOptionsSchema>
export type RetryOptions = z.output<typeof retryOptionsSchema>
/** The resolved options: every default filled in. */
export type BusOptions = z.output<typeof busOptionsSchema>
/** What `createBus` accepts (but `catalog`): any option may be left out. */
export type BusOptionsInput = z.input<typeof busOptionsSchema>

/**
 * Validates `input` once (an unknown key is named, with the nearest known one), fills in the
 * defaults and freezes the result. `component` names the caller in messages.
 *
 * @example
 * resolveBusOptions({ brokers: ['kafka:9092'], retry: { attempts: 5 } }).retry.maxDelay // 5000
 * resolveBusOptions({ brokrs: ['kafka:9092'] } as never)
 * // SpoolError SPOOL_ERR_INVALID_OPTION: createBus: unknown option 'brokrs' (did you mean 'brokers'?)
 */
export function resolveBusOptions(
  input: BusOptionsInput = {},
  component = 'createBus',
): Readonly<BusOptions> {
  return parseOptions(component, busOptionsSchema, input)
}

/**
 * The defaults (the options of `createBus()` with nothing given).
 *
 * @example
 * createBus({ brokers: ['kafka:9092'], retry: { ...defaultBusOptions.retry, attempts: 5 } })
 */
export const defaultBusOptions: Readonly<BusOptions> = resolveBusOptions()
