/**
 * `npm start`: compiles (tsc) and runs the content service on the embedded broker (or on
 * KAFKA_BROKERS), with a graceful Ctrl-C.
 */
import { createApp } from './app.mts'
import { devBroker } from './dev-broker.mts'

const broker = await devBroker()
const app = await createApp({
  // The seed's .env values as defaults; the real environment wins.
  env: { KAFKA_CLIENT_ID: 'content-service', ...process.env },
  ...(broker.brokers ? { brokers: broker.brokers } : {}),
})
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1')
const url = (await app.getUrl()).replace('[::1]', 'localhost')
console.log(`Content service listening on ${url}`)
console.log(`  curl ${url}/health`)
console.log(
  `  curl -X POST ${url}/quizzes -H 'x-user-id: teacher-1' -H 'content-type: application/json' -d '{"title":"Arrays","difficulty":"easy","questions":[{"prompt":"[].length?","choices":["0","1"],"answer":0}]}'`,
)

process.once('SIGINT', async () => {
  console.log('Shutting down gracefully...')
  await app.close() // consumers finish and commit, the producer flushes
  await broker.stop()
  process.exit(0)
})
