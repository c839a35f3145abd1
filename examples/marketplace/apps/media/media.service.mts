/** Media files: uploaded and processed over HTTP, deleted when their post is deleted. */
import { randomUUID } from 'node:crypto'
import { Injectable, Logger, NotFoundException } from '@nestjs/common'
import { NonRetryableError } from '@spool/nest'
import type { PostDeletedEvent } from '../../libs/common/kafka.events.ts'
import { MediaProducer } from './events/media.producer.mts'
import { type MediaFile, MediaRepository } from './media.repository.ts'

export interface UploadDto {
  ownerId: string
  fileName: string
  contentType: string
  size: number
}

@Injectable()
export class MediaService {
  readonly #logger = new Logger('MediaService')
  readonly #repository: MediaRepository
  readonly #producer: MediaProducer

  constructor(repository: MediaRepository, producer: MediaProducer) {
    this.#repository = repository
    this.#producer = producer
  }

  async upload(dto: UploadDto): Promise<MediaFile> {
    const file: MediaFile = {
      mediaId: `med_${randomUUID()}`,
      ...dto,
      renditions: dto.contentType.startsWith('video/') ? ['720p', '1080p'] : ['thumb_320', 'large_1280'],
      legalHold: false,
      uploadedAt: new Date().toISOString(),
    }
    this.#repository.files.set(file.mediaId, file)
    await this.#producer.emitUploaded({ mediaId: file.mediaId, ...dto })
    // Processing is instant here; a real service would transcode in the background.
    await this.#producer.emitProcessed({
      mediaId: file.mediaId,
      ownerId: file.ownerId,
      renditions: file.renditions,
    })
    return file
  }

  get(mediaId: string): MediaFile {
    const file = this.#repository.files.get(mediaId)
    if (!file) throw new NotFoundException(`media ${mediaId} does not exist`)
    return file
  }

  list(ownerId: string | undefined): MediaFile[] {
    return [...this.#repository.files.values()].filter((f) => ownerId === undefined || f.ownerId === ownerId)
  }

  setLegalHold(mediaId: string, legalHold: boolean): MediaFile {
    const file = this.get(mediaId)
    file.legalHold = legalHold
    return file
  }

  /**
   * `content.post.deleted`: delete the post's files. Safe to run again (a redelivery, a redrive):
   * files already gone are skipped. A file under legal hold cannot be deleted however often we
   * try, so that is a NonRetryableError: the event goes straight to the dead letters, to be
   * redriven once the hold is released.
   */
  async deletePostMedia(event: PostDeletedEvent): Promise<void> {
    const held: MediaFile[] = []
    for (const mediaId of event.mediaIds) {
      const file = this.#repository.files.get(mediaId)
      if (!file) continue
      if (file.legalHold) {
        held.push(file)
        continue
      }
      this.#repository.files.delete(mediaId)
      await this.#producer.emitDeleted({
        mediaId,
        ownerId: file.ownerId,
        fileName: file.fileName,
        postId: event.postId,
      })
      this.#logger.log(`deleted ${file.fileName} of ${event.postId}`)
    }
    if (held.length > 0) {
      const names = held.map((f) => `${f.fileName} (${f.mediaId})`).join(', ')
      throw new NonRetryableError(`cannot delete ${names}: under legal hold`)
    }
  }
}
