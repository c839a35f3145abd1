/**
 * Notifications and system events: what the notification service shows, and the account and
 * error events of the platform.
 */
import { defineEvent } from '@spool/catalog'
import { z } from 'zod'
import { EVENT_TYPES, TOPICS } from './topics.ts'

const id = z.string().min(1).max(200)

/** The kinds of notification the app shows. */
export const notificationTypes = ['success', 'info', 'warning', 'error', 'achievement', 'level-up'] as const

export const NotificationSent = defineEvent({
  type: EVENT_TYPES.NOTIFICATION_SENT,
  topic: TOPICS.NOTIFICATIONS,
  description: 'Published when a notification is sent to a user',
  schema: z.object({
    notificationId: id,
    notificationType: z.enum(notificationTypes),
    title: z.string().min(1).max(300),
    message: z.string().max(2_000),
  }),
  example: {
    notificationId: 'n_1',
    notificationType: 'achievement',
    title: 'Achievement unlocked: First Steps',
    message: 'Complete your first mission',
  },
})

export const NotificationRead = defineEvent({
  type: EVENT_TYPES.NOTIFICATION_READ,
  topic: TOPICS.NOTIFICATIONS,
  description: 'Published when a user reads a notification',
  schema: z.object({ notificationId: id }),
  example: { notificationId: 'n_1' },
})

export const UserRegistered = defineEvent({
  type: EVENT_TYPES.USER_REGISTERED,
  topic: TOPICS.SYSTEM_EVENTS,
  description: 'Published when a new user registers',
  schema: z.object({ email: z.email(), username: z.string().min(1).max(100) }),
  example: { email: 'ada@example.com', username: 'ada' },
})

export const UserLogin = defineEvent({
  type: EVENT_TYPES.USER_LOGIN,
  topic: TOPICS.USER_ACTIVITIES,
  description: 'Published when a user logs in',
  schema: z.object({ method: z.enum(['password', 'oauth', 'magic-link']) }),
  example: { method: 'password' },
})

export const UserLogout = defineEvent({
  type: EVENT_TYPES.USER_LOGOUT,
  topic: TOPICS.USER_ACTIVITIES,
  description: 'Published when a user logs out',
  schema: z.object({ reason: z.enum(['user', 'expired']).default('user') }),
  example: { reason: 'user' },
})

export const SystemError = defineEvent({
  type: EVENT_TYPES.SYSTEM_ERROR,
  topic: TOPICS.SYSTEM_EVENTS,
  description: "Published when a system error occurs (userId is the affected user, or 'system')",
  schema: z.object({
    errorCode: z.string().min(1).max(100),
    message: z.string().min(1).max(2_000),
    context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
  example: { errorCode: 'RESUME_PARSE_FAILED', message: 'Could not read the uploaded CV' },
})
