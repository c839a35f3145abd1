/**
 * Seed 004's activity logging, now publishing to Kafka: each `log…()` publishes its event
 * (through `serverKafka`, so the data is validated first) and then records the activity in the
 * user's log with the id of the event it produced.
 *
 * - logMissionStarted()      → mission.started
 * - logMissionCompleted()    → mission.completed
 * - logMissionFailed()       → mission.failed
 * - logJobApplied()          → job.applied
 * - logAchievementUnlocked() → achievement.unlocked
 */
import { randomUUID } from 'node:crypto'
import type { PublishedEvent } from '@spool/bus'
import type { DataOf, EventType } from '../events/catalog.ts'
import type { StateDb } from '../state/state-db.ts'
import type { ServerKafka } from './kafka-server.ts'
import { UserHistory } from './user-history.ts'

export interface Activity {
  id: string
  userId: string
  type: EventType
  description: string
  at: string
  /** The id of the event published for it. */
  eventId: string
  /** True when Kafka was unreachable and the event waits in the offline spool. */
  spooled: boolean
}

export type Mission = Omit<DataOf<'mission.completed'>, 'xpEarned'>
export type Job = DataOf<'job.applied'>
export type Achievement = DataOf<'achievement.unlocked'>

/**
 * @example
 * const activityLogger = new ActivityLogger(serverKafka, StateDb.open(':memory:'))
 * await activityLogger.logMissionCompleted('u1', { missionId: 'm1', missionName: 'Focus', missionType: 'FOCUS', duration: 25 }, 50)
 */
export class ActivityLogger {
  readonly #kafka: ServerKafka
  readonly #log: UserHistory<Activity>

  constructor(serverKafka: ServerKafka, db: StateDb, options: { historyPerUser?: number } = {}) {
    this.#kafka = serverKafka
    this.#log = new UserHistory('activities', db, options.historyPerUser ?? 100)
  }

  logMissionStarted(userId: string, mission: Mission): Promise<Activity> {
    const { missionId, missionName, missionType, duration } = mission
    return this.#record(
      userId,
      `Started mission "${missionName}" (${duration} min)`,
      this.#kafka.publishMissionStarted(userId, missionId, missionName, missionType, duration),
    )
  }

  logMissionCompleted(userId: string, mission: Mission, xpEarned: number): Promise<Activity> {
    const { missionId, missionName, missionType, duration } = mission
    return this.#record(
      userId,
      `Completed mission "${missionName}" (+${xpEarned} XP)`,
      this.#kafka.publishMissionCompleted(userId, missionId, missionName, missionType, duration, xpEarned),
    )
  }

  logMissionFailed(userId: string, mission: Omit<Mission, 'duration'>, reason: string): Promise<Activity> {
    const { missionId, missionName, missionType } = mission
    return this.#record(
      userId,
      `Failed mission "${missionName}": ${reason}`,
      this.#kafka.publishMissionFailed(userId, missionId, missionName, missionType, reason),
    )
  }

  logJobApplied(userId: string, job: Job): Promise<Activity> {
    return this.#record(
      userId,
      `Applied to ${job.jobTitle} at ${job.company}`,
      this.#kafka.publishJobApplied(userId, job.jobId, job.jobTitle, job.company),
    )
  }

  logAchievementUnlocked(userId: string, achievement: Achievement): Promise<Activity> {
    return this.#record(
      userId,
      `Unlocked "${achievement.achievementName}"`,
      this.#kafka.publishAchievementUnlocked(
        userId,
        achievement.achievementId,
        achievement.achievementName,
        achievement.description,
      ),
    )
  }

  /** The user's activities, oldest first. */
  list(userId: string): Activity[] {
    return this.#log.list(userId).map((a) => ({ ...a }))
  }

  async #record(userId: string, description: string, publishing: Promise<PublishedEvent>): Promise<Activity> {
    const published = await publishing
    return this.#log.add(userId, {
      id: randomUUID(),
      userId,
      type: published.type as EventType,
      description,
      at: new Date().toISOString(),
      eventId: published.id,
      spooled: published.spooled,
    })
  }
}
