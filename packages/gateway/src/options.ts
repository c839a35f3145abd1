/**
 * The gateway's options, declared once as a schema: every option with its default and unit,
 * validated once in createGateway (an unknown key is named, with the nearest known one), the
 * result frozen; the TypeScript types derive from it.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import type { Admin, Bus } from '@spool/bus'
import { parseOptions } from '@spool/errors'
import type { FastifyBaseLogger } from 'fastify'
import { z } from 'zod'

/** What an API key may do. `admin` includes `read` and `publish`. */
export const roles = Object.freeze(['publish', 'read', 'admin'] as const)
export type Role = (typeof roles)[number]

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.int().min(min).max(max)

export const apiKeySchema = z.strictObject({
  /** The secret a client sends (`x-api-key` header, `Authorization: Bearer`, or `?apiKey=` on the stream). */
  key: z.string().min(8, 'must be a string of at least 8 characters'),
  roles: z.array(z.enum(roles)).min(1),
  /** Shown in logs and used as the rate-limit bucket instead of the key itself; default `key-<index>`. */
  name: z.string().min(1).optional(),
  /** Binds the key to one user: its stream only ever carries events whose subject is this. */
  subject: z.string().min(1).optional(),
})

export const authSchema = z
  .strictObject({
    keys: z.array(apiKeySchema).min(1, 'must list at least one { key, roles } (or set auth: false)'),
  })
  .superRefine(({ keys }, ctx) => {
    const seen = new Set<string>()
    keys.forEach(({ key }, i) => {
      if (seen.has(key))
        ctx.addIssue({ code: 'custom', path: ['keys', i, 'key'], message: 'is listed twice' })
      seen.add(key)
    })
  })
  .transform(({ keys }) => ({ keys: keys.map((k, i) => ({ ...k, name: k.name ?? `key-${i}` })) }))

export const rateLimitSchema = z.strictObject({
  /** Publishes allowed per client (API key, or IP without auth) per window. */
  max: int(1).default(1_000),
  timeWindow: int(1).default(1_000), // 1 s
})

export const streamSchema = z.strictObject({
  /** Consumer group of the live stream; default `<clientId>-gateway-<random>` (one per instance). */
  group: z.string().min(1).optional(),
  /** 'lazy' joins the group on the first subscriber; 'eager' when the gateway is ready. */
  start: z.enum(['lazy', 'eager']).default('lazy'),
  maxClients: int(1).default(1_000),
  /** Bytes a client may have waiting to be sent before it is closed as too slow. */
  maxBufferedBytes: int(1_024).default(1_048_576), // 1 MiB
  /** Max event types / subjects in one filter. */
  maxFilterValues: int(1, 10_000).default(100),
  /** Ping (WebSocket) / comment (SSE) interval, ms; a WebSocket that misses one pong is closed. */
  heartbeat: int(100).default(30_000), // 30 s
})

/** Every option of createGateway but `bus`, its default and unit. */
const gatewaySettingsShape = {
  /** Admin client; default `new Admin(bus.options)`, closed with the gateway. */
  admin: z
    .custom<Admin>((v) => typeof (v as Partial<Admin> | null)?.listTopics === 'function', 'must be an Admin')
    .optional(),
  host: z.string().min(1).default('127.0.0.1'),
  port: int(0, 65_535).default(3000),
  /** Max request body, bytes. Keeps a published event under Kafka's default 1 MB record limit. */
  bodyLimit: int(1, 64 * 1_048_576).default(524_288), // 512 KiB
  /** API keys with roles; false = no auth (development). */
  auth: z.union([z.literal(false), authSchema]).default(false),
  /** Rate limit of POST /api/kafka/events; false = none. */
  rateLimit: z.union([z.literal(false), rateLimitSchema]).prefault({}),
  /** Live stream of consumed events (WebSocket + SSE); false = off. */
  stream: z.union([z.literal(false), streamSchema]).prefault({}),
  /** Swagger UI at /api/docs (the OpenAPI document is always at /api/openapi.json). */
  docs: z.boolean().default(true),
  /** Folder of the console's static files; default @spool/console's files when that package is installed; false = none. */
  console: z.union([z.string().min(1), z.literal(false)]).optional(),
  /** Logger; default the bus's logger. */
  logger: z
    .custom<FastifyBaseLogger>(
      (v) => typeof (v as Partial<FastifyBaseLogger> | null)?.child === 'function',
      'must be a pino (Fastify) logger',
    )
    .optional(),
  /** Log every request (off by default: two log lines per request cost more than the request). */
  requestLogging: z.boolean().default(false),
  /** Trust X-Forwarded-* (behind a proxy). */
  trustProxy: z.boolean().default(false),
  /** Close the bus when the gateway closes. */
  closeBus: z.boolean().default(false),
}

/**
 * createGateway's options, each with its default and unit.
 *
 * @example
 * Object.keys(gatewayOptionsSchema.shape) // ['bus', 'admin', 'host', 'port', …]
 */
export const gatewayOptionsSchema = z.strictObject({
  /** The bus to publish through and observe. Not closed with the gateway unless `closeBus`. */
  bus: z.custom<Bus>((v) => {
    const b = v as Partial<Bus> | null
    return typeof b?.publish === 'function' && typeof b.health === 'function'
  }, 'must be a bus made with createBus()'),
  ...gatewaySettingsShape,
})

export type ApiKey = z.output<typeof apiKeySchema>
export type AuthOptions = z.output<typeof authSchema>
export type RateLimitOptions = z.output<typeof rateLimitSchema>
export type StreamOptions = z.output<typeof streamSchema>
/** The resolved options: every default filled in, `console` resolved to a folder or false. */
export type GatewayOptions = Omit<z.output<typeof gatewayOptionsSchema>, 'console'> & {
  console: string | false
}
/** What createGateway accepts: a bus and any of the other options. */
export type GatewayInput = z.input<typeof gatewayOptionsSchema>

const settings = parseOptions('createGateway', z.strictObject(gatewaySettingsShape), {})

/** The defaults of everything but `bus` (`console` is found when the gateway is created). */
export const defaultGatewayOptions = settings as Readonly<Omit<z.output<typeof gatewayOptionsSchema>, 'bus'>>
export const defaultStreamOptions = settings.stream as Readonly<StreamOptions>
export const defaultRateLimitOptions = settings.rateLimit as Readonly<RateLimitOptions>

/**
 * Validates once (naming the offending option, and the nearest known key for an unknown one),
 * fills in the defaults and freezes.
 *
 * @example
 * resolveGatewayOptions({ bus, port: 8080, stream: { maxClients: 50 } }).stream // { start: 'lazy', maxClients: 50, … }
 */
export function resolveGatewayOptions(input: GatewayInput): Readonly<GatewayOptions> {
  const options = parseOptions('createGateway', gatewayOptionsSchema, input)
  if (options.console !== undefined) return options as Readonly<GatewayOptions>
  return Object.freeze({ ...options, console: defaultConsoleDir() })
}

/**
 * The console's static files, when `@spool/console` is installed where this package can resolve
 * it (the gateway does not depend on the console: it finds its package, it imports none of it).
 */
function defaultConsoleDir(): string | false {
  let manifest: string
  try {
    manifest = createRequire(import.meta.url).resolve('@spool/console/package.json')
  } catch {
    return false
  }
  const dir = resolve(dirname(manifest), 'public')
  return existsSync(resolve(dir, 'index.html')) ? dir : false
}
