/**
 * How the game hangs on `kafkaConsumer`: what users do feeds the progress engine, whose results
 * are published; level ups and achievements (the engine's, or any other publisher's) become
 * notifications.
 */
import type { EventType } from '../events/catalog.ts'
import type { KafkaConsumer } from '../lib/kafka-consumer.ts'
import type { ServerKafka } from '../lib/kafka-server.ts'
import type { NotificationService } from '../lib/notifications.ts'
import type { ProgressEngine } from './progress-engine.ts'
import type { ProgressStore } from './progress-store.ts'

/** The events that change a user's progress. */
export const progressEvents = [
  'mission.started',
  'mission.completed',
  'mission.failed',
  'daily.challenge.completed',
  'learning.completed',
  'job.applied',
  'job.status.updated',
] as const satisfies readonly EventType[]

export interface GameDeps {
  kafkaConsumer: KafkaConsumer
  serverKafka: ServerKafka
  notifications: NotificationService
  engine: ProgressEngine
  store: ProgressStore
}

/**
 * @example
 * registerGameHandlers({ kafkaConsumer, serverKafka, notifications, engine, store })
 * await kafkaConsumer.start()
 */
export function registerGameHandlers(deps: GameDeps): void {
  const { kafkaConsumer, serverKafka, notifications, engine, store } = deps

  for (const type of progressEvents) {
    kafkaConsumer.registerEventHandler(type, async (event) => {
      // In order, on the user's key: xp.earned before the level.up it caused.
      for (const derived of engine.apply(event)) {
        await serverKafka.publishEvent(derived.type, event.userId, derived.data as never, { id: derived.id })
      }
    })
  }

  kafkaConsumer.registerEventHandler('level.up', async (event) => {
    const { newLevel, totalXp } = event.data
    await notifications.show(
      event.userId,
      {
        type: 'level-up',
        title: `Level ${newLevel}!`,
        message: `You reached level ${newLevel} with ${totalXp} XP.`,
      },
      { id: `${event.id}:notification` },
    )
  })

  kafkaConsumer.registerEventHandler('achievement.unlocked', async (event) => {
    const { achievementId, achievementName, description } = event.data
    // Already there when the engine awarded it; new when another publisher granted it.
    store.unlock(event.userId, {
      id: achievementId,
      name: achievementName,
      description,
      unlockedAt: event.timestamp,
    })
    await notifications.show(
      event.userId,
      { type: 'achievement', title: `Achievement unlocked: ${achievementName}`, message: description },
      { id: `${event.id}:notification` },
    )
  })
}
