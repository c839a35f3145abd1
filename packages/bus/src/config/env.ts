/**
 * The one place the bus reads environment variables. Accepts every name the seed services used
 * (KAFKA_BROKER as well as KAFKA_BROKERS, KAFKA_RETRY_RETRIES as well as KAFKA_RETRIES, …) and
 * fails naming the variable when a value is wrong.
 */
import { readFileSync } from 'node:fs'
import { type LogLevel, readLogLevel } from '@spool/errors'
import { ConfigError } from '../errors.ts'
import {
  type BusOptionsInput,
  type Compression,
  isBrokerAddress,
  type SaslMechanism,
  type StartupMode,
  startupModes,
} from './options.ts'

/** Every variable the bus reads, with its meaning (the README's configuration table). */
export const busEnvironment = Object.freeze({
  KAFKA_BROKERS: 'Comma-separated bootstrap addresses (KAFKA_BROKER is accepted too)',
  KAFKA_CLIENT_ID: 'Client id sent to Kafka; also the default event source',
  KAFKA_CONNECTION_TIMEOUT: 'Connection timeout, ms',
  KAFKA_REQUEST_TIMEOUT: 'Request timeout, ms',
  KAFKA_INITIAL_RETRY_TIME: 'First client retry delay, ms (KAFKA_RETRY_INITIAL_RETRY_TIME is accepted too)',
  KAFKA_RETRIES: 'Client retries of a failed request (KAFKA_RETRY_RETRIES is accepted too)',
  KAFKA_SSL: 'true to connect with TLS',
  KAFKA_SSL_CA: 'Path of a PEM CA bundle for TLS',
  KAFKA_SSL_REJECT_UNAUTHORIZED: 'false to accept self-signed broker certificates',
  KAFKA_SASL_MECHANISM: 'plain, scram-sha-256 or scram-sha-512',
  KAFKA_SASL_USERNAME: 'SASL user',
  KAFKA_SASL_PASSWORD: 'SASL password',
  KAFKA_DELIVERY_TIMEOUT:
    'How long a publish waits for an acknowledgement before Kafka counts as unreachable, ms',
  KAFKA_COMPRESSION: 'none, gzip, snappy, lz4 or zstd',
  KAFKA_ACKS: 'all, leader or none',
  SPOOL_STARTUP:
    'background (start while Kafka is unreachable and keep trying), wait (until Kafka answers) or fail',
  SPOOL_OFFLINE: 'spool (keep events in a local file while Kafka is down) or fail',
  SPOOL_PARTITIONER:
    'java (keys land as with the Java client and KafkaJS DefaultPartitioner) or kafkajs-legacy (as with KafkaJS LegacyPartitioner)',
  SPOOL_OFFLINE_PATH: 'File of the offline spool',
  SPOOL_OFFLINE_AFTER:
    'Longest wait for Kafka before a publish goes to the offline spool, ms (a refused connection sends it at once)',
  SPOOL_RETRY_ATTEMPTS: 'Handler attempts in process before retry topics / dead letters',
  SPOOL_RETRY_TOPICS: 'Comma-separated delays (ms) of retry topics, e.g. 1000,10000',
  SPOOL_SHUTDOWN_TIMEOUT: 'Graceful shutdown deadline, ms',
  SPOOL_LOG_LEVEL: 'Level of the default logger: trace, debug, info, warn, error, fatal or silent',
  LOG_LEVEL: 'Older name of SPOOL_LOG_LEVEL, read only when SPOOL_LOG_LEVEL is not set',
})

/** @inline */
type Env = Record<string, string | undefined>

/**
 * Reads the bus options from environment variables. Unset variables keep the defaults.
 *
 * @example
 * const bus = createBus({ ...busOptionsFromEnv(), catalog })
 */
export function busOptionsFromEnv(env: Env = process.env): BusOptionsInput {
  const options: BusOptionsInput = {}
  const brokers = pick(env, 'KAFKA_BROKERS', 'KAFKA_BROKER')
  if (brokers !== undefined) {
    const list = brokers.value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean)
    if (list.length === 0) throw new ConfigError(`${brokers.name} is set but lists no broker`)
    for (const b of list) {
      if (!isBrokerAddress(b)) {
        throw new ConfigError(`${brokers.name}: "${b}" is not a host:port address`)
      }
    }
    options.brokers = list
  }
  const clientId = pick(env, 'KAFKA_CLIENT_ID')
  if (clientId) options.clientId = clientId.value
  options.connectionTimeout = int(env, ['KAFKA_CONNECTION_TIMEOUT'], 1)
  options.requestTimeout = int(env, ['KAFKA_REQUEST_TIMEOUT'], 1)
  options.initialRetryTime = int(env, ['KAFKA_INITIAL_RETRY_TIME', 'KAFKA_RETRY_INITIAL_RETRY_TIME'], 1)
  options.retries = int(env, ['KAFKA_RETRIES', 'KAFKA_RETRY_RETRIES'], 0)
  options.deliveryTimeout = int(env, ['KAFKA_DELIVERY_TIMEOUT'], 1)
  const ssl = bool(env, 'KAFKA_SSL')
  const caPath = pick(env, 'KAFKA_SSL_CA')
  const rejectUnauthorized = bool(env, 'KAFKA_SSL_REJECT_UNAUTHORIZED')
  if (ssl || caPath || rejectUnauthorized === false) {
    if (ssl === false && caPath) throw new ConfigError('KAFKA_SSL_CA is set but KAFKA_SSL is false')
    if (ssl === false && rejectUnauthorized === false) {
      throw new ConfigError('KAFKA_SSL_REJECT_UNAUTHORIZED is set but KAFKA_SSL is false')
    }
    let ca: string | undefined
    if (caPath) {
      try {
        ca = readFileSync(caPath.value, 'utf8')
      } catch (cause) {
        throw new ConfigError(`KAFKA_SSL_CA: cannot read "${caPath.value}"`, { cause })
      }
    }
    options.ssl =
      ca || rejectUnauthorized === false ? { ca, rejectUnauthorized: rejectUnauthorized ?? true } : true
  } else if (ssl === false) {
    options.ssl = false
  }
  const mechanism = pick(env, 'KAFKA_SASL_MECHANISM')
  const username = pick(env, 'KAFKA_SASL_USERNAME')
  const password = pick(env, 'KAFKA_SASL_PASSWORD')
  if (username || password) {
    const m = (mechanism?.value ?? 'plain').toLowerCase()
    if (!['plain', 'scram-sha-256', 'scram-sha-512'].includes(m)) {
      throw new ConfigError(
        `KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512; got "${mechanism?.value}"`,
      )
    }
    if (!username) throw new ConfigError('KAFKA_SASL_USERNAME is required when KAFKA_SASL_PASSWORD is set')
    if (!password) throw new ConfigError('KAFKA_SASL_PASSWORD is required when KAFKA_SASL_USERNAME is set')
    options.sasl = { mechanism: m as SaslMechanism, username: username.value, password: password.value }
  } else if (
    mechanism &&
    !['plain', 'scram-sha-256', 'scram-sha-512'].includes(mechanism.value.toLowerCase())
  ) {
    throw new ConfigError(
      `KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512; got "${mechanism.value}"`,
    )
  }
  const compression = pick(env, 'KAFKA_COMPRESSION')
  if (compression)
    options.compression = choice(compression, ['none', 'gzip', 'snappy', 'lz4', 'zstd']) as Compression
  const acks = pick(env, 'KAFKA_ACKS')
  if (acks) {
    options.acks = choice(acks, ['all', 'leader', 'none']) as 'all' | 'leader' | 'none'
    if (options.acks !== 'all') options.idempotent = false
  }
  const startup = pick(env, 'SPOOL_STARTUP')
  if (startup) options.startup = choice(startup, [...startupModes]) as StartupMode
  const offline = pick(env, 'SPOOL_OFFLINE')
  if (offline) options.offline = choice(offline, ['spool', 'fail']) as 'spool' | 'fail'
  const partitioner = pick(env, 'SPOOL_PARTITIONER')
  if (partitioner)
    options.partitioner = choice(partitioner, ['java', 'kafkajs-legacy']) as 'java' | 'kafkajs-legacy'
  const offlinePath = pick(env, 'SPOOL_OFFLINE_PATH')
  if (offlinePath) options.offlinePath = offlinePath.value
  options.offlineAfter = int(env, ['SPOOL_OFFLINE_AFTER'], 1)
  const attempts = int(env, ['SPOOL_RETRY_ATTEMPTS'], 1)
  const retryTopics = pick(env, 'SPOOL_RETRY_TOPICS')
  if (attempts !== undefined || retryTopics) {
    options.retry = {}
    if (attempts !== undefined) options.retry.attempts = attempts
    if (retryTopics) {
      options.retry.topics = retryTopics.value.split(',').map((d) => {
        const n = Number(d.trim())
        if (d.trim() === '' || !Number.isInteger(n) || n < 0) {
          throw new ConfigError(`SPOOL_RETRY_TOPICS: "${d}" is not a delay in ms`)
        }
        return n
      })
    }
  }
  options.shutdownTimeout = int(env, ['SPOOL_SHUTDOWN_TIMEOUT'], 1)
  return options
}

/**
 * The level of the bus's default logger (when no `logger` is given): SPOOL_LOG_LEVEL, else
 * LOG_LEVEL (the bus's variable before SPOOL_LOG_LEVEL, still honoured), else info. A value that
 * is not a level is a SPOOL_ERR_INVALID_OPTION naming the variable.
 *
 * @example
 * busLogLevel({ SPOOL_LOG_LEVEL: 'debug' }) // 'debug'
 */
export function busLogLevel(env: Env = process.env): LogLevel {
  return readLogLevel(env, ['LOG_LEVEL']) ?? 'info'
}

function pick(env: Env, ...names: string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]
    if (value !== undefined && value.trim() !== '') return { name, value: value.trim() }
  }
  return undefined
}

function int(env: Env, names: string[], min: number): number | undefined {
  const found = pick(env, ...names)
  if (!found) return undefined
  const n = Number(found.value)
  if (!Number.isInteger(n) || n < min) {
    throw new ConfigError(`${found.name} must be an integer >= ${min}; got "${found.value}"`)
  }
  return n
}

function bool(env: Env, name: string): boolean | undefined {
  const found = pick(env, name)
  if (!found) return undefined
  const v = found.value.toLowerCase()
  if (['true', '1', 'yes', 'on'].includes(v)) return true
  if (['false', '0', 'no', 'off'].includes(v)) return false
  throw new ConfigError(`${name} must be true or false; got "${found.value}"`)
}

function choice(found: { name: string; value: string }, allowed: string[]): string {
  const v = found.value.toLowerCase()
  if (!allowed.includes(v)) {
    throw new ConfigError(`${found.name} must be one of ${allowed.join(', ')}; got "${found.value}"`)
  }
  return v
}
