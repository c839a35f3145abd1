/**
 * One command, no Docker: when KAFKA_BROKERS is not set, Narad starts Spool's embedded broker in
 * its own process (persisted under .spool/broker) and connects to it. Set KAFKA_BROKERS to use a
 * real cluster instead.
 */
import { startBroker } from '@spool/broker'

/**
 * @returns the broker addresses to connect to and a function that stops what was started.
 * @example
 * const { brokers, stop } = await devBroker()
 */
export async function devBroker(env = process.env) {
  if (env.KAFKA_BROKERS || env.KAFKA_BROKER) return { brokers: undefined, stop: async () => {} }
  const port = Number(env.SPOOL_BROKER_PORT ?? 9092)
  try {
    const broker = await startBroker({ port, dataDir: env.SPOOL_DATA_DIR ?? '.spool/broker' })
    console.log(`Embedded Kafka-compatible broker on ${broker.bootstrap} (set KAFKA_BROKERS to use another)`)
    return { brokers: [broker.bootstrap], stop: () => broker.stop() }
  } catch (error) {
    if (error.code === 'SPOOL_ERR_LISTEN') {
      error.message += `\nPort ${port} is taken. If a broker already runs there (spool dev, another example), use it: KAFKA_BROKERS=127.0.0.1:${port} npm start; or pick another port: SPOOL_BROKER_PORT=9093 npm start`
    }
    throw error
  }
}
