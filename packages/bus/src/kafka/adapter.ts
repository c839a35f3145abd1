/**
 * The thin internal seam between the bus and the Kafka client library (@platformatic/kafka).
 * Nothing outside this folder imports the library, so the client can be swapped in one place.
 */
import {
  Admin,
  AuthenticationError,
  Base,
  type ConnectionOptions,
  Consumer,
  compatibilityPartitioner,
  findErrorBy,
  GenericError,
  TimeoutError as KafkaTimeoutError,
  type Message,
  type MessagesStream,
  type MessageToProduce,
  NetworkError,
  Producer,
  type ProducerOptions,
} from '@platformatic/kafka'
import { isSpoolError, type SpoolError } from '@spool/errors'
import type { BusOptions } from '../config/options.ts'
import { KafkaRequestError, NotConnectedError, SpoolBusError } from '../errors.ts'

export type { Message, MessageToProduce }
export type KafkaProducer = Producer<Buffer, Buffer, string, Buffer | string>
export type KafkaConsumer = Consumer<Buffer, Buffer, string, Buffer>
export type KafkaMessage = Message<Buffer, Buffer, string, Buffer>
export type OutgoingMessage = MessageToProduce<Buffer, Buffer, string, Buffer | string>
/** The client's admin connection (topics, metadata, group offsets), as the bus uses it. */
export type KafkaAdmin = Admin
/** The stream of records a consumer's `consume()` returns. */
export type KafkaMessageStream = MessagesStream<Buffer, Buffer, string, Buffer>

const acksByName = { all: -1, leader: 1, none: 0 } as const
const headerKeyDeserializer = (data?: Buffer): string => (data ? data.toString('utf8') : '')
/**
 * Header names and most header values repeat on every record (`content-type`, `ce_type`, …):
 * their bytes are cached instead of encoded per record.
 */
const headerBytes = new Map<string, Buffer>()
function toHeaderBytes(text: string): Buffer {
  let bytes = headerBytes.get(text)
  if (bytes === undefined) {
    bytes = Buffer.from(text, 'utf8')
    if (text.length <= 128 && headerBytes.size < 4_096) headerBytes.set(text, bytes)
  }
  return bytes
}
const headerKeySerializer = (data?: string): Buffer | undefined =>
  data === undefined ? undefined : toHeaderBytes(data)
const headerValueSerializer = (data?: Buffer | string): Buffer | undefined =>
  data === undefined ? undefined : typeof data === 'string' ? toHeaderBytes(data) : data

/** Connection settings shared by every client the bus creates. */
export function connectionOptions(
  options: BusOptions,
  clientSuffix = '',
): ConnectionOptions & {
  clientId: string
  bootstrapBrokers: string[]
  timeout: number
  retries: number
  retryDelay: (client: unknown, op: string, attempt: number) => number
} {
  const base = {
    clientId: options.clientId + clientSuffix,
    bootstrapBrokers: [...options.brokers],
    connectTimeout: options.connectionTimeout,
    requestTimeout: options.requestTimeout,
    timeout: options.requestTimeout,
    retries: options.retries,
    retryDelay: (_client: unknown, _op: string, attempt: number) =>
      Math.min(options.initialRetryTime * 2 ** Math.max(0, attempt - 1), 30_000),
  } as ReturnType<typeof connectionOptions>
  if (options.ssl) {
    base.tls =
      options.ssl === true ? {} : { ca: options.ssl.ca, rejectUnauthorized: options.ssl.rejectUnauthorized }
  }
  if (options.sasl) {
    base.sasl = {
      mechanism: options.sasl.mechanism.toUpperCase() as 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
      username: options.sasl.username,
      password: options.sasl.password,
    }
  }
  return base
}

/**
 * A producer with the Java-compatible partitioner, so keys land where Java and KafkaJS put them.
 * `onRetry` hears every failure the client is about to retry (a refused connection, a reset one,
 * metadata it could not get), which the client would otherwise keep to itself for its whole
 * retry budget.
 */
export function createProducer(
  options: BusOptions,
  overrides: { retries?: number; onRetry?: (error: Error) => void; onError?: (error: Error) => void } = {},
): KafkaProducer {
  const { onRetry, onError, ...rest } = overrides
  const connection = connectionOptions(options)
  const producerOptions: ProducerOptions<Buffer, Buffer, string, Buffer | string> = {
    ...connection,
    ...rest,
    retryDelay: onRetry
      ? (client: unknown, op: string, attempt: number, _retries: number, error: Error) => {
          onRetry(error)
          return connection.retryDelay(client, op, attempt)
        }
      : connection.retryDelay,
    acks: acksByName[options.acks],
    idempotent: options.idempotent,
    compression: options.compression,
    autocreateTopics: true,
    partitioner: compatibilityPartitioner,
    serializers: { headerKey: headerKeySerializer, headerValue: headerValueSerializer },
  }
  return listened(new Producer(producerOptions), onError)
}

/**
 * A client's 'error' events go to `onError` (or nowhere): the client emits them for failures it
 * also reports elsewhere (a join retried after a dropped connection, for one), and an 'error'
 * event nobody listens to is an uncaught exception that ends the process.
 */
function listened<C extends { on(event: 'error', listener: (error: Error) => void): unknown }>(
  client: C,
  onError: ((error: Error) => void) | undefined,
): C {
  client.on('error', onError ?? (() => {}))
  return client
}

/**
 * The partition the Java client would pick for a keyed record, before reduction modulo the
 * partition count: `toPositive(murmur2(key))`.
 */
export function javaPartition(message: OutgoingMessage, key: Buffer): number {
  return compatibilityPartitioner(message, key)
}

export interface ConsumerSettings {
  groupId: string
  sessionTimeout: number
  heartbeatInterval: number
  rebalanceTimeout: number
  clientSuffix?: string
}

export function createConsumer(
  options: BusOptions,
  settings: ConsumerSettings,
  onError?: (error: Error) => void,
): KafkaConsumer {
  const consumer: KafkaConsumer = new Consumer({
    ...connectionOptions(options, settings.clientSuffix),
    groupId: settings.groupId,
    sessionTimeout: settings.sessionTimeout,
    heartbeatInterval: settings.heartbeatInterval,
    rebalanceTimeout: settings.rebalanceTimeout,
    autocommit: false,
    deserializers: { headerKey: headerKeyDeserializer },
  })
  return listened(consumer, onError)
}

export function createAdmin(options: BusOptions, onError?: (error: Error) => void): KafkaAdmin {
  return listened(new Admin({ ...connectionOptions(options, '-admin') }), onError)
}

/**
 * Closes a client's connections now, whatever it is waiting for: a close that would first leave
 * the group (or flush) against a cluster that no longer answers keeps retrying for as long as its
 * retry budget lasts. The client's own close() marks it closed before it starts leaving, so a second
 * close() is a no-op; the base close aborts pending retries ('client:close') and drops every socket.
 */
export async function abortClient(client: KafkaConsumer | KafkaProducer | KafkaAdmin): Promise<void> {
  await Base.prototype.close.call(client as unknown as Base).catch(() => {})
}

/** Resolves true when `promise` settles within `ms`, false when the time runs out first. */
export async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const inTime = await Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.max(0, ms))
    }),
  ])
  clearTimeout(timer)
  return inTime
}

/** True when Kafka refused the client's SASL credentials, somewhere in the error's causes. */
export function isAuthenticationError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 8) return false
  if ((error as { code?: unknown }).code === AuthenticationError.code) return true
  const nested = (error as { errors?: unknown }).errors
  if (Array.isArray(nested) && nested.some((e) => isAuthenticationError(e, depth + 1))) return true
  const cause = (error as { cause?: unknown }).cause
  return cause !== undefined && cause !== error && isAuthenticationError(cause, depth + 1)
}

/**
 * True when the error means Kafka could not be reached (as opposed to a refused request). A
 * refused authentication is not: trying again with the same credentials cannot help.
 */
export function isConnectivityError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  if (isAuthenticationError(error)) return false
  if ((error as { code?: unknown }).code === 'SPOOL_ERR_KAFKA_UNAVAILABLE') return true
  if (NetworkError.isRetryable(error as Error)) return true
  if (findErrorBy(error as Error, 'code', NetworkError.code)) return true
  if (findErrorBy(error as Error, 'code', KafkaTimeoutError.code)) return true
  const code = (error as { code?: string }).code
  if (
    code &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'ENOTFOUND'].includes(code)
  ) {
    return true
  }
  if (error instanceof AggregateError) return error.errors.some(isConnectivityError)
  const cause = (error as { cause?: unknown }).cause
  return cause !== undefined && cause !== error && isConnectivityError(cause)
}

/**
 * True when Kafka does not know a topic asked for (UNKNOWN_TOPIC_OR_PARTITION). The client turns
 * that error into one of its own, naming the topic, once its retries are spent.
 */
export function isUnknownTopicError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false
  if (kafkaErrorName(error) === 'UNKNOWN_TOPIC_OR_PARTITION') return true
  const message = (error as { message?: unknown }).message
  return (
    (error as { code?: unknown }).code === 'PLT_KFK_USER' &&
    typeof message === 'string' &&
    message.startsWith('Unknown topic ')
  )
}

/** The Kafka error name (e.g. MESSAGE_TOO_LARGE) inside a client error, when there is one. */
export function kafkaErrorName(error: unknown): string | undefined {
  if (!error || typeof error !== 'object' || !GenericError.isGenericError(error as Error)) return undefined
  const found = findErrorBy(error as Error, 'code', 'PLT_KFK_PROTOCOL') as { apiId?: string } | null
  return found?.apiId
}

/**
 * A failure of the Kafka client as a Spool error, for a public call that would otherwise hand the
 * client's own error to the user: `NotConnectedError` when Kafka could not be reached, else a
 * `KafkaRequestError` naming Kafka's error (retryable when Kafka marks it so), and
 * `SPOOL_ERR_INTERNAL` for anything that is not the client's. Spool errors are returned as they
 * are. The original error is the `cause`.
 *
 * @example
 * try { await admin.listTopics() } catch (error) { throw kafkaFailure(error, 'listing topics', options.brokers) }
 */
export function kafkaFailure(
  error: unknown,
  what: string,
  brokers: readonly string[],
  sasl?: { mechanism: string; username: string },
): SpoolError {
  if (isSpoolError(error)) return error
  const reason = error instanceof Error ? error.message : String(error)
  if (isAuthenticationError(error)) {
    const who = sasl
      ? `SASL ${sasl.mechanism.toUpperCase()} as user "${sasl.username}"`
      : 'without SASL credentials (the `sasl` option, KAFKA_SASL_*)'
    return new SpoolBusError(
      'SPOOL_ERR_KAFKA_AUTH',
      `${what} failed: Kafka at ${brokers.join(',')} refused to authenticate the client, ${who}: check the mechanism, user and password`,
      { cause: error, details: sasl ? { mechanism: sasl.mechanism, username: sasl.username } : {} },
    )
  }
  if (isConnectivityError(error)) {
    return new NotConnectedError(`${what} failed: Kafka at ${brokers.join(',')} is unreachable (${reason})`, {
      cause: error,
    })
  }
  if (!(error instanceof Error) || !GenericError.isGenericError(error)) {
    return new SpoolBusError('SPOOL_ERR_INTERNAL', `${what} failed: ${reason}`, { cause: error })
  }
  const name = kafkaErrorName(error)
  const retriable = findErrorBy(error, 'canRetry', true) !== null
  return new KafkaRequestError(`${what} failed${name ? ` (${name})` : ''}: ${reason}`, {
    cause: error,
    retryable: retriable,
    details: name === undefined ? {} : { kafkaError: name },
  })
}

/** Creates topics, ignoring ones that already exist. */
export async function ensureTopics(
  admin: KafkaAdmin,
  topics: string[],
  partitions: number,
  replicationFactor: number,
): Promise<void> {
  if (topics.length === 0) return
  const existing = new Set(await admin.listTopics())
  const missing = topics.filter((t) => !existing.has(t))
  if (missing.length === 0) return
  try {
    await admin.createTopics({ topics: missing, partitions, replicas: replicationFactor })
  } catch (error) {
    if (kafkaErrorName(error) !== 'TOPIC_ALREADY_EXISTS') throw error
  }
}
