/** Validates a request body (or query) with a zod schema: `@Body(new ZodPipe(schema))`. */
import { BadRequestException, type PipeTransform } from '@nestjs/common'
import type { z } from 'zod'

export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  readonly #schema: S

  constructor(schema: S) {
    this.#schema = schema
  }

  transform(value: unknown): z.infer<S> {
    const result = this.#schema.safeParse(value ?? {})
    if (result.success) return result.data
    throw new BadRequestException({
      message: 'invalid request',
      issues: result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
    })
  }
}
