/** Shared definitions and a tiny hand-written Standard Schema validator for the catalog tests. */
import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec'
import { z } from 'zod'
import { defineEvent } from '../src/index.ts'

export const MissionCompleted = defineEvent({
  type: 'mission.completed',
  topic: 'mission-events',
  key: 'userId',
  subject: 'userId',
  description: 'Published when a user completes a mission',
  schema: z.object({
    userId: z.string(),
    missionId: z.string(),
    missionName: z.string(),
    duration: z.number().int().positive(),
    xpEarned: z.number().int().nonnegative(),
    tags: z.array(z.string()).optional(),
  }),
  example: { userId: 'u1', missionId: 'm1', missionName: 'Focus Session', duration: 25, xpEarned: 50 },
})

export const OrderPlaced = defineEvent({
  type: 'order.placed',
  topic: 'order-events',
  key: (data) => data.orderId,
  schema: z.object({
    orderId: z.string(),
    items: z.array(z.object({ sku: z.string(), price: z.number().positive() })),
  }),
})

export const QuizCreated = defineEvent({
  type: 'content.quiz.created',
  topic: 'content.quiz.created',
  schema: z.object({ quizId: z.string(), title: z.string().default('Untitled') }),
})

type Shape = Record<string, 'string' | 'number' | 'boolean'>
type Infer<S extends Shape> = {
  [K in keyof S]: S[K] extends 'string' ? string : S[K] extends 'number' ? number : boolean
}

/** Options of the tiny validator. */
export interface TinyOptions {
  /** Validate asynchronously (returns a Promise), as Standard Schema allows. */
  readonly async?: boolean
  /** Also implement Standard JSON Schema. */
  readonly jsonSchema?: boolean
}

/**
 * A minimal Standard Schema v1 object validator: every listed field is required and has a
 * primitive type. Not zod, so it exercises the generic paths.
 */
export function tinyObject<S extends Shape>(
  shape: S,
  options: TinyOptions = {},
): StandardSchemaV1<Infer<S>> & Partial<StandardJSONSchemaV1<Infer<S>>> {
  const check = (value: unknown): StandardSchemaV1.Result<Infer<S>> => {
    if (value === null || typeof value !== 'object') return { issues: [{ message: 'Expected an object' }] }
    const issues: StandardSchemaV1.Issue[] = []
    for (const [name, type] of Object.entries(shape)) {
      const field = (value as Record<string, unknown>)[name]
      if (typeof field !== type) {
        issues.push({ message: `Expected ${type}, received ${typeof field}`, path: [{ key: name }] })
      }
    }
    return issues.length > 0 ? { issues } : { value: value as Infer<S> }
  }
  const props: Record<string, unknown> = {
    version: 1,
    vendor: 'tiny',
    validate: options.async ? async (value: unknown) => check(value) : check,
  }
  if (options.jsonSchema) {
    const toJSON = () => ({
      type: 'object',
      properties: Object.fromEntries(Object.entries(shape).map(([name, type]) => [name, { type }])),
      required: Object.keys(shape),
    })
    props.jsonSchema = { input: toJSON, output: toJSON }
  }
  return { '~standard': props } as unknown as StandardSchemaV1<Infer<S>> &
    Partial<StandardJSONSchemaV1<Infer<S>>>
}
