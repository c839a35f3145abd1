/**
 * createGateway: the Fastify app of Spool — REST (seed 004's API plus cluster admin), the live
 * stream (WebSocket + SSE), OpenAPI, API keys, a publish rate limit, and the console's files.
 */
import rateLimit from '@fastify/rate-limit'
import websocket from '@fastify/websocket'
import { Admin } from '@spool/bus'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import { installAuth } from './http/auth.ts'
import { installConsole } from './http/console.ts'
import { installDocs } from './http/docs.ts'
import { installErrorHandling } from './http/errors-handler.ts'
import { installJson } from './http/json.ts'
import { installValidators } from './http/validation.ts'
import { type GatewayInput, type GatewayOptions, resolveGatewayOptions } from './options.ts'
import { deadLetterRoutes } from './routes/dead-letters.ts'
import { eventRoutes } from './routes/events.ts'
import { groupRoutes } from './routes/groups.ts'
import { healthRoutes } from './routes/health.ts'
import { produceRoutes } from './routes/produce.ts'
import { statusRoutes } from './routes/status.ts'
import { streamRoutes } from './routes/stream.ts'
import { topicRoutes } from './routes/topics.ts'
import { StreamHub } from './stream/hub.ts'

const MAX_WS_MESSAGE = 65_536 // bytes: clients only ever send small filter messages

/** What the gateway adds to its Fastify instance. */
export interface GatewayDecorations {
  readonly options: Readonly<GatewayOptions>
  readonly admin: Admin
  /** The live stream, when enabled. */
  readonly hub: StreamHub | undefined
  /** Listens on options.host/port; resolves to the address (`http://127.0.0.1:3000`). */
  start(): Promise<string>
}

export type Gateway = FastifyInstance & { gateway: GatewayDecorations }

declare module 'fastify' {
  interface FastifyInstance {
    gateway: GatewayDecorations
  }
}

/**
 * Builds the gateway (not listening yet). Plugins load on `ready()`, `inject()` or `listen()`.
 *
 * @example
 * const bus = createBus({ ...busOptionsFromEnv(), catalog })
 * const gateway = createGateway({ bus, auth: { keys: [{ key: process.env.API_KEY!, roles: ['admin'] }] } })
 * await gateway.gateway.start() // or gateway.listen({ port: 8080 })
 * // POST /api/kafka/events { eventType, data, userId } → 202 { status: 'success', data: { id, topic, partition, offset } }
 */
export function createGateway(input: GatewayInput): Gateway {
  const options = resolveGatewayOptions(input)
  const { bus } = options
  const log = options.logger ?? (bus.log.child({ component: 'gateway' }) as never)
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: options.bodyLimit,
    logController: new LogController({ disableRequestLogging: !options.requestLogging }),
    trustProxy: options.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: true,
  })
  const ownsAdmin = options.admin === undefined
  const admin = options.admin ?? new Admin(bus.options)
  const hub = options.stream ? new StreamHub(bus, options.stream, app.log) : undefined
  const knownTypes = new Set(bus.catalog?.list().map((d) => d.type) ?? [])
  const consoleFolder = options.console

  app.decorate('gateway', {
    options,
    admin,
    hub,
    start: () => app.listen({ host: options.host, port: options.port }),
  })
  installJson(app)

  app.register(async (root) => {
    // First: its onRequest hook marks upgrade requests, so a refused upgrade (401) still has its
    // socket destroyed by the plugin instead of left open and holding close() forever.
    if (hub) await root.register(websocket, { options: { maxPayload: MAX_WS_MESSAGE } })
    const withConsole = await installConsole(root, consoleFolder ?? false)
    installAuth(root, options.auth, withConsole)
    installErrorHandling(root, withConsole)
    await installDocs(root, options.docs, options.auth !== false, bus.catalog?.list() ?? [])
    // After addSchema (in installDocs): a context that adds schemas rebuilds its validator compiler.
    installValidators(root)
    if (options.rateLimit) {
      await root.register(rateLimit, {
        global: false,
        keyGenerator: (request) => request.apiKey?.name ?? request.ip,
        errorResponseBuilder: (_request, context) => ({
          statusCode: 429,
          code: 'SPOOL_ERR_RATE_LIMITED',
          message: `rate limit: at most ${context.max} publishes per ${context.after}; retry in ${Math.ceil(context.ttl / 1_000)} s`,
        }),
      })
    }

    eventRoutes(root, bus, options.rateLimit)
    statusRoutes(root, bus, hub)
    healthRoutes(root, bus, admin, hub)
    topicRoutes(root, admin)
    produceRoutes(root, bus, admin, options.rateLimit)
    groupRoutes(root, admin)
    deadLetterRoutes(root, bus, admin)
    if (hub) streamRoutes(root, hub, knownTypes)
  })

  if (hub && options.stream && options.stream.start === 'eager') {
    app.addHook('onReady', async () => {
      await hub.start()
    })
  }
  // Connect the producer once serving for real (not for inject()), without holding up the listen.
  app.addHook('onListen', async () => {
    bus.connect().catch((error: unknown) => app.log.warn({ err: error }, 'bus could not connect to Kafka'))
  })
  app.addHook('preClose', async () => {
    await hub?.close()
  })
  app.addHook('onClose', async () => {
    if (ownsAdmin) await admin.close()
    if (options.closeBus) await bus.close()
  })
  return app as Gateway
}
