/**
 * Seed 003's consumer example: one consumer group (`event-processor`) reading user and system
 * events. What it learns is kept in `EventProcessor.state` so the HTTP API (and the tests) can
 * show it.
 */
import { topics } from '../config.js'
import { kafkaService } from './kafka.js'

export class EventProcessor {
  /** Last login per user, user actions, and system events seen. */
  static state = { lastLogin: new Map(), actions: [], systemEvents: [], unknown: [] }

  static async init() {
    await kafkaService.init().connectConsumer('event-processor')
  }

  static async startProcessing() {
    // Subscribe to multiple topics if needed (the group restarts once with both).
    await kafkaService.subscribe(topics.userEvents, (message, context) =>
      this.handleUserEvent(message, context),
    )
    await kafkaService.subscribe(topics.systemEvents, (message, context) =>
      this.handleSystemEvent(message, context),
    )
  }

  static async handleUserEvent(message, context) {
    const { type, userId } = message
    switch (type) {
      case 'USER_LOGIN':
        await this.processUserLogin(userId, message, context)
        break
      case 'USER_ACTION':
        await this.processUserAction(userId, message)
        break
      default:
        // Not an error: another producer's event type. Errors thrown here are retried, then
        // dead-lettered to `user-events.dlq` by Spool — no hand-written retry loop needed.
        this.state.unknown.push(message)
        console.log('Unknown user event type:', type)
    }
  }

  static async handleSystemEvent(message) {
    this.state.systemEvents.push(message)
    console.log(`System event: ${message.type}`)
  }

  static async processUserLogin(userId, data, { topic, partition }) {
    // Update user last login timestamp, send welcome notifications, update analytics…
    this.state.lastLogin.set(userId, { at: data.timestamp, ip: data.ip, topic, partition })
    console.log(`Processing login for user: ${userId}`)
  }

  static async processUserAction(userId, data) {
    this.state.actions.push({ userId, action: data.action })
  }
}
