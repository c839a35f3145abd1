/**
 * Seed 004's eight topics and eighteen event types, as constants both sides share.
 *
 * The seed names `user-activities` ("general user activities and interactions") without giving it
 * an event type; sign-ins and sign-outs are exactly that, so `user.login` and `user.logout` live
 * there, while `user.registered` and `system.error` stay on `system-events`.
 */

/** Topic names, as in the seed. */
export const TOPICS = {
  USER_ACTIVITIES: 'user-activities',
  NOTIFICATIONS: 'notifications',
  ACHIEVEMENTS: 'achievements',
  DAILY_CHALLENGES: 'daily-challenges',
  JOB_APPLICATIONS: 'job-applications',
  LEARNING_PROGRESS: 'learning-progress',
  MISSION_EVENTS: 'mission-events',
  SYSTEM_EVENTS: 'system-events',
} as const

export type Topic = (typeof TOPICS)[keyof typeof TOPICS]

/** Event types, as in the seed. */
export const EVENT_TYPES = {
  MISSION_STARTED: 'mission.started',
  MISSION_COMPLETED: 'mission.completed',
  MISSION_FAILED: 'mission.failed',
  JOB_APPLIED: 'job.applied',
  JOB_STATUS_UPDATED: 'job.status.updated',
  ACHIEVEMENT_UNLOCKED: 'achievement.unlocked',
  LEVEL_UP: 'level.up',
  XP_EARNED: 'xp.earned',
  DAILY_CHALLENGE_COMPLETED: 'daily.challenge.completed',
  DAILY_CHALLENGE_AVAILABLE: 'daily.challenge.available',
  LEARNING_STARTED: 'learning.started',
  LEARNING_COMPLETED: 'learning.completed',
  NOTIFICATION_SENT: 'notification.sent',
  NOTIFICATION_READ: 'notification.read',
  USER_REGISTERED: 'user.registered',
  USER_LOGIN: 'user.login',
  USER_LOGOUT: 'user.logout',
  SYSTEM_ERROR: 'system.error',
} as const
