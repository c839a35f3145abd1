/**
 * The broker's options: one type, one frozen default object (units in the comments), validated once
 * by {@link resolveBrokerOptions}, which names the offending property. Defaults follow Apache Kafka's
 * where Kafka has the same setting (its name is given), except where a development broker is better
 * served otherwise (each such case says why).
 */
import type { Logger } from 'pino'
import { invalidOption } from './errors.ts'
import type { LogStore } from './log/types.ts'

/** A SASL user: name and clear-text password (SCRAM credentials are derived at start). */
export interface SaslUser {
  readonly username: string
  readonly password: string
}

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'

/** SASL authentication. When set, every connection must authenticate before any other request. */
export interface SaslOptions {
  /** Mechanisms offered, in order. Default: all three. */
  readonly mechanisms?: readonly SaslMechanism[]
  /** Users given inline. */
  readonly users?: readonly SaslUser[]
  /** A JSON file `[{ "username": "...", "password": "..." }]` or `{ "name": "password" }`. */
  readonly usersFile?: string
}

/** TLS for the client listener (node:tls). PEM strings or Buffers. */
export interface TlsOptions {
  readonly key: string | Buffer
  readonly cert: string | Buffer
  /** CA used to verify client certificates when `requestCert` is true. */
  readonly ca?: string | Buffer
  /** Ask clients for a certificate (mutual TLS); rejects clients without a valid one. */
  readonly requestCert?: boolean
}

export interface BrokerOptions {
  /** Interface to listen on. */
  host: string
  /** TCP port; 0 picks a free one (read it back from `broker.port`). */
  port: number
  /** Host put in Metadata for clients to connect to; default `host` (127.0.0.1 if host is a wildcard). */
  advertisedHost: string | undefined
  /** Port put in Metadata; default the port actually bound. */
  advertisedPort: number | undefined
  /** Where topics, logs and state live; undefined keeps everything in memory. */
  dataDir: string | undefined
  /** This broker's node id (node.id); it is also the controller id. */
  nodeId: number
  /** Cluster id; undefined = generated once and persisted in dataDir. */
  clusterId: string | undefined
  /** Partitions of auto-created topics and CreateTopics with -1 (num.partitions). */
  defaultPartitions: number
  /** Create unknown topics on Metadata and Produce (auto.create.topics.enable). */
  autoCreateTopics: boolean
  /** Largest record batch accepted, bytes (message.max.bytes / max.message.bytes). */
  maxMessageBytes: number
  /** Largest request frame, bytes (socket.request.max.bytes); bigger closes the connection. */
  maxRequestBytes: number
  /** Default topic retention, ms (log.retention.ms); -1 keeps forever. */
  retentionMs: number
  /** Default per-partition size limit, bytes (log.retention.bytes); -1 = none. */
  retentionBytes: number
  /** Default segment size, bytes (log.segment.bytes). */
  segmentBytes: number
  /** How often retention runs, ms (log.retention.check.interval.ms). */
  retentionCheckIntervalMs: number
  /** Delay before the first rebalance of a new group, ms (group.initial.rebalance.delay.ms). */
  groupInitialRebalanceDelay: number
  /** Smallest session timeout a member may ask for, ms (group.min.session.timeout.ms). */
  groupMinSessionTimeout: number
  /** Largest session timeout a member may ask for, ms (group.max.session.timeout.ms). */
  groupMaxSessionTimeout: number
  /** Idle connections are closed after this, ms (connections.max.idle.ms); 0 = never. */
  connectionsMaxIdleMs: number
  /** Requests queued on one connection before the broker stops reading from it. */
  maxQueuedRequests: number
  /** How often idempotent-producer state is snapshotted to dataDir, ms. */
  producerSnapshotIntervalMs: number
  /** pino logger; default a silent one. */
  logger: Logger | undefined
  /** SASL users and mechanisms; undefined = no authentication. */
  sasl: SaslOptions | undefined
  /** TLS certificate and key; undefined = plaintext. */
  tls: TlsOptions | undefined
  /** Storage override (tests, custom stores); default memory or file storage by `dataDir`. */
  logStore: LogStore | undefined
}

/** What `startBroker` accepts: any subset of the options. */
export type BrokerInput = Partial<BrokerOptions>

/**
 * The defaults.
 *
 * @example
 * startBroker({ ...defaultBrokerOptions, port: 0 })
 */
export const defaultBrokerOptions: Readonly<BrokerOptions> = Object.freeze({
  host: '127.0.0.1',
  port: 9092,
  advertisedHost: undefined,
  advertisedPort: undefined,
  dataDir: undefined,
  nodeId: 1,
  clusterId: undefined,
  defaultPartitions: 1,
  autoCreateTopics: true,
  maxMessageBytes: 1_048_588, // 1 MiB + record batch overhead, as Kafka
  maxRequestBytes: 104_857_600, // 100 MiB
  retentionMs: 604_800_000, // 7 days
  retentionBytes: -1,
  segmentBytes: 1_073_741_824, // 1 GiB
  retentionCheckIntervalMs: 300_000, // 5 min
  // Kafka waits 3 s to batch the joins of a starting application; a single-node development broker
  // serves one application at a time, where that wait only slows every start and test.
  groupInitialRebalanceDelay: 0, // ms
  groupMinSessionTimeout: 6_000, // 6 s
  groupMaxSessionTimeout: 1_800_000, // 30 min
  connectionsMaxIdleMs: 600_000, // 10 min
  maxQueuedRequests: 100,
  producerSnapshotIntervalMs: 5_000, // 5 s
  logger: undefined,
  sasl: undefined,
  tls: undefined,
  logStore: undefined,
})

const int = (name: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw invalidOption(name, `an integer from ${min} to ${max}`, v)
}

const retention = (name: string, v: unknown): void => {
  if (v === -1) return
  int(name, v, 0)
}

const str = (name: string, v: unknown, optional: boolean): void => {
  if (v === undefined && optional) return
  if (typeof v !== 'string' || v.length === 0) throw invalidOption(name, 'a non-empty string', v)
}

const KNOWN = new Set(Object.keys(defaultBrokerOptions))
const MECHANISMS = new Set(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])

function checkSasl(sasl: unknown): void {
  if (sasl === undefined) return
  if (typeof sasl !== 'object' || sasl === null) throw invalidOption('sasl', 'an object', sasl)
  const s = sasl as SaslOptions
  if (s.mechanisms !== undefined) {
    if (!Array.isArray(s.mechanisms) || s.mechanisms.length === 0)
      throw invalidOption('sasl.mechanisms', 'a non-empty array', s.mechanisms)
    for (const m of s.mechanisms)
      if (!MECHANISMS.has(m))
        throw invalidOption('sasl.mechanisms', 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512', m)
  }
  if (s.users !== undefined) {
    if (!Array.isArray(s.users))
      throw invalidOption('sasl.users', 'an array of { username, password }', s.users)
    s.users.forEach((u, i) => {
      str(`sasl.users[${i}].username`, u?.username, false)
      if (typeof u?.password !== 'string')
        throw invalidOption(`sasl.users[${i}].password`, 'a string', u?.password)
    })
  }
  str('sasl.usersFile', s.usersFile, true)
  if (s.users === undefined && s.usersFile === undefined)
    throw invalidOption('sasl', 'users or usersFile', 'neither')
}

function checkTls(tls: unknown): void {
  if (tls === undefined) return
  if (typeof tls !== 'object' || tls === null) throw invalidOption('tls', 'an object', tls)
  const t = tls as TlsOptions
  const pem = (name: string, v: unknown) => {
    if (!(typeof v === 'string' || Buffer.isBuffer(v))) throw invalidOption(name, 'a PEM string or Buffer', v)
  }
  pem('tls.key', t.key)
  pem('tls.cert', t.cert)
  if (t.ca !== undefined) pem('tls.ca', t.ca)
}

/**
 * Fills in defaults, validates every property (naming the bad one) and freezes the result.
 *
 * @example
 * const options = resolveBrokerOptions({ port: 0, dataDir: '.spool' })
 */
export function resolveBrokerOptions(input: BrokerInput = {}): Readonly<BrokerOptions> {
  if (typeof input !== 'object' || input === null) throw invalidOption('options', 'an object', input)
  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key)) throw invalidOption(key, 'a known broker option', 'an unknown property')
  }
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
  const o: BrokerOptions = { ...defaultBrokerOptions, ...defined }
  str('host', o.host, false)
  int('port', o.port, 0, 65_535)
  str('advertisedHost', o.advertisedHost, true)
  if (o.advertisedPort !== undefined) int('advertisedPort', o.advertisedPort, 1, 65_535)
  str('dataDir', o.dataDir, true)
  int('nodeId', o.nodeId, 0, 2_147_483_647)
  str('clusterId', o.clusterId, true)
  int('defaultPartitions', o.defaultPartitions, 1, 100_000)
  if (typeof o.autoCreateTopics !== 'boolean')
    throw invalidOption('autoCreateTopics', 'a boolean', o.autoCreateTopics)
  int('maxMessageBytes', o.maxMessageBytes, 0, 2_147_483_647)
  int('maxRequestBytes', o.maxRequestBytes, 1024, 2_147_483_647)
  retention('retentionMs', o.retentionMs)
  retention('retentionBytes', o.retentionBytes)
  int('segmentBytes', o.segmentBytes, 14, 2_147_483_647)
  int('retentionCheckIntervalMs', o.retentionCheckIntervalMs, 1)
  int('groupInitialRebalanceDelay', o.groupInitialRebalanceDelay, 0)
  int('groupMinSessionTimeout', o.groupMinSessionTimeout, 0)
  int('groupMaxSessionTimeout', o.groupMaxSessionTimeout, 0)
  if (o.groupMaxSessionTimeout < o.groupMinSessionTimeout)
    throw invalidOption(
      'groupMaxSessionTimeout',
      `at least groupMinSessionTimeout (${o.groupMinSessionTimeout})`,
      o.groupMaxSessionTimeout,
    )
  int('connectionsMaxIdleMs', o.connectionsMaxIdleMs, 0)
  int('maxQueuedRequests', o.maxQueuedRequests, 1)
  int('producerSnapshotIntervalMs', o.producerSnapshotIntervalMs, 1)
  if (o.logger !== undefined && typeof (o.logger as { child?: unknown }).child !== 'function')
    throw invalidOption('logger', 'a pino logger', o.logger)
  if (o.logStore !== undefined && typeof (o.logStore as { open?: unknown }).open !== 'function')
    throw invalidOption('logStore', 'a LogStore', o.logStore)
  checkSasl(o.sasl)
  checkTls(o.tls)
  return Object.freeze(o)
}
