/**
 * Dead letters: GET /api/kafka/dead-letters (the `.dlq` topics and their sizes),
 * GET /api/kafka/dead-letters/:topic (entries with why they failed), and
 * POST /api/kafka/dead-letters/:topic/redrive (all not yet redriven, or selected ones, back to the
 * original topic named in their headers).
 */
import type { Admin, Bus } from '@spool/bus'
import type { FastifyInstance } from 'fastify'
import { offsetString, ok, open, responses } from '../http/envelope.ts'

const dlqParams = {
  type: 'object',
  required: ['topic'],
  properties: { topic: { type: 'string', minLength: 5, maxLength: 249, pattern: '\\.dlq$' } },
} as const

const deadLetter = open({
  topic: { type: 'string' },
  partition: { type: 'integer' },
  offset: offsetString,
  key: { type: 'string' },
  value: { type: ['string', 'null'] },
  timestamp: { type: 'string' },
  originalTopic: { type: 'string' },
  originalPartition: { type: 'integer' },
  originalOffset: { type: 'string' },
  group: { type: 'string' },
  attempts: { type: 'integer' },
  reason: { type: 'string', enum: ['handler-failed', 'non-retryable', 'invalid-event'] },
  error: open({ message: { type: 'string' }, code: { type: 'string' }, stack: { type: 'string' } }),
  redriven: { type: 'boolean', description: 'Already sent back by a bulk redrive' },
  headers: { type: 'object', additionalProperties: { type: 'string' } },
})

export function deadLetterRoutes(app: FastifyInstance, bus: Bus, admin: Admin): void {
  app.get(
    '/api/kafka/dead-letters',
    {
      schema: {
        tags: ['dead letters'],
        summary: 'Dead-letter topics and how many records each holds',
        response: responses(
          200,
          open({
            topics: {
              type: 'array',
              items: open({
                topic: { type: 'string' },
                originalTopic: { type: 'string' },
                messages: offsetString,
              }),
            },
          }),
          [504],
        ),
      },
    },
    async () => {
      const topics = (await admin.listTopics())
        .filter((t) => t.name.endsWith('.dlq'))
        .map((t) => ({ topic: t.name, originalTopic: t.name.slice(0, -4), messages: t.messages }))
      return ok({ topics })
    },
  )

  app.get<{ Params: { topic: string }; Querystring: { limit?: number; includeRedriven?: boolean } }>(
    '/api/kafka/dead-letters/:topic',
    {
      schema: {
        tags: ['dead letters'],
        summary: 'Dead letters of a .dlq topic, oldest first',
        params: dlqParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 10_000,
              default: 500,
              description: 'The newest N',
            },
            includeRedriven: { type: 'boolean', default: true },
          },
        },
        response: responses(
          200,
          open({ deadLetters: { type: 'array', items: deadLetter } }),
          [400, 404, 504],
        ),
      },
    },
    async (request) => {
      const { topic } = request.params
      const entries = await bus.deadLetters.list(topic, request.query)
      return ok({ deadLetters: entries })
    },
  )

  app.post<{
    Params: { topic: string }
    Body: { select?: Array<{ partition: number; offset: string }> } | undefined
  }>(
    '/api/kafka/dead-letters/:topic/redrive',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['dead letters'],
        summary: 'Send dead letters back to their original topic',
        description:
          'Without `select`: every entry not yet redriven (a bulk redrive never sends one twice). ' +
          'With `select`: exactly those entries.',
        params: dlqParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            select: {
              type: 'array',
              minItems: 1,
              maxItems: 10_000,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['partition', 'offset'],
                properties: { partition: { type: 'integer', minimum: 0 }, offset: offsetString },
              },
            },
          },
        },
        response: responses(
          200,
          open({ redriven: { type: 'integer' }, entries: { type: 'array', items: deadLetter } }),
          [400, 404, 504],
        ),
      },
    },
    async (request) => {
      const { topic } = request.params
      const select = request.body?.select
      const result = await bus.deadLetters.redrive(topic, select ? { select } : {})
      request.log.info({ topic, redriven: result.redriven }, 'dead letters redriven')
      return ok(result)
    },
  )
}
