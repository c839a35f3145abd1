/**
 * Seed 004's notification integration: `show()` puts a notification in the user's inbox and
 * publishes `notification.sent`; `markRead()` publishes `notification.read`. Browsers get them
 * live from the gateway's stream (`GET /api/kafka/stream?types=notification.sent&userId=u1`).
 */
import { randomUUID } from 'node:crypto'
import type { DataOf } from '../events/catalog.ts'
import type { StateDb } from '../state/state-db.ts'
import type { ServerKafka } from './kafka-server.ts'
import { UserHistory } from './user-history.ts'

export type NotificationType = DataOf<'notification.sent'>['notificationType']

export interface Notification {
  id: string
  userId: string
  type: NotificationType
  title: string
  message: string
  sentAt: string
  read: boolean
}

/**
 * @example
 * const notifications = new NotificationService(serverKafka, StateDb.open(':memory:'))
 * await notifications.show('u1', { type: 'success', title: 'Saved', message: 'Your CV is saved' })
 */
export class NotificationService {
  readonly #kafka: ServerKafka
  readonly #inbox: UserHistory<Notification>

  constructor(serverKafka: ServerKafka, db: StateDb, options: { historyPerUser?: number } = {}) {
    this.#kafka = serverKafka
    this.#inbox = new UserHistory('notifications', db, options.historyPerUser ?? 100)
  }

  /**
   * Shows a notification and publishes `notification.sent`. Showing the same `id` again (a
   * consumer retrying) adds nothing to the inbox and publishes an event with the same id.
   */
  async show(
    userId: string,
    notification: { type: NotificationType; title: string; message: string },
    options: { id?: string } = {},
  ): Promise<Notification> {
    const id = options.id ?? `n_${randomUUID()}`
    const shown =
      this.#inbox.find(userId, (n) => n.id === id) ??
      ({ id, userId, ...notification, sentAt: new Date().toISOString(), read: false } satisfies Notification)
    // Published before it is kept: an invalid notification (an empty title) is refused, not shown.
    await this.#kafka.publishNotificationSent(userId, id, shown.type, shown.title, shown.message, { id })
    if (!this.#inbox.find(userId, (n) => n.id === id)) this.#inbox.add(userId, shown)
    return { ...shown }
  }

  /** Marks a notification read and publishes `notification.read`; false when the user has no such notification. */
  async markRead(userId: string, notificationId: string): Promise<boolean> {
    const notification = this.#inbox.find(userId, (n) => n.id === notificationId)
    if (!notification) return false
    if (!notification.read) {
      await this.#kafka.publishNotificationRead(userId, notificationId)
      this.#inbox.update(
        userId,
        (n) => n.id === notificationId,
        (n) => {
          n.read = true
        },
      )
    }
    return true
  }

  list(userId: string): Notification[] {
    return this.#inbox.list(userId).map((n) => ({ ...n }))
  }
}
