/** The media service's consumer: a deleted post's files are deleted. */
import { Controller } from '@nestjs/common'
import { EventPattern, Payload } from '@nestjs/microservices'
import { CONTENT_EVENTS, type PostDeletedEvent } from '../../../libs/common/kafka.events.ts'
import { MediaService } from '../media.service.mts'

@Controller()
export class ContentConsumer {
  readonly #media: MediaService

  constructor(media: MediaService) {
    this.#media = media
  }

  @EventPattern(CONTENT_EVENTS.POST_DELETED)
  handlePostDeleted(@Payload() event: PostDeletedEvent) {
    return this.#media.deletePostMedia(event)
  }
}
