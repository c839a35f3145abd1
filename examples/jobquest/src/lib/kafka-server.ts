/**
 * Seed 004's `serverKafka`: the server-side producer with one typed function per event type.
 * Every function validates its data against the catalog's zod schema, wraps it in a CloudEvent
 * whose subject (and Kafka key) is the user, and resolves once Kafka acknowledged it — or once
 * the offline spool holds it while Kafka is unreachable.
 */
import type { Bus, PublishedEvent } from '@spool/bus'
import type { Logger } from 'pino'
import { JobQuestError, jobQuestErrorCodes } from '../errors.ts'
import type { Metadata } from '../events/base-event.ts'
import type { EventType, InputOf } from '../events/catalog.ts'
import { EVENT_TYPES } from '../events/topics.ts'

/** Optional extras of every publish: seed metadata (CloudEvents extensions), a fixed id or time. */
export interface PublishExtras {
  metadata?: Metadata
  /** CloudEvents id; derived events use ids made from their cause, so a redelivery is a duplicate. */
  id?: string
  time?: string | Date
}

type D<T extends EventType> = InputOf<T>

/**
 * @example
 * const serverKafka = new ServerKafka(bus, logger)
 * await serverKafka.publishMissionCompleted(userId, missionId, missionName, missionType, duration, xpEarned)
 */
export class ServerKafka {
  readonly #bus: Bus
  readonly #log: Logger

  constructor(bus: Bus, log: Logger) {
    this.#bus = bus
    this.#log = log
  }

  /** Publishes any catalog event about `userId` (what POST /api/kafka/events does). */
  async publishEvent<T extends EventType>(
    type: T,
    userId: string,
    data: InputOf<T>,
    extras: PublishExtras = {},
  ): Promise<PublishedEvent> {
    if (typeof userId !== 'string' || userId === '') {
      throw new JobQuestError(jobQuestErrorCodes.NO_USER, `${type}: userId must be a non-empty string`)
    }
    try {
      const published = await this.#bus.publish(type, data as never, {
        subject: userId,
        key: userId,
        extensions: extras.metadata,
        id: extras.id,
        time: extras.time,
      })
      this.#log.info(
        { id: published.id, partition: published.partition, spooled: published.spooled },
        `Published event ${type} to topic ${published.topic} for user ${userId}`,
      )
      return published
    } catch (error) {
      this.#log.error({ err: error }, `Failed to publish event ${type}: ${(error as Error).message}`)
      throw error
    }
  }

  // Missions

  publishMissionStarted(
    userId: string,
    missionId: string,
    missionName: string,
    missionType: string,
    duration: number,
    extras?: PublishExtras,
  ) {
    const data: D<'mission.started'> = { missionId, missionName, missionType, duration }
    return this.publishEvent(EVENT_TYPES.MISSION_STARTED, userId, data, extras)
  }

  publishMissionCompleted(
    userId: string,
    missionId: string,
    missionName: string,
    missionType: string,
    duration: number,
    xpEarned: number,
    extras?: PublishExtras,
  ) {
    const data: D<'mission.completed'> = { missionId, missionName, missionType, duration, xpEarned }
    return this.publishEvent(EVENT_TYPES.MISSION_COMPLETED, userId, data, extras)
  }

  publishMissionFailed(
    userId: string,
    missionId: string,
    missionName: string,
    missionType: string,
    reason: string,
    extras?: PublishExtras,
  ) {
    const data: D<'mission.failed'> = { missionId, missionName, missionType, reason }
    return this.publishEvent(EVENT_TYPES.MISSION_FAILED, userId, data, extras)
  }

  // Job applications

  publishJobApplied(
    userId: string,
    jobId: string,
    jobTitle: string,
    company: string,
    extras?: PublishExtras,
  ) {
    const data: D<'job.applied'> = { jobId, jobTitle, company }
    return this.publishEvent(EVENT_TYPES.JOB_APPLIED, userId, data, extras)
  }

  publishJobStatusUpdated(
    userId: string,
    jobId: string,
    jobTitle: string,
    previousStatus: D<'job.status.updated'>['previousStatus'],
    newStatus: D<'job.status.updated'>['newStatus'],
    extras?: PublishExtras,
  ) {
    const data: D<'job.status.updated'> = { jobId, jobTitle, previousStatus, newStatus }
    return this.publishEvent(EVENT_TYPES.JOB_STATUS_UPDATED, userId, data, extras)
  }

  // Achievements, levels, XP

  publishAchievementUnlocked(
    userId: string,
    achievementId: string,
    achievementName: string,
    description: string,
    extras?: PublishExtras,
  ) {
    const data: D<'achievement.unlocked'> = { achievementId, achievementName, description }
    return this.publishEvent(EVENT_TYPES.ACHIEVEMENT_UNLOCKED, userId, data, extras)
  }

  publishLevelUp(
    userId: string,
    previousLevel: number,
    newLevel: number,
    totalXp: number,
    extras?: PublishExtras,
  ) {
    const data: D<'level.up'> = { previousLevel, newLevel, totalXp }
    return this.publishEvent(EVENT_TYPES.LEVEL_UP, userId, data, extras)
  }

  publishXpEarned(
    userId: string,
    amount: number,
    source: D<'xp.earned'>['source'],
    sourceId: string,
    totalXp: number,
    extras?: PublishExtras,
  ) {
    const data: D<'xp.earned'> = { amount, source, sourceId, totalXp }
    return this.publishEvent(EVENT_TYPES.XP_EARNED, userId, data, extras)
  }

  // Daily challenges

  publishDailyChallengeCompleted(
    userId: string,
    challengeId: string,
    challengeName: string,
    xpEarned: number,
    extras?: PublishExtras,
  ) {
    const data: D<'daily.challenge.completed'> = { challengeId, challengeName, xpEarned }
    return this.publishEvent(EVENT_TYPES.DAILY_CHALLENGE_COMPLETED, userId, data, extras)
  }

  publishDailyChallengeAvailable(
    userId: string,
    challengeId: string,
    challengeName: string,
    description: string,
    xpReward: number,
    expiresAt: string,
    extras?: PublishExtras,
  ) {
    const data: D<'daily.challenge.available'> = {
      challengeId,
      challengeName,
      description,
      xpReward,
      expiresAt,
    }
    return this.publishEvent(EVENT_TYPES.DAILY_CHALLENGE_AVAILABLE, userId, data, extras)
  }

  // Learning

  publishLearningStarted(
    userId: string,
    resourceId: string,
    resourceTitle: string,
    resourceType: D<'learning.started'>['resourceType'],
    extras?: PublishExtras,
  ) {
    const data: D<'learning.started'> = { resourceId, resourceTitle, resourceType }
    return this.publishEvent(EVENT_TYPES.LEARNING_STARTED, userId, data, extras)
  }

  publishLearningCompleted(
    userId: string,
    resourceId: string,
    resourceTitle: string,
    resourceType: D<'learning.completed'>['resourceType'],
    timeSpent: number,
    xpEarned: number,
    extras?: PublishExtras,
  ) {
    const data: D<'learning.completed'> = { resourceId, resourceTitle, resourceType, timeSpent, xpEarned }
    return this.publishEvent(EVENT_TYPES.LEARNING_COMPLETED, userId, data, extras)
  }

  // Notifications

  publishNotificationSent(
    userId: string,
    notificationId: string,
    notificationType: D<'notification.sent'>['notificationType'],
    title: string,
    message: string,
    extras?: PublishExtras,
  ) {
    const data: D<'notification.sent'> = { notificationId, notificationType, title, message }
    return this.publishEvent(EVENT_TYPES.NOTIFICATION_SENT, userId, data, extras)
  }

  publishNotificationRead(userId: string, notificationId: string, extras?: PublishExtras) {
    return this.publishEvent(EVENT_TYPES.NOTIFICATION_READ, userId, { notificationId }, extras)
  }

  // System

  publishUserRegistered(userId: string, email: string, username: string, extras?: PublishExtras) {
    return this.publishEvent(EVENT_TYPES.USER_REGISTERED, userId, { email, username }, extras)
  }

  publishUserLogin(userId: string, method: D<'user.login'>['method'], extras?: PublishExtras) {
    return this.publishEvent(EVENT_TYPES.USER_LOGIN, userId, { method }, extras)
  }

  publishUserLogout(userId: string, reason: D<'user.logout'>['reason'] = 'user', extras?: PublishExtras) {
    return this.publishEvent(EVENT_TYPES.USER_LOGOUT, userId, { reason }, extras)
  }

  publishSystemError(
    userId: string,
    errorCode: string,
    message: string,
    context?: D<'system.error'>['context'],
    extras?: PublishExtras,
  ) {
    const data: D<'system.error'> = { errorCode, message, ...(context ? { context } : {}) }
    return this.publishEvent(EVENT_TYPES.SYSTEM_ERROR, userId, data, extras)
  }
}
