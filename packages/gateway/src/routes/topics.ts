/**
 * Topic administration and the message browser:
 * GET/POST /api/kafka/topics, GET/DELETE /api/kafka/topics/:topic,
 * GET /api/kafka/topics/:topic/messages, GET /api/kafka/cluster.
 */
import type { Admin, BrowseOptions, CreateTopicInput } from '@spool/bus'
import type { FastifyInstance } from 'fastify'
import { offsetString, ok, open, responses } from '../http/envelope.ts'

const topicParams = {
  type: 'object',
  required: ['topic'],
  properties: { topic: { type: 'string', minLength: 1, maxLength: 249 } },
} as const

const topicSummary = open({
  name: { type: 'string' },
  internal: { type: 'boolean' },
  partitions: { type: 'integer' },
  replicationFactor: { type: 'integer' },
  messages: offsetString,
  size: { type: ['integer', 'null'], description: 'Bytes on disk, when the broker reports it' },
})

const topicDescription = open({
  ...topicSummary.properties,
  id: { type: 'string' },
  partitionDetails: {
    type: 'array',
    items: open({
      partition: { type: 'integer' },
      leader: { type: 'integer' },
      replicas: { type: 'array', items: { type: 'integer' } },
      isr: { type: 'array', items: { type: 'integer' } },
      earliest: offsetString,
      latest: offsetString,
      messages: offsetString,
    }),
  },
  configs: {
    type: 'array',
    items: open({
      name: { type: 'string' },
      value: { type: ['string', 'null'] },
      source: { type: 'string' },
      isDefault: { type: 'boolean' },
    }),
  },
})

const browseQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    partition: { type: 'integer', minimum: 0, maximum: 100_000, description: 'One partition (default all)' },
    offset: { type: 'string', pattern: '^\\d{1,19}$', description: 'Start offset' },
    timestamp: {
      type: 'string',
      minLength: 1,
      maxLength: 40,
      description: 'Start time: ms since epoch or ISO date',
    },
    from: {
      type: 'string',
      enum: ['earliest', 'latest'],
      description: 'Without offset/timestamp (default latest)',
    },
    limit: { type: 'integer', minimum: 1, maximum: 1_000, default: 50 },
    filter: {
      type: 'string',
      maxLength: 1_024,
      description:
        'Substring of key/value/header, or path=value on the JSON value (data.userId=u1), key=..., headers.<name>=...',
    },
  },
} as const

const browsed = open({
  topic: { type: 'string' },
  scanned: { type: 'integer' },
  messages: {
    type: 'array',
    items: open({
      partition: { type: 'integer' },
      offset: offsetString,
      timestamp: { type: 'string' },
      key: { type: ['string', 'null'] },
      value: { type: ['string', 'null'] },
      headers: { type: 'object', additionalProperties: { type: 'string' } },
      size: { type: 'integer' },
      encoding: { type: 'string', enum: ['utf8', 'base64'] },
    }),
  },
  next: { type: 'array', items: open({ partition: { type: 'integer' }, offset: offsetString }) },
})

export function topicRoutes(app: FastifyInstance, admin: Admin): void {
  app.get(
    '/api/kafka/cluster',
    {
      schema: {
        tags: ['topics'],
        summary: 'Cluster id, controller and brokers',
        response: responses(200, open(), [503, 504]),
      },
    },
    async () => ok(await admin.cluster()),
  )

  app.get<{ Querystring: { internal?: boolean } }>(
    '/api/kafka/topics',
    {
      schema: {
        tags: ['topics'],
        summary: 'List topics with partitions, message counts and sizes',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            internal: { type: 'boolean', default: false, description: 'Include __internal topics' },
          },
        },
        response: responses(200, open({ topics: { type: 'array', items: topicSummary } }), [400, 504]),
      },
    },
    async (request) => ok({ topics: await admin.listTopics({ includeInternal: request.query.internal }) }),
  )

  app.post<{ Body: CreateTopicInput }>(
    '/api/kafka/topics',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['topics'],
        summary: 'Create a topic',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 249, pattern: '^[a-zA-Z0-9._-]+$' },
            partitions: { type: 'integer', minimum: 1, maximum: 10_000 },
            replicationFactor: {
              type: 'integer',
              minimum: -1,
              maximum: 32,
              description: '-1 = broker default',
            },
            configs: {
              type: 'object',
              additionalProperties: { type: 'string' },
              description: 'e.g. retention.ms',
            },
          },
        },
        response: responses(201, topicDescription, [400, 409, 504]),
      },
    },
    async (request, reply) => {
      const created = await admin.createTopic(request.body)
      reply.code(201)
      return ok(created)
    },
  )

  app.get<{ Params: { topic: string } }>(
    '/api/kafka/topics/:topic',
    {
      schema: {
        tags: ['topics'],
        summary: 'Describe a topic: partitions, replicas, watermarks, configs',
        params: topicParams,
        response: responses(200, topicDescription, [400, 404, 504]),
      },
    },
    async (request) => ok(await admin.describeTopic(request.params.topic)),
  )

  app.delete<{ Params: { topic: string } }>(
    '/api/kafka/topics/:topic',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['topics'],
        summary: 'Delete a topic',
        params: topicParams,
        response: responses(200, open({ deleted: { type: 'string' } }), [400, 404, 504]),
      },
    },
    async (request) => {
      await admin.deleteTopic(request.params.topic)
      request.log.info({ topic: request.params.topic }, 'topic deleted')
      return ok({ deleted: request.params.topic })
    },
  )

  app.get<{
    Params: { topic: string }
    Querystring: BrowseOptions & { offset?: string; timestamp?: string }
  }>(
    '/api/kafka/topics/:topic/messages',
    {
      schema: {
        tags: ['topics'],
        summary: 'Browse messages by partition and offset or time, with a filter',
        description:
          'Reads at most 10,000 records per partition to fill a page; `next` gives where the next page starts.',
        params: topicParams,
        querystring: browseQuery,
        response: responses(200, browsed, [400, 404, 504]),
      },
    },
    async (request) => {
      const { timestamp, ...rest } = request.query
      return ok(await admin.browse(request.params.topic, { ...rest, timestamp }))
    },
  )
}
