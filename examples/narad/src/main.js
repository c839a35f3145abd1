/**
 * `npm start`: Narad on the embedded broker (or on KAFKA_BROKERS), with a graceful Ctrl-C.
 */
import { startNarad } from './app.js'
import { devBroker } from './dev-broker.js'

const broker = await devBroker()
const narad = await startNarad({
  kafka: broker.brokers ? { brokers: broker.brokers } : {},
  port: Number(process.env.PORT ?? 3003),
})
console.log(`Narad listening on ${narad.url}`)
console.log(`  curl ${narad.url}/health/kafka`)
console.log(
  `  curl -X POST ${narad.url}/orders -H 'content-type: application/json' -d '{"customerId":"c1","items":[{"sku":"book","qty":2,"price":12.5}]}'`,
)

process.on('SIGINT', async () => {
  console.log('Shutting down gracefully...')
  await narad.stop()
  await broker.stop()
  process.exit(0)
})
