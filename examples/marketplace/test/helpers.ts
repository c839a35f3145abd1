/**
 * Helpers of the marketplace suite. The services use decorator syntax, which Node does not run:
 * `startTestMarketplace` compiles them with the repository's TypeScript, as `npm start` does, once
 * per change of the sources (cached in the example's node_modules/.cache, so their imports
 * resolve), and starts them on the suite's broker with a namespace of their own.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Bus, createBus } from '@spool/bus'
import { type AnyEventDefinition, createCatalog, decodeEvent, type EventEnvelope } from '@spool/catalog'
import { bootstrapList, compiledProject, uniqueName } from '@spool/testing'
import { pino } from 'pino'
import { defaultMarketplaceConfig, type MarketplaceConfig } from '../libs/common/config.ts'
import { marketplaceEvents, namespaced } from '../libs/common/kafka.events.ts'
import { MarketplaceClient } from '../src/client.ts'
import { eventually } from '../src/eventually.ts'
import type { Marketplace } from '../src/types.ts'

const project = compiledProject(join(import.meta.dirname, '..'))

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

/** One event as it went over Kafka: the record's own envelope, and what a consumer reads (upcast, validated). */
export interface Seen {
  topic: string
  /** The envelope as published (its `dataversion` and data untouched). */
  raw: EventEnvelope
  /** The envelope through the catalog: upcast to the current version and validated. */
  event: EventEnvelope<any>
}

export interface TestMarketplace {
  marketplace: Marketplace
  api: MarketplaceClient
  config: MarketplaceConfig
  /** Every event on the marketplace's topics, in arrival order. */
  seen: Seen[]
  /** Waits for an event of `type` whose data matches `where`; returns it. */
  event(type: string, where?: (data: any) => boolean): Promise<Seen>
  /** The events of `type` whose data match `where`, now. */
  events(type: string, where?: (data: any) => boolean): Seen[]
  /** A bus on the same cluster and namespace, as another system publishing into the marketplace. */
  outsider: Bus
  /** `def` on the marketplace's namespace (publish these with `outsider`). */
  ns<D extends AnyEventDefinition>(def: D): D
  close(): Promise<void>
}

/** Starts the marketplace (compiled) on `bootstrap` with an SQLite idempotency store, and a tap on every topic. */
export async function startTestMarketplace(bootstrap: string): Promise<TestMarketplace> {
  const { startMarketplace } = (await project.load('src/marketplace.mts')) as {
    startMarketplace(config: MarketplaceConfig): Promise<Marketplace>
  }
  const dir = mkdtempSync(join(tmpdir(), 'spool-marketplace-'))
  const brokers = bootstrapList(bootstrap)
  const group = { sessionTimeout: 10_000, heartbeatInterval: 500 } // ms
  const config: MarketplaceConfig = {
    ...defaultMarketplaceConfig,
    bus: { brokers, ...group, topicPartitions: 2 },
    namespace: uniqueName('mkt'),
    idempotency: `sqlite:${join(dir, 'idempotency.db')}`,
    dataDir: dir,
    ports: { subscription: 0, payment: 0, content: 0, media: 0 },
    retry: { attempts: 3, initialDelay: 20, maxDelay: 100 },
    logs: process.env.SPOOL_TEST_LOG !== undefined,
  }
  const catalog = createCatalog(namespaced(marketplaceEvents, config.namespace))
  const seen: Seen[] = []
  const tap = createBus({
    brokers,
    ...group,
    clientId: uniqueName('tap'),
    offline: 'fail',
    logger: quietLogger,
  })
  tap.subscribe(
    [...catalog.topics()],
    async (message) => {
      seen.push({ topic: message.topic, raw: decodeEvent(message), event: await catalog.parse(message) })
    },
    { group: uniqueName('tap') },
  )
  const outsider = createBus({
    brokers,
    clientId: 'legacy-billing',
    catalog: namespaced(marketplaceEvents, config.namespace),
    offline: 'fail',
    logger: quietLogger,
  })
  let marketplace: Marketplace | undefined
  try {
    marketplace = await startMarketplace(config)
    await tap.start()
  } catch (error) {
    await Promise.allSettled([marketplace?.close(), tap.close(), outsider.close()])
    throw error
  }
  const events = (type: string, where: (data: any) => boolean = () => true) =>
    seen.filter((s) => s.event.type === type && where(s.event.data))
  return {
    marketplace,
    api: new MarketplaceClient(marketplace.urls),
    config,
    seen,
    events,
    event: (type, where) => eventually(() => events(type, where)[0], `a ${type} event`),
    outsider,
    ns: (def) => namespaced([def], config.namespace)[0]!,
    close: async () => {
      await Promise.allSettled([marketplace.close(), tap.close(), outsider.close()])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
