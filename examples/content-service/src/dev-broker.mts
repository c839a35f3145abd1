/**
 * One command, no Docker: when KAFKA_BROKERS is not set, the service starts Spool's embedded
 * Kafka-compatible broker in its own process (persisted under .spool/broker) and connects to it.
 */
import { startBroker } from '@spool/broker'

export interface DevBroker {
  /** Addresses to connect to, or undefined to use KAFKA_BROKERS. */
  brokers: string[] | undefined
  stop(): Promise<void>
}

export async function devBroker(env: NodeJS.ProcessEnv = process.env): Promise<DevBroker> {
  if (env.KAFKA_BROKERS || env.KAFKA_BROKER) return { brokers: undefined, stop: async () => {} }
  const port = Number(env.SPOOL_BROKER_PORT ?? 9092)
  try {
    const broker = await startBroker({ port, dataDir: env.SPOOL_DATA_DIR ?? '.spool/broker' })
    console.log(`Embedded Kafka-compatible broker on ${broker.bootstrap} (set KAFKA_BROKERS to use another)`)
    return { brokers: [broker.bootstrap], stop: () => broker.stop() }
  } catch (error) {
    if ((error as { code?: string }).code === 'SPOOL_ERR_LISTEN') {
      ;(error as Error).message +=
        `\nPort ${port} is taken. If a broker already runs there (spool dev, another example), use it: KAFKA_BROKERS=127.0.0.1:${port} npm start; or move this one: SPOOL_BROKER_PORT=9093 npm start`
    }
    throw error
  }
}
