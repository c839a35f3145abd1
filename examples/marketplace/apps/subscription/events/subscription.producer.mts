/** Seed 002's `SubscriptionProducer`: the subscription service's events, one method each. */
import { Injectable } from '@nestjs/common'
import { type EventPayload, EventsClient } from '../../../libs/common/events.client.mts'
import { SUBSCRIPTION_EVENTS } from '../../../libs/common/kafka.events.ts'

@Injectable()
export class SubscriptionProducer {
  readonly #events: EventsClient

  constructor(events: EventsClient) {
    this.#events = events
  }

  emitSubscriptionCreated(event: EventPayload<typeof SUBSCRIPTION_EVENTS.CREATED>) {
    return this.#events.emit(SUBSCRIPTION_EVENTS.CREATED, event)
  }

  emitSubscriptionUpdated(event: EventPayload<typeof SUBSCRIPTION_EVENTS.UPDATED>) {
    return this.#events.emit(SUBSCRIPTION_EVENTS.UPDATED, event)
  }

  emitSubscriptionCancelled(event: EventPayload<typeof SUBSCRIPTION_EVENTS.CANCELLED>) {
    return this.#events.emit(SUBSCRIPTION_EVENTS.CANCELLED, event)
  }

  emitTierCreated(event: EventPayload<typeof SUBSCRIPTION_EVENTS.TIER_CREATED>) {
    return this.#events.emit(SUBSCRIPTION_EVENTS.TIER_CREATED, event)
  }
}
