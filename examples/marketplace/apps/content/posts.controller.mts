/** The content service's HTTP API: posts, likes, comments. */
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common'
import { z } from 'zod'
import { Visibility } from '../../libs/common/kafka.events.ts'
import { ZodPipe } from '../../libs/common/zod.pipe.ts'
import { type CreatePostDto, PostsService } from './posts.service.mts'

const createPost = z
  .object({
    creatorId: z.string().min(1),
    title: z.string().min(1),
    visibility: Visibility.default('public'),
    price: z.number().int().positive().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional(),
    mediaIds: z.array(z.string().min(1)).default([]),
  })
  .refine((p) => (p.visibility === 'ppv') === (p.price !== undefined), {
    message: 'pay-per-view posts need a price, other posts have none',
    path: ['price'],
  })

const rename = z.object({ title: z.string().min(1) })
const like = z.object({ userId: z.string().min(1) })
const comment = z.object({ userId: z.string().min(1), text: z.string().min(1).max(2_000) })

@Controller('posts')
export class PostsController {
  readonly #posts: PostsService

  constructor(posts: PostsService) {
    this.#posts = posts
  }

  @Post()
  create(@Body(new ZodPipe(createPost)) dto: CreatePostDto) {
    return this.#posts.create(dto)
  }

  @Get(':id')
  get(@Param('id') id: string, @Query('viewerId') viewerId?: string) {
    return this.#posts.view(id, viewerId)
  }

  @Patch(':id')
  rename(@Param('id') id: string, @Body(new ZodPipe(rename)) body: { title: string }) {
    return this.#posts.rename(id, body.title)
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id') id: string) {
    return this.#posts.delete(id)
  }

  @Post(':id/likes')
  @HttpCode(200)
  like(@Param('id') id: string, @Body(new ZodPipe(like)) body: { userId: string }) {
    return this.#posts.like(id, body.userId)
  }

  @Delete(':id/likes/:userId')
  unlike(@Param('id') id: string, @Param('userId') userId: string) {
    return this.#posts.unlike(id, userId)
  }

  @Post(':id/comments')
  comment(@Param('id') id: string, @Body(new ZodPipe(comment)) body: { userId: string; text: string }) {
    return this.#posts.comment(id, body.userId, body.text)
  }

  @Get(':id/comments')
  comments(@Param('id') id: string) {
    return this.#posts.comments(id)
  }
}
