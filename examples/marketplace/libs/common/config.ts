/**
 * The marketplace's configuration: the one place its environment variables are read. The Kafka
 * variables (KAFKA_BROKERS, KAFKA_SSL, KAFKA_SASL_*, timeouts, …) are the bus's own, read by
 * `busOptionsFromEnv`; the rest belong to this example.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  type BusInput,
  busOptionsFromEnv,
  type IdempotencyStore,
  memoryStore,
  postgresStore,
  redisStore,
  sqliteStore,
} from '@spool/bus'

/** The four services, with the client and group ids of seed 002's `KafkaModule.register(...)`. */
export const services = {
  subscription: { clientId: 'subscription-service', groupId: 'subscription-consumer-group' },
  payment: { clientId: 'payment-service', groupId: 'payment-consumer-group' },
  content: { clientId: 'content-service', groupId: 'content-consumer-group' },
  media: { clientId: 'media-service', groupId: 'media-consumer-group' },
} as const

export type ServiceName = keyof typeof services

export interface MarketplaceConfig {
  /** Bus options every service starts from: brokers, TLS/SASL, timeouts, retries. */
  bus: BusInput
  /** Prefix of every topic and consumer group ('' = the seed's names). */
  namespace: string
  /** `memory`, `sqlite` (a file in dataDir), `sqlite:<path>`, `redis://…` or `postgres://…`. */
  idempotency: string
  /** Where files the services keep (offline spools, SQLite idempotency store) go. */
  dataDir: string
  /** HTTP port of each service; 0 picks a free one. */
  ports: Record<ServiceName, number>
  /** HTTP interface. */
  host: string
  /** Handler attempts in process before an event is dead-lettered, and the first backoff (ms). */
  retry: { attempts: number; initialDelay: number; maxDelay: number }
  /** Nest log lines (the services' own, request-free): false in tests. */
  logs: boolean
}

/** Defaults of everything but the bus options. */
export const defaultMarketplaceConfig: Readonly<Omit<MarketplaceConfig, 'bus'>> = Object.freeze({
  namespace: '',
  idempotency: 'memory',
  dataDir: '.spool/marketplace',
  ports: Object.freeze({ subscription: 3001, payment: 3002, content: 3003, media: 3004 }),
  host: '127.0.0.1',
  retry: Object.freeze({ attempts: 3, initialDelay: 100, maxDelay: 1_000 }), // ms
  logs: true,
})

type Env = Record<string, string | undefined>

/** What `npm start` reads. Without KAFKA_BROKERS it starts the embedded broker. */
export interface StartConfig {
  marketplace: MarketplaceConfig
  /** Undefined: start the embedded broker on `brokerPort`. */
  kafkaBrokers: string | undefined
  brokerPort: number
  /** Run the scripted tour of every flow after start-up. */
  tour: boolean
}

/**
 * Reads the environment once.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | KAFKA_BROKERS | — | a Kafka cluster to use instead of the embedded broker |
 * | BROKER_PORT | 9092 | port of the embedded broker |
 * | MARKETPLACE_NAMESPACE | — | prefix of topics and groups |
 * | IDEMPOTENCY_STORE | memory | memory, sqlite, sqlite:<path>, redis://…, postgres://… |
 * | MARKETPLACE_DATA_DIR | .spool/marketplace | offline spools and the SQLite store |
 * | MARKETPLACE_TOUR | 1 | 0 skips the scripted tour |
 *
 * @example
 * const { marketplace, kafkaBrokers } = configFromEnv()
 */
export function configFromEnv(env: Env = process.env): StartConfig {
  const bus = busOptionsFromEnv(env)
  const port = (name: string, fallback: number) => {
    const value = env[name]
    if (value === undefined || value === '') return fallback
    const n = Number(value)
    if (!Number.isInteger(n) || n < 0 || n > 65_535)
      throw new Error(`${name} must be a port number; got "${value}"`)
    return n
  }
  const ports = defaultMarketplaceConfig.ports
  return {
    marketplace: {
      ...defaultMarketplaceConfig,
      bus,
      namespace: env.MARKETPLACE_NAMESPACE ?? '',
      idempotency: env.IDEMPOTENCY_STORE ?? defaultMarketplaceConfig.idempotency,
      dataDir: env.MARKETPLACE_DATA_DIR ?? defaultMarketplaceConfig.dataDir,
      ports: {
        subscription: port('SUBSCRIPTION_PORT', ports.subscription),
        payment: port('PAYMENT_PORT', ports.payment),
        content: port('CONTENT_PORT', ports.content),
        media: port('MEDIA_PORT', ports.media),
      },
    },
    kafkaBrokers: env.KAFKA_BROKERS ?? env.KAFKA_BROKER,
    brokerPort: port('BROKER_PORT', 9092),
    tour: env.MARKETPLACE_TOUR !== '0',
  }
}

/** `${namespace}.${name}`, or `name` without a namespace. */
export function inNamespace(config: Pick<MarketplaceConfig, 'namespace'>, name: string): string {
  return config.namespace === '' ? name : `${config.namespace}.${name}`
}

/**
 * The idempotency store of one service, from `config.idempotency`. Keys are prefixed with the
 * consumer group, so the services may share one SQLite file, Redis or PostgreSQL database.
 *
 * @example
 * idempotencyStore({ ...config, idempotency: 'redis://127.0.0.1:6379' }) // redisStore({ url })
 */
export function idempotencyStore(
  config: Pick<MarketplaceConfig, 'idempotency' | 'dataDir'>,
): IdempotencyStore {
  const spec = config.idempotency
  if (spec === 'memory') return memoryStore()
  if (spec === 'sqlite' || spec.startsWith('sqlite:')) {
    const path = spec === 'sqlite' ? join(config.dataDir, 'idempotency.db') : spec.slice('sqlite:'.length)
    mkdirSync(resolve(path, '..'), { recursive: true })
    return sqliteStore({ path })
  }
  if (/^rediss?:\/\//.test(spec)) return redisStore({ url: spec })
  if (/^postgres(ql)?:\/\//.test(spec)) return postgresStore({ connectionString: spec })
  throw new Error(
    `IDEMPOTENCY_STORE must be memory, sqlite, sqlite:<path>, redis://… or postgres://…; got "${spec}"`,
  )
}
