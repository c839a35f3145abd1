/**
 * Publishing by event type, typed from the catalog: `events.emit(PAYMENT_EVENTS.PAYMENT_COMPLETED,
 * data)` is seed 002's `client.emit(...)` with the data checked at compile time (against the
 * schema's input type) and at run time (by the bus, against the schema). It resolves once Kafka
 * acknowledged the event.
 */
import { Injectable } from '@nestjs/common'
import type { PublishedEvent, PublishOptions } from '@spool/bus'
import type { EventInput } from '@spool/catalog'
import { SpoolClient, SpoolRecord } from '@spool/nest'
import { lastValueFrom } from 'rxjs'
import type { marketplaceEvents } from './kafka.events.ts'

type MarketplaceEvent = (typeof marketplaceEvents)[number]
export type EventType = MarketplaceEvent['type']
export type EventPayload<T extends EventType> = EventInput<Extract<MarketplaceEvent, { type: T }>>

@Injectable()
export class EventsClient {
  readonly #client: SpoolClient

  constructor(client: SpoolClient) {
    this.#client = client
  }

  emit<T extends EventType>(
    type: T,
    data: EventPayload<T>,
    options?: PublishOptions,
  ): Promise<PublishedEvent> {
    return lastValueFrom(
      this.#client.emit<PublishedEvent>(type, options ? new SpoolRecord(data, options) : data),
    )
  }
}
