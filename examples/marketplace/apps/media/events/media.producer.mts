/** The media service's events: uploads, processing and deletions. */
import { Injectable } from '@nestjs/common'
import { type EventPayload, EventsClient } from '../../../libs/common/events.client.mts'
import { MEDIA_EVENTS } from '../../../libs/common/kafka.events.ts'

@Injectable()
export class MediaProducer {
  readonly #events: EventsClient

  constructor(events: EventsClient) {
    this.#events = events
  }

  emitUploaded(event: EventPayload<typeof MEDIA_EVENTS.UPLOADED>) {
    return this.#events.emit(MEDIA_EVENTS.UPLOADED, event)
  }

  emitProcessed(event: EventPayload<typeof MEDIA_EVENTS.PROCESSED>) {
    return this.#events.emit(MEDIA_EVENTS.PROCESSED, event)
  }

  emitDeleted(event: EventPayload<typeof MEDIA_EVENTS.DELETED>) {
    return this.#events.emit(MEDIA_EVENTS.DELETED, event)
  }
}
