/**
 * Seed 001's high-level KafkaService: application notifications out (validated by the catalog),
 * and the consumer side that forwards what arrives on `session-notifications` and
 * `concept-notifications` to the WebSocket connections of exactly the users named.
 *
 * Forwarding runs in the service's consumer group: a handler that throws is retried, then its
 * event goes to `<topic>.dlq`. With several instances of the service, give each instance its own
 * group (every instance must see every notification to reach the users connected to it).
 */
import { Injectable } from '@nestjs/common'
import { Bus, type EventContext, type PublishedEvent, type PublishReceipt } from '@spool/bus'
import type { EnvelopeOf } from '@spool/catalog'
import { SpoolHandler } from '@spool/nest'
import { RealtimeGateway } from '../realtime/realtime.gateway.mts'
import {
  ConceptMastered,
  type ConceptMasteredInput,
  SessionStartingSoon,
  type SessionStartingSoonInput,
} from './notifications.mts'

/** A message for `sendToTopic`: the value is sent as JSON. */
export interface TopicMessage {
  key?: string
  value: unknown
  headers?: Record<string, string>
}

@Injectable()
export class KafkaService {
  constructor(
    private readonly bus: Bus,
    private readonly gateway: RealtimeGateway,
  ) {}

  /** Validates and publishes to `session-notifications`; throws `ValidationError` naming bad fields. */
  sendSessionStartSoonNotification(dto: SessionStartingSoonInput): Promise<PublishedEvent> {
    return this.bus.publish(SessionStartingSoon, dto)
  }

  /** Validates and publishes to `concept-notifications`. */
  sendConceptMasteredNotification(dto: ConceptMasteredInput): Promise<PublishedEvent> {
    return this.bus.publish(ConceptMastered, dto)
  }

  /** Any topic, any JSON value (seed 001's generic producer). */
  async sendToTopic(topic: string, message: TopicMessage): Promise<PublishReceipt> {
    const [receipt] = await this.sendBatchToTopic(topic, [message])
    return receipt!
  }

  sendBatchToTopic(topic: string, messages: TopicMessage[]): Promise<PublishReceipt[]> {
    return this.bus.sendMessages(
      messages.map((m) => ({ topic, key: m.key, value: JSON.stringify(m.value), headers: m.headers })),
    )
  }

  @SpoolHandler(SessionStartingSoon)
  onSessionStartingSoon(event: EnvelopeOf<typeof SessionStartingSoon>, _context: EventContext) {
    const { sessionId, message, scheduledTime, userIds } = event.data
    // The recipients list stays on the server: a user is not told who else was notified.
    this.gateway.sendToUsers(userIds, event.type, {
      notificationId: event.id,
      sessionId,
      message,
      scheduledTime: scheduledTime.toISOString(),
    })
  }

  @SpoolHandler(ConceptMastered)
  onConceptMastered(event: EnvelopeOf<typeof ConceptMastered>, _context: EventContext) {
    const { conceptId, conceptName, masteryLevel, userIds } = event.data
    this.gateway.sendToUsers(userIds, event.type, {
      notificationId: event.id,
      conceptId,
      conceptName,
      masteryLevel,
    })
  }
}
