/**
 * The broker's options, declared once as a schema: every option with its default and unit,
 * validated once by {@link resolveBrokerOptions} (an unknown key is named, with the nearest known
 * one), the result frozen; the TypeScript types derive from it. Defaults follow Apache Kafka's
 * where Kafka has the same setting (its name is given), except where a development broker is
 * better served otherwise (each such case says why).
 */
import { parseOptions } from '@spool/errors'
import type { Logger } from 'pino'
import { z } from 'zod'
import type { LogStore } from './log/types.ts'

const INT32_MAX = 2_147_483_647

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.int().min(min).max(max)
/** Kafka's "-1 = no limit" settings. */
const limitOrNone = () => z.int().refine((n) => n >= -1, 'must be -1 (no limit) or a non-negative integer')
const text = () => z.string().min(1)
/** PEM text or its bytes. */
const pem = () => z.union([z.string(), z.instanceof(Buffer)])

export const saslMechanisms = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const

export const saslUserSchema = z.strictObject({
  username: text(),
  password: z.string(),
})

/** SASL authentication. When set, every connection must authenticate before any other request. */
export const saslOptionsSchema = z
  .strictObject({
    /** Mechanisms offered, in order. Default: all three. */
    mechanisms: z.array(z.enum(saslMechanisms)).min(1).readonly().optional(),
    /** Users given inline. */
    users: z.array(saslUserSchema).readonly().optional(),
    /** A JSON file `[{ "username": "...", "password": "..." }]` or `{ "name": "password" }`. */
    usersFile: text().optional(),
  })
  .refine((s) => s.users !== undefined || s.usersFile !== undefined, 'must give users or usersFile')

/** TLS for the client listener (node:tls). PEM strings or Buffers. */
export const tlsOptionsSchema = z.strictObject({
  key: pem(),
  cert: pem(),
  /** CA used to verify client certificates when `requestCert` is true. */
  ca: pem().optional(),
  /** Ask clients for a certificate (mutual TLS); rejects clients without a valid one. */
  requestCert: z.boolean().optional(),
})

/**
 * `startBroker`'s options, each with its default and unit.
 *
 * @example
 * parseOptions('startBroker', brokerOptionsSchema, { port: 0 }).maxMessageBytes // 1048588
 */
export const brokerOptionsSchema = z
  .strictObject({
    /** Interface to listen on. */
    host: text().default('127.0.0.1'),
    /** TCP port; 0 picks a free one (read it back from `broker.port`). */
    port: int(0, 65_535).default(9092),
    /** Host put in Metadata for clients to connect to; default `host` (127.0.0.1 if host is a wildcard). */
    advertisedHost: text().optional(),
    /** Port put in Metadata; default the port actually bound. */
    advertisedPort: int(1, 65_535).optional(),
    /** Where topics, logs and state live; undefined keeps everything in memory. */
    dataDir: text().optional(),
    /** This broker's node id (node.id); it is also the controller id. */
    nodeId: int(0, INT32_MAX).default(1),
    /** Cluster id; undefined = generated once and persisted in dataDir. */
    clusterId: text().optional(),
    /** Partitions of auto-created topics and CreateTopics with -1 (num.partitions). */
    defaultPartitions: int(1, 100_000).default(1),
    /** Create unknown topics on Metadata and Produce (auto.create.topics.enable). */
    autoCreateTopics: z.boolean().default(true),
    /** Largest record batch accepted, bytes (message.max.bytes / max.message.bytes). */
    maxMessageBytes: int(0, INT32_MAX).default(1_048_588), // 1 MiB + record batch overhead, as Kafka
    /** Largest request frame, bytes (socket.request.max.bytes); bigger closes the connection. */
    maxRequestBytes: int(1_024, INT32_MAX).default(104_857_600), // 100 MiB
    /** Default topic retention, ms (log.retention.ms); -1 keeps forever. */
    retentionMs: limitOrNone().default(604_800_000), // 7 days
    /** Default per-partition size limit, bytes (log.retention.bytes); -1 = none. */
    retentionBytes: limitOrNone().default(-1),
    /** Default segment size, bytes (log.segment.bytes). */
    segmentBytes: int(14, INT32_MAX).default(1_073_741_824), // 1 GiB
    /** How often retention runs, ms (log.retention.check.interval.ms). */
    retentionCheckIntervalMs: int(1).default(300_000), // 5 min
    /**
     * Delay before the first rebalance of a new group, ms (group.initial.rebalance.delay.ms). Kafka
     * waits 3 s to batch the joins of a starting application; a single-node development broker
     * serves one application at a time, where that wait only slows every start and test.
     */
    groupInitialRebalanceDelay: int(0).default(0), // ms
    /** Smallest session timeout a member may ask for, ms (group.min.session.timeout.ms). */
    groupMinSessionTimeout: int(0).default(6_000), // 6 s
    /** Largest session timeout a member may ask for, ms (group.max.session.timeout.ms). */
    groupMaxSessionTimeout: int(0).default(1_800_000), // 30 min
    /** Idle connections are closed after this, ms (connections.max.idle.ms); 0 = never. */
    connectionsMaxIdleMs: int(0).default(600_000), // 10 min
    /** Requests queued on one connection before the broker stops reading from it. */
    maxQueuedRequests: int(1).default(100),
    /** How often idempotent-producer state is snapshotted to dataDir, ms. */
    producerSnapshotIntervalMs: int(1).default(5_000), // 5 s
    /** pino logger; default a pino logger at SPOOL_LOG_LEVEL, silent when that is unset. */
    logger: z
      .custom<Logger>(
        (v) => typeof (v as Partial<Logger> | null)?.child === 'function',
        'must be a pino logger',
      )
      .optional(),
    /** SASL users and mechanisms; undefined = no authentication. */
    sasl: saslOptionsSchema.optional(),
    /** TLS certificate and key; undefined = plaintext. */
    tls: tlsOptionsSchema.optional(),
    /** Storage override (tests, custom stores); default memory or file storage by `dataDir`. */
    logStore: z
      .custom<LogStore>(
        (v) => typeof (v as Partial<LogStore> | null)?.open === 'function',
        'must be a LogStore',
      )
      .optional(),
  })
  .superRefine((o, ctx) => {
    if (o.groupMaxSessionTimeout < o.groupMinSessionTimeout) {
      ctx.addIssue({
        code: 'custom',
        path: ['groupMaxSessionTimeout'],
        message: `must be at least groupMinSessionTimeout (${o.groupMinSessionTimeout})`,
      })
    }
  })

/** A SASL user: name and clear-text password (SCRAM credentials are derived at start). */
export type SaslUser = z.output<typeof saslUserSchema>
export type SaslMechanism = (typeof saslMechanisms)[number]
export type SaslOptions = z.output<typeof saslOptionsSchema>
export type TlsOptions = z.output<typeof tlsOptionsSchema>
/** The resolved options: every default filled in. */
export type BrokerOptions = z.output<typeof brokerOptionsSchema>
/** What `startBroker` accepts: any subset of the options. */
export type BrokerInput = z.input<typeof brokerOptionsSchema>

/**
 * Fills in defaults, validates every property (naming the bad one, and the nearest known key for
 * an unknown one) and freezes the result.
 *
 * @example
 * const options = resolveBrokerOptions({ port: 0, dataDir: '.spool' })
 * resolveBrokerOptions({ prot: 0 } as never)
 * // SpoolError SPOOL_ERR_INVALID_OPTION: startBroker: unknown option 'prot' (did you mean 'port'?)
 */
export function resolveBrokerOptions(input: BrokerInput = {}): Readonly<BrokerOptions> {
  return parseOptions('startBroker', brokerOptionsSchema, input)
}

/**
 * The defaults.
 *
 * @example
 * startBroker({ ...defaultBrokerOptions, port: 0 })
 */
export const defaultBrokerOptions: Readonly<BrokerOptions> = resolveBrokerOptions()
