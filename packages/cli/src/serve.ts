/**
 * Starts the gateway (and with it the console) on a bus with a catalog: what `spool dev` and
 * `spool gateway` share. Catalog topics that do not exist yet are created, so the console lists
 * them and the produce form works at once.
 */
import { Admin, type BusOptionsInput, createBus } from '@spool/bus'
import type { AnyEventDefinition } from '@spool/catalog'
import { consoleDir, hasConsole } from '@spool/console'
import { createGateway, gatewayOptionsFromEnv } from '@spool/gateway'
import type { Logger } from 'pino'

export interface ServeOptions {
  bus: BusOptionsInput
  catalog: AnyEventDefinition[]
  host: string | undefined
  /** Default: SPOOL_GATEWAY_PORT, else 3000. */
  port: number | undefined
  env: NodeJS.ProcessEnv
  logger: Logger
}

export interface Served {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string
  /** Whether the console's files are served at `/`. */
  console: boolean
  /** Catalog topics created at start. */
  createdTopics: string[]
  /** Stops the gateway (and with it the bus), then closes the admin client. */
  close(): Promise<void>
}

/**
 * @example
 * const served = await serveGateway({ bus: { brokers: ['127.0.0.1:9092'] }, catalog, host: undefined, port: 3000, env: process.env, logger })
 * console.log(served.url)
 * await served.close()
 */
export async function serveGateway(options: ServeOptions): Promise<Served> {
  const bus = createBus({ ...options.bus, catalog: options.catalog, logger: options.logger })
  const admin = new Admin({ ...options.bus, logger: options.logger })
  const fromEnv = gatewayOptionsFromEnv(options.env)
  // The console package's files unless SPOOL_CONSOLE_DIR says otherwise ('off': none).
  const consoleFiles = fromEnv.console === undefined ? (hasConsole() ? consoleDir : false) : fromEnv.console
  const gateway = createGateway({
    ...fromEnv,
    bus,
    admin,
    host: options.host ?? fromEnv.host,
    port: options.port ?? fromEnv.port,
    console: consoleFiles,
    logger: options.logger.child({ component: 'gateway' }) as never,
    closeBus: true,
  })
  let createdTopics: string[] = []
  try {
    createdTopics = await createCatalogTopics(admin, options.catalog)
    const { host, port } = gateway.gateway.options
    const address = await gateway.listen({ host, port })
    // The gateway connects its producer in the background; waiting for it here means that when
    // the address is printed, /health/kafka already says "up". A cluster that is down is not fatal:
    // the gateway serves and reports itself not ready until Kafka answers.
    await bus.connect().catch((error: unknown) => {
      options.logger.warn(
        { err: error },
        'Kafka is not reachable yet; /health/kafka reports down until it is',
      )
    })
    return {
      url: address.replace('[::1]', 'localhost'),
      console: gateway.gateway.options.console !== false,
      createdTopics,
      close: async () => {
        await gateway.close()
        await admin.close()
      },
    }
  } catch (error) {
    await gateway.close().catch(() => {})
    await admin.close()
    throw error
  }
}

async function createCatalogTopics(admin: Admin, catalog: AnyEventDefinition[]): Promise<string[]> {
  if (catalog.length === 0) return []
  const existing = new Set((await admin.listTopics({ includeInternal: true })).map((t) => t.name))
  const missing = [...new Set(catalog.map((d) => d.topic))].filter((t) => !existing.has(t))
  const created: string[] = []
  for (const name of missing) {
    try {
      await admin.createTopic({ name })
      created.push(name)
    } catch (error) {
      // Someone else created it in between: that is what we wanted.
      if ((error as { code?: string }).code !== 'SPOOL_ERR_CONFLICT') throw error
    }
  }
  return created
}
