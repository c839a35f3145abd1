/** Seed 003's producer example: user events published through `kafkaService`. */
import { topics } from '../config.js'
import { kafkaService } from './kafka.js'

export class UserEventService {
  static async init() {
    await kafkaService.init().connectProducer()
  }

  static async publishUserLogin(userId, metadata = {}) {
    const event = {
      type: 'USER_LOGIN',
      userId,
      timestamp: new Date().toISOString(),
      ...metadata,
    }
    // Keyed by user: one user's events stay in order.
    await kafkaService.send(topics.userEvents, event, { key: userId })
    console.log(`Published login event for user: ${userId}`)
    return event
  }

  static async publishUserAction(userId, action, data = {}) {
    const event = {
      type: 'USER_ACTION',
      userId,
      action,
      data,
      timestamp: new Date().toISOString(),
    }
    await kafkaService.send(topics.userActivity, event, { key: userId })
    return event
  }
}
