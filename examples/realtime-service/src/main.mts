/**
 * `npm start`: compiles (tsc) and runs the realtime service on the embedded broker (or on
 * KAFKA_BROKERS), with a graceful Ctrl-C.
 */
import { createApp } from './app.mts'
import { devBroker } from './dev-broker.mts'

const broker = await devBroker()
const app = await createApp({
  // The seed's .env values as defaults; the real environment wins.
  env: { KAFKA_CLIENT_ID: 'realtime-service', ...process.env },
  ...(broker.brokers ? { brokers: broker.brokers } : {}),
})
await app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1')
const url = await app.getUrl()
console.log(`Realtime service listening on ${url} (WebSocket: ${url.replace('http', 'ws')}/ws?userId=<id>)`)
console.log(`  curl ${url}/health`)
console.log(
  `  curl -X POST ${url}/notifications/session-starting-soon -H 'content-type: application/json' -d '{"sessionId":"s1","userIds":["u1"],"message":"Your session starts in 5 minutes","scheduledTime":"${new Date(Date.now() + 300_000).toISOString()}"}'`,
)

process.once('SIGINT', async () => {
  console.log('Shutting down gracefully...')
  await app.close() // consumers finish and commit, the producer flushes, sockets close
  await broker.stop()
  process.exit(0)
})
