/** The content service's events: post lifecycle and engagement (likes, comments). */
import { Injectable } from '@nestjs/common'
import { type EventPayload, EventsClient } from '../../../libs/common/events.client.mts'
import { CONTENT_EVENTS } from '../../../libs/common/kafka.events.ts'

@Injectable()
export class ContentProducer {
  readonly #events: EventsClient

  constructor(events: EventsClient) {
    this.#events = events
  }

  emitPostCreated(event: EventPayload<typeof CONTENT_EVENTS.POST_CREATED>) {
    return this.#events.emit(CONTENT_EVENTS.POST_CREATED, event)
  }

  emitPostUpdated(event: EventPayload<typeof CONTENT_EVENTS.POST_UPDATED>) {
    return this.#events.emit(CONTENT_EVENTS.POST_UPDATED, event)
  }

  emitPostDeleted(event: EventPayload<typeof CONTENT_EVENTS.POST_DELETED>) {
    return this.#events.emit(CONTENT_EVENTS.POST_DELETED, event)
  }

  emitPostLiked(event: EventPayload<typeof CONTENT_EVENTS.POST_LIKED>) {
    return this.#events.emit(CONTENT_EVENTS.POST_LIKED, event)
  }

  emitPostUnliked(event: EventPayload<typeof CONTENT_EVENTS.POST_UNLIKED>) {
    return this.#events.emit(CONTENT_EVENTS.POST_UNLIKED, event)
  }

  emitCommentCreated(event: EventPayload<typeof CONTENT_EVENTS.COMMENT_CREATED>) {
    return this.#events.emit(CONTENT_EVENTS.COMMENT_CREATED, event)
  }
}
