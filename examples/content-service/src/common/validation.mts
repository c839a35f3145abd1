/**
 * Request validation with zod: `@Body(new ZodBody(CreateQuizDto))`. A bad body answers 400 with a
 * message naming every bad field (`title: expected string, received undefined`).
 */
import {
  BadRequestException,
  createParamDecorator,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common'
import type { z } from 'zod'

export class ZodBody<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {})
    if (result.success) return result.data
    const issues = result.error.issues.map((i) => ({
      path: i.path.join('.') || '(body)',
      message: i.message,
    }))
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: issues.map((i) => `${i.path}: ${i.message}`).join('; '),
      issues,
    })
  }
}

/** The acting user (`x-user-id` header), required on writes as the seed's `userId` argument. */
export const UserId = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers[
    'x-user-id'
  ]
  if (!value) throw new BadRequestException('the x-user-id header is required')
  return value
})
