/**
 * `npm start`: JobQuest on the embedded broker (or on KAFKA_BROKERS), its API and the console on
 * http://127.0.0.1:3000, a graceful Ctrl-C.
 */
import { startJobQuest } from './app.ts'
import { jobQuestOptionsFromEnv } from './config.ts'
import { readableLogger } from './console-log.ts'
import { devBroker } from './dev-broker.ts'

const broker = await devBroker()
const fromEnv = jobQuestOptionsFromEnv()
const app = await startJobQuest({
  ...fromEnv,
  // Next to the broker's data: the consumer resumes from committed offsets, the game state from here.
  dataPath: fromEnv.dataPath ?? '.spool/jobquest.db',
  logger: readableLogger(process.env.LOG_LEVEL ?? 'info'),
  kafka: { ...fromEnv.kafka, ...(broker.brokers ? { brokers: broker.brokers } : {}) },
})
const where = broker.brokers
  ? `the embedded broker at ${broker.brokers[0]}`
  : app.bus.options.brokers.join(',')
const u = app.url
console.log(`
JobQuest is running on Kafka at ${where}

  console          ${u}/              topics, messages, consumer groups, produce form
  event catalog    curl ${u}/api/kafka/events
  consumer status  curl ${u}/api/kafka/status

  complete a mission (seed 004's POST /api/kafka/events; x-user-id stands in for the session):
    curl -X POST ${u}/api/kafka/events -H 'content-type: application/json' -H 'x-user-id: ada' \\
      -d '{"eventType":"mission.completed","data":{"missionId":"mission_123","missionName":"Focus Session","missionType":"FOCUS","duration":25,"xpEarned":120}}'
  then see XP, the level up and the "First Steps" achievement:
    curl ${u}/api/users/ada/progress
    curl ${u}/api/users/ada/activity
  watch a user's notifications live:
    curl -N '${u}/api/kafka/stream?types=notification.sent&userId=ada'
  stop / start the consumer:
    curl -X POST ${u}/api/kafka/status -H 'content-type: application/json' -d '{"action":"stop"}'
`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return
    stopping = true
    console.log('Shutting down gracefully...')
    await app.stop()
    await broker.stop()
    process.exit(0)
  })
}
