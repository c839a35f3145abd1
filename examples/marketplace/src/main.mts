/**
 * `npm start`: the embedded Kafka-compatible broker (unless KAFKA_BROKERS names a cluster), the
 * four services, and a narrated tour of every flow. Ctrl-C stops everything gracefully.
 */
import { startBroker } from '@spool/broker'
import { configFromEnv } from '../libs/common/config.ts'
import { startMarketplace } from './marketplace.mts'
import { runTour } from './tour.ts'

const { marketplace: config, kafkaBrokers, brokerPort, tour } = configFromEnv()

let broker: Awaited<ReturnType<typeof startBroker>> | undefined
if (kafkaBrokers === undefined) {
  try {
    broker = await startBroker({ port: brokerPort })
  } catch (error) {
    if ((error as { code?: string }).code !== 'SPOOL_ERR_LISTEN') throw error
    console.warn(`port ${brokerPort} is taken; the embedded broker listens on a free port instead`)
    broker = await startBroker({ port: 0 })
  }
  config.bus = { ...config.bus, brokers: [broker.bootstrap] }
  console.log(`Embedded Kafka-compatible broker on ${broker.bootstrap} (in memory)`)
} else {
  console.log(`Kafka at ${kafkaBrokers}`)
}

const marketplace = await startMarketplace(config)
const stop = async () => {
  console.log('\nStopping: handlers finish, offsets commit, producers flush…')
  await marketplace.close()
  await broker?.stop()
  process.exit(0)
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)

console.log('\nThe marketplace is up:')
for (const [name, url] of Object.entries(marketplace.urls)) console.log(`  ${name.padEnd(13)} ${url}`)

if (tour) await runTour(marketplace, config)
console.log('\nCtrl-C to stop.')
