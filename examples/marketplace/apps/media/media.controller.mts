/** The media service's HTTP API: upload, inspect, and put files under legal hold. */
import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common'
import { z } from 'zod'
import { ZodPipe } from '../../libs/common/zod.pipe.ts'
import { MediaService, type UploadDto } from './media.service.mts'

const upload = z.object({
  ownerId: z.string().min(1),
  fileName: z.string().min(1),
  contentType: z.string().min(1).default('image/jpeg'),
  size: z.number().int().nonnegative().default(0),
})

@Controller('media')
export class MediaController {
  readonly #media: MediaService

  constructor(media: MediaService) {
    this.#media = media
  }

  @Post()
  upload(@Body(new ZodPipe(upload)) dto: UploadDto) {
    return this.#media.upload(dto)
  }

  @Get()
  list(@Query('ownerId') ownerId?: string) {
    return this.#media.list(ownerId)
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.#media.get(id)
  }

  @Put(':id/legal-hold')
  hold(@Param('id') id: string) {
    return this.#media.setLegalHold(id, true)
  }

  @Delete(':id/legal-hold')
  release(@Param('id') id: string) {
    return this.#media.setLegalHold(id, false)
  }
}
