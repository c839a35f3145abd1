/**
 * The gateway's one options type, its frozen defaults (units in comments), and the validation
 * that runs once in createGateway, naming the offending property.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Admin, Bus } from '@spool/bus'
import type { FastifyBaseLogger } from 'fastify'
import { GatewayConfigError } from './errors.ts'

/** What an API key may do. `admin` includes `read` and `publish`. */
export type Role = 'publish' | 'read' | 'admin'
export const roles: readonly Role[] = Object.freeze(['publish', 'read', 'admin'])

export interface ApiKey {
  /** The secret a client sends (`x-api-key` header, `Authorization: Bearer`, or `?apiKey=` on the stream). */
  key: string
  roles: Role[]
  /** Shown in logs and used as the rate-limit bucket instead of the key itself. */
  name?: string
  /** Binds the key to one user: its stream only ever carries events whose subject is this. */
  subject?: string
}

export interface AuthOptions {
  keys: ApiKey[]
}

export interface RateLimitOptions {
  /** Publishes allowed per client (API key, or IP without auth) per window. */
  max: number
  timeWindow: number // ms
}

export interface StreamOptions {
  /** Consumer group of the live stream; default `<clientId>-gateway-<random>` (one per instance). */
  group?: string
  /** 'lazy' joins the group on the first subscriber; 'eager' when the gateway is ready. */
  start: 'lazy' | 'eager'
  maxClients: number
  /** Bytes a client may have waiting to be sent before it is closed as too slow. */
  maxBufferedBytes: number
  /** Max event types / subjects in one filter. */
  maxFilterValues: number
  /** Ping (WebSocket) / comment (SSE) interval, ms; a WebSocket that misses one pong is closed. */
  heartbeat: number
}

export interface GatewayOptions {
  /** The bus to publish through and observe. Not closed with the gateway unless `closeBus`. */
  bus: Bus
  /** Admin client; default `new Admin(bus.options)`, closed with the gateway. */
  admin?: Admin
  host: string
  port: number
  /** Max request body, bytes. Keeps a published event under Kafka's default 1 MB record limit. */
  bodyLimit: number
  /** API keys with roles; false = no auth (development). */
  auth: false | AuthOptions
  /** Rate limit of POST /api/kafka/events; false = none. */
  rateLimit: false | RateLimitOptions
  /** Live stream of consumed events (WebSocket + SSE); false = off. */
  stream: false | StreamOptions
  /** Swagger UI at /api/docs (the OpenAPI document is always at /api/openapi.json). */
  docs: boolean
  /** Folder of the console's static files; default packages/console/public when it exists; false = none. */
  console: string | false | undefined
  /** Logger; default the bus's logger. */
  logger?: FastifyBaseLogger
  /** Log every request (off by default: two log lines per request cost more than the request). */
  requestLogging: boolean
  /** Trust X-Forwarded-* (behind a proxy). */
  trustProxy: boolean
  /** Close the bus when the gateway closes. */
  closeBus: boolean
}

export type GatewayInput = Partial<Omit<GatewayOptions, 'bus' | 'stream' | 'rateLimit'>> & {
  bus: Bus
  stream?: false | Partial<StreamOptions>
  rateLimit?: false | Partial<RateLimitOptions>
}

export const defaultStreamOptions: Readonly<StreamOptions> = Object.freeze({
  start: 'lazy',
  maxClients: 1_000,
  maxBufferedBytes: 1_048_576, // 1 MiB
  maxFilterValues: 100,
  heartbeat: 30_000, // 30 s
})

export const defaultRateLimitOptions: Readonly<RateLimitOptions> = Object.freeze({
  max: 1_000,
  timeWindow: 1_000, // 1 s
})

export const defaultGatewayOptions = Object.freeze({
  host: '127.0.0.1',
  port: 3000,
  bodyLimit: 524_288, // 512 KiB
  auth: false,
  rateLimit: defaultRateLimitOptions,
  stream: defaultStreamOptions,
  docs: true,
  console: undefined,
  requestLogging: false,
  trustProxy: false,
  closeBus: false,
}) as Readonly<Omit<GatewayOptions, 'bus'>>

/** Merges over the defaults, validates once, freezes. */
export function resolveGatewayOptions(input: GatewayInput): Readonly<GatewayOptions> {
  if (!input || typeof input !== 'object') throw new GatewayConfigError('', 'must be an object')
  const bus = input.bus as Bus | undefined
  if (!bus || typeof bus.publish !== 'function' || typeof bus.health !== 'function') {
    throw new GatewayConfigError('bus', 'must be a bus made with createBus()')
  }
  const defined = stripUndefined(input)
  const options: GatewayOptions = {
    ...defaultGatewayOptions,
    ...defined,
    bus,
    stream:
      input.stream === false ? false : { ...defaultStreamOptions, ...stripUndefined(input.stream ?? {}) },
    rateLimit:
      input.rateLimit === false
        ? false
        : { ...defaultRateLimitOptions, ...stripUndefined(input.rateLimit ?? {}) },
  }
  if (typeof options.host !== 'string' || options.host === '')
    throw new GatewayConfigError('host', 'must be a host name')
  integer('port', options.port, 0, 65_535)
  integer('bodyLimit', options.bodyLimit, 1, 64 * 1_048_576)
  if (options.auth !== false) options.auth = Object.freeze({ keys: validateKeys(options.auth) })
  if (options.rateLimit) {
    integer('rateLimit.max', options.rateLimit.max, 1)
    integer('rateLimit.timeWindow', options.rateLimit.timeWindow, 1)
    options.rateLimit = Object.freeze(options.rateLimit)
  }
  if (options.stream) {
    const s = options.stream
    if (s.start !== 'lazy' && s.start !== 'eager')
      throw new GatewayConfigError('stream.start', 'must be "lazy" or "eager"')
    if (s.group !== undefined && (typeof s.group !== 'string' || s.group === '')) {
      throw new GatewayConfigError('stream.group', 'must be a non-empty string')
    }
    integer('stream.maxClients', s.maxClients, 1)
    integer('stream.maxBufferedBytes', s.maxBufferedBytes, 1_024)
    integer('stream.maxFilterValues', s.maxFilterValues, 1, 10_000)
    integer('stream.heartbeat', s.heartbeat, 100)
    options.stream = Object.freeze(s)
  }
  for (const name of ['docs', 'requestLogging', 'trustProxy', 'closeBus'] as const) {
    if (typeof options[name] !== 'boolean') throw new GatewayConfigError(name, 'must be true or false')
  }
  if (options.console === undefined) options.console = defaultConsoleDir()
  else if (options.console !== false && typeof options.console !== 'string') {
    throw new GatewayConfigError('console', 'must be a folder path or false')
  }
  return Object.freeze(options)
}

function validateKeys(auth: AuthOptions): ApiKey[] {
  if (!auth || !Array.isArray(auth.keys) || auth.keys.length === 0) {
    throw new GatewayConfigError('auth.keys', 'must list at least one { key, roles } (or set auth: false)')
  }
  const seen = new Set<string>()
  return auth.keys.map((k, i) => {
    const at = `auth.keys[${i}]`
    if (!k || typeof k.key !== 'string' || k.key.length < 8) {
      throw new GatewayConfigError(`${at}.key`, 'must be a string of at least 8 characters')
    }
    if (seen.has(k.key)) throw new GatewayConfigError(`${at}.key`, 'is listed twice')
    seen.add(k.key)
    if (!Array.isArray(k.roles) || k.roles.length === 0 || k.roles.some((r) => !roles.includes(r))) {
      throw new GatewayConfigError(`${at}.roles`, `must list roles among ${roles.join(', ')}`)
    }
    if (k.subject !== undefined && (typeof k.subject !== 'string' || k.subject === '')) {
      throw new GatewayConfigError(`${at}.subject`, 'must be a non-empty string')
    }
    return Object.freeze({ ...k, roles: Object.freeze([...k.roles]) as Role[], name: k.name ?? `key-${i}` })
  })
}

function integer(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new GatewayConfigError(name, `must be an integer from ${min} to ${max}, got ${String(value)}`)
  }
}

/** The console package's static files (no build step), when the package is installed. */
function defaultConsoleDir(): string | false {
  const dir = resolve(import.meta.dirname, '../../console/public')
  return existsSync(resolve(dir, 'index.html')) ? dir : false
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
