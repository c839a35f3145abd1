/**
 * One command, no Docker: unless KAFKA_BROKERS (or the seed's KAFKA_BROKER) is set, JobQuest
 * starts Spool's embedded Kafka-compatible broker in its own process, persisted under
 * `.spool/broker`, replacing the seed's docker-compose of ZooKeeper, Kafka and Kafka UI.
 */
import { startBroker } from '@spool/broker'

export interface DevBroker {
  /** Bootstrap addresses to connect to; undefined = use KAFKA_BROKERS. */
  brokers: string[] | undefined
  stop(): Promise<void>
}

/**
 * @example
 * const broker = await devBroker()
 * const app = await startJobQuest({ kafka: broker.brokers ? { brokers: broker.brokers } : {} })
 */
export async function devBroker(env: NodeJS.ProcessEnv = process.env): Promise<DevBroker> {
  if (env.KAFKA_BROKERS || env.KAFKA_BROKER) return { brokers: undefined, stop: async () => {} }
  const port = Number(env.SPOOL_BROKER_PORT ?? 9092)
  try {
    const broker = await startBroker({
      port,
      dataDir: env.SPOOL_DATA_DIR ?? '.spool/broker',
      defaultPartitions: 3,
    })
    return { brokers: [broker.bootstrap], stop: () => broker.stop() }
  } catch (error) {
    const e = error as { code?: string; message: string }
    if (e.code === 'SPOOL_ERR_LISTEN') {
      e.message +=
        `\nPort ${port} is taken. If a broker already runs there (spool dev, another example), use it: ` +
        `KAFKA_BROKERS=127.0.0.1:${port} npm start; or pick another port: SPOOL_BROKER_PORT=9093 npm start`
    }
    throw error
  }
}
