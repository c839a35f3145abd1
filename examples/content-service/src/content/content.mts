/**
 * Questions, resources and concepts (kept in memory): `POST /content/:type`, `GET`, `PATCH`,
 * `DELETE /content/:type/:id`, each change publishing `content.{type}.{action}`.
 */
import { randomUUID } from 'node:crypto'
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Injectable,
  NotFoundException,
  Param,
  Patch,
  type PipeTransform,
  Post,
} from '@nestjs/common'
import { z } from 'zod'
import { UserId, ZodBody } from '../common/validation.mts'
import { ContentEventProducer } from '../kafka/content-event.producer.mts'

const itemTypes = ['question', 'resource', 'concept'] as const
type ItemType = (typeof itemTypes)[number]

export const CreateContentDto = z.object({
  title: z.string().min(1),
  body: z.string().optional(),
  tags: z.array(z.string()).default([]),
})
type CreateContent = z.output<typeof CreateContentDto>
const UpdateContentDto = CreateContentDto.partial()
type UpdateContent = z.output<typeof UpdateContentDto>

export interface ContentItem extends CreateContent {
  id: string
  type: ItemType
  createdBy: string
}

/** `:type` must be one of the item types (quizzes have their own API). */
class ItemTypePipe implements PipeTransform<string, ItemType> {
  transform(value: string): ItemType {
    if (!(itemTypes as readonly string[]).includes(value)) {
      throw new BadRequestException(
        `unknown content type "${value}"; expected one of ${itemTypes.join(', ')}`,
      )
    }
    return value as ItemType
  }
}

@Injectable()
export class ContentService {
  private readonly items = new Map<string, ContentItem>()

  constructor(private readonly events: ContentEventProducer) {}

  async create(type: ItemType, data: CreateContent, userId: string): Promise<ContentItem> {
    const item: ContentItem = { ...data, id: randomUUID(), type, createdBy: userId }
    this.items.set(item.id, item)
    await this.events.publishContentCreated(type, item.id, userId, { title: item.title, tags: item.tags })
    return item
  }

  get(type: ItemType, id: string): ContentItem {
    const item = this.items.get(id)
    if (!item || item.type !== type) throw new NotFoundException(`${type} ${id} not found`)
    return item
  }

  async update(type: ItemType, id: string, changes: UpdateContent, userId: string): Promise<ContentItem> {
    const item = { ...this.get(type, id), ...changes }
    this.items.set(id, item)
    await this.events.publishContentUpdated(type, id, userId, { changed: Object.keys(changes) })
    return item
  }

  async remove(type: ItemType, id: string, userId: string): Promise<void> {
    this.get(type, id)
    this.items.delete(id)
    await this.events.publishContentDeleted(type, id, userId)
  }
}

@Controller('content')
export class ContentController {
  constructor(private readonly content: ContentService) {}

  @Post(':type')
  create(
    @Param('type', ItemTypePipe) type: ItemType,
    @Body(new ZodBody(CreateContentDto)) body: CreateContent,
    @UserId() userId: string,
  ) {
    return this.content.create(type, body, userId)
  }

  @Get(':type/:id')
  get(@Param('type', ItemTypePipe) type: ItemType, @Param('id') id: string) {
    return this.content.get(type, id)
  }

  @Patch(':type/:id')
  update(
    @Param('type', ItemTypePipe) type: ItemType,
    @Param('id') id: string,
    @Body(new ZodBody(UpdateContentDto)) body: UpdateContent,
    @UserId() userId: string,
  ) {
    return this.content.update(type, id, body, userId)
  }

  @Delete(':type/:id')
  @HttpCode(204)
  async remove(
    @Param('type', ItemTypePipe) type: ItemType,
    @Param('id') id: string,
    @UserId() userId: string,
  ) {
    await this.content.remove(type, id, userId)
  }
}
