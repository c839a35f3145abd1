/**
 * `node src/publish.js <event type> '<JSON data>'`: publishes one event and prints its receipt as
 * JSON. A `user.login` or `user.action` goes through UserEventService, as the seed's code does.
 */
import { catalog } from './events.js'
import { kafkaService } from './services/kafka.js'
import { UserEventService } from './services/user-events.js'

const [type, json = '{}'] = process.argv.slice(2)
const event = catalog.find((e) => e.type === type)
if (event === undefined) {
  console.error(`unknown event type ${type}; one of ${catalog.map((e) => e.type).join(', ')}`)
  process.exit(2)
}
const data = JSON.parse(json)
await UserEventService.init()
try {
  let receipt
  if (type === 'user.login') {
    const { userId, ...metadata } = data
    receipt = await UserEventService.publishUserLogin(userId, metadata)
  } else if (type === 'user.action') {
    receipt = await UserEventService.publishUserAction(data.userId, data.action, data.data)
  } else {
    receipt = await kafkaService.send(event, data)
  }
  // Offsets are bigints, which JSON has no number for.
  console.log(JSON.stringify(receipt, (_key, value) => (typeof value === 'bigint' ? String(value) : value)))
} catch (error) {
  console.error(`${error.code ?? error.name}: ${error.message}`)
  process.exitCode = 1
} finally {
  await kafkaService.disconnect()
}
