/**
 * The service: consumes every event of the catalog in the group EVENT_GROUP (default
 * `event-processor`) and prints one JSON line per event; SIGINT/SIGTERM stop it gracefully.
 */

import { EventProcessor } from './services/event-processor.js'
import { kafkaService } from './services/kafka.js'

await EventProcessor.init(process.env.EVENT_GROUP)
await EventProcessor.startProcessing(async (data, meta) => {
  console.log(JSON.stringify({ received: { ...meta, data } }))
})
console.log(`event processor running (Kafka connected: ${kafkaService.isConnected})`)

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await kafkaService.disconnect()
    console.log('event processor stopped')
    process.exit(0)
  })
}
