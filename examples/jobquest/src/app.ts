/**
 * JobQuest on Spool: the bus with the seed's catalog, `serverKafka`, `kafkaConsumer` with the
 * progress engine on it, the activity logger and notification integrations, and one HTTP server —
 * Spool's gateway, which serves seed 004's API (POST/GET /api/kafka/events, GET/POST
 * /api/kafka/status), the admin API, the live stream and the console, plus JobQuest's own routes.
 */
import { type Bus, createBus } from '@spool/bus'
import type { Catalog } from '@spool/catalog'
import { createGateway, type Gateway } from '@spool/gateway'
import { type JobQuestInput, type JobQuestOptions, resolveJobQuestOptions } from './config.ts'
import { type JobQuestDefinition, jobQuestCatalog } from './events/catalog.ts'
import { registerGameHandlers } from './game/handlers.ts'
import { ProgressEngine } from './game/progress-engine.ts'
import { ProgressStore } from './game/progress-store.ts'
import { appRoutes } from './http/routes.ts'
import { installSession } from './http/session.ts'
import { ActivityLogger } from './lib/activity-logger.ts'
import { KafkaConsumer } from './lib/kafka-consumer.ts'
import { ServerKafka } from './lib/kafka-server.ts'
import { NotificationService } from './lib/notifications.ts'
import { StateDb } from './state/state-db.ts'

/** A running JobQuest. */
export interface JobQuest {
  /** Where the HTTP API (and the console) is served: `http://127.0.0.1:3000`. */
  readonly url: string
  readonly options: Readonly<JobQuestOptions>
  readonly catalog: Catalog<JobQuestDefinition>
  readonly bus: Bus
  readonly gateway: Gateway
  readonly serverKafka: ServerKafka
  readonly kafkaConsumer: KafkaConsumer
  readonly activityLogger: ActivityLogger
  readonly notifications: NotificationService
  readonly progress: ProgressStore
  /** Stops serving HTTP, then the consumer (finishing what it holds), then flushes and disconnects. */
  stop(): Promise<void>
}

/**
 * Builds and starts JobQuest: connects to Kafka, starts `kafkaConsumer` (unless
 * `startConsumer: false`) and listens.
 *
 * @example
 * const app = await startJobQuest({ kafka: { brokers: ['127.0.0.1:9092'] }, port: 3000 })
 * await app.serverKafka.publishMissionCompleted('u1', 'm1', 'Focus Session', 'FOCUS', 25, 50)
 * await app.stop()
 */
export async function startJobQuest(input: JobQuestInput = {}): Promise<JobQuest> {
  const options = resolveJobQuestOptions(input)
  const catalog = jobQuestCatalog(options.namespace)
  const bus = createBus({
    ...options.kafka,
    ...(options.logger ? { logger: options.logger } : {}),
    catalog,
  })
  const log = bus.log.child({ component: 'jobquest' })
  const group = options.namespace === '' ? options.group : `${options.namespace}.${options.group}`

  const serverKafka = new ServerKafka(bus, log)
  const kafkaConsumer = new KafkaConsumer(bus, { group, log })
  const db = StateDb.open(options.dataPath ?? ':memory:')
  const history = { historyPerUser: options.historyPerUser }
  const notifications = new NotificationService(serverKafka, db, history)
  const activityLogger = new ActivityLogger(serverKafka, db, history)
  const progress = new ProgressStore(db)
  registerGameHandlers({
    kafkaConsumer,
    serverKafka,
    notifications,
    engine: new ProgressEngine(progress, db),
    store: progress,
  })

  const gateway = createGateway({ ...options.gateway, bus, host: options.host, port: options.port })
  installSession(gateway, bus)
  gateway.register(appRoutes({ store: progress, activityLogger, notifications }))

  try {
    await bus.connect()
    if (options.startConsumer) await kafkaConsumer.start()
    const url = await gateway.listen({ host: options.host, port: options.port })
    log.info({ url, group, topics: catalog.topics() }, 'JobQuest is up')
    let stopping: Promise<void> | undefined
    return {
      url,
      options,
      catalog,
      bus,
      gateway,
      serverKafka,
      kafkaConsumer,
      activityLogger,
      notifications,
      progress,
      stop: () => {
        stopping ??= (async () => {
          await gateway.close()
          await bus.close()
          db.close()
        })()
        return stopping
      },
    }
  } catch (error) {
    await gateway.close().catch(() => {})
    await bus.close().catch(() => {})
    db.close()
    throw error
  }
}
