/**
 * Seed 004's event API: publish a validated catalog event (POST /api/kafka/events) and list the
 * catalog with each type's required fields, topic, version, JSON Schema and example.
 */
import type { Bus } from '@spool/bus'
import {
  type AnyEventDefinition,
  eventJSONSchema,
  requiredFields,
  UnknownEventError,
  validate,
} from '@spool/catalog'
import type { FastifyInstance } from 'fastify'
import { GatewayError, type Issue } from '../errors.ts'
import { ok, open, responses } from '../http/envelope.ts'
import { toIssues } from '../http/validation.ts'
import type { RateLimitOptions } from '../options.ts'

export interface PublishBody {
  eventType: string
  data: unknown
  userId?: string
  key?: string
  metadata?: Record<string, string | number | boolean>
}

const publishBody = {
  type: 'object',
  additionalProperties: false,
  required: ['eventType', 'data'],
  properties: {
    eventType: { type: 'string', minLength: 1, maxLength: 256, description: 'A type of the catalog' },
    data: { description: "The event's data; validated against the type's schema" },
    userId: {
      type: 'string',
      minLength: 1,
      maxLength: 256,
      description:
        'The user the event is about: the CloudEvents subject (and the key when the type has none)',
    },
    key: { type: 'string', minLength: 1, maxLength: 1024, description: 'Kafka key; default from the type' },
    metadata: {
      type: 'object',
      description: 'CloudEvents extension attributes (names of 1-20 lowercase letters or digits)',
      maxProperties: 32,
      propertyNames: { pattern: '^[a-z0-9]{1,20}$' },
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
  },
  examples: [
    {
      eventType: 'mission.completed',
      userId: 'u1',
      data: { missionId: 'mission_123', missionName: 'Focus Session', duration: 25, xpEarned: 50 },
    },
  ],
} as const

const published = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'CloudEvents id' },
    eventType: { type: 'string' },
    topic: { type: 'string' },
    partition: { type: ['integer', 'null'], description: 'null while the event waits in the offline spool' },
    offset: {
      type: ['string', 'null'],
      description: '64-bit offset as a decimal string; null while spooled',
    },
    spooled: {
      type: 'boolean',
      description: 'Kafka was unreachable: kept in the offline spool, delivered later',
    },
  },
  required: ['id', 'eventType', 'topic', 'partition', 'offset', 'spooled'],
} as const

const eventTypeInfo = open({
  required: { type: 'array', items: { type: 'string' } },
  description: { type: ['string', 'null'] },
  topic: { type: 'string' },
  version: { type: 'integer' },
  schema: open(),
  example: {},
})

export function eventRoutes(app: FastifyInstance, bus: Bus, rateLimit: false | RateLimitOptions): void {
  app.post<{ Body: PublishBody }>(
    '/api/kafka/events',
    {
      // Envelope errors are reported together with the data's own (below), not on their own.
      attachValidation: true,
      config: {
        role: 'publish',
        ...(rateLimit ? { rateLimit: { max: rateLimit.max, timeWindow: rateLimit.timeWindow } } : {}),
      },
      schema: {
        tags: ['events'],
        summary: 'Publish an event',
        description:
          'Validates `data` against the catalog schema of `eventType`, wraps it in a CloudEvent and publishes it. ' +
          '202 once Kafka acknowledged it (or the offline spool holds it).',
        body: publishBody,
        response: responses(202, published, [400, 404, 413, 415, 429, 502, 503, 504]),
      },
    },
    async (request, reply) => {
      if (request.validationError) throw await invalidPublish(bus, request.body, request.validationError)
      const { eventType, data, userId, key, metadata } = request.body
      const definition = bus.catalog?.get(eventType)
      if (!definition) throw new UnknownEventError(eventType, bus.catalog?.list().map((d) => d.type) ?? [])
      try {
        const result = await bus.publish(definition, data as never, {
          subject: userId,
          key: key ?? (definition.key === undefined ? userId : undefined),
          extensions: metadata,
        })
        reply.code(202)
        return ok({
          id: result.id,
          eventType: result.type,
          topic: result.topic,
          partition: result.partition ?? null,
          offset: result.offset === undefined ? null : String(result.offset),
          spooled: result.spooled,
        })
      } catch (error) {
        throw asPublishError(error)
      }
    },
  )

  app.get(
    '/api/kafka/events',
    {
      schema: {
        tags: ['events'],
        summary: 'List the event types of the catalog',
        response: responses(200, {
          type: 'object',
          properties: { eventTypes: { type: 'object', additionalProperties: eventTypeInfo } },
          required: ['eventTypes'],
        }),
      },
    },
    async () => ok({ eventTypes: describeCatalog(bus.catalog?.list() ?? []) }),
  )
}

/** Seed 004's shape plus what a form generator needs: the JSON Schema and an example. */
export function describeCatalog(definitions: readonly AnyEventDefinition[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const def of definitions) {
    out[def.type] = {
      required: requiredFields(def),
      description: def.description ?? null,
      topic: def.topic,
      version: def.version,
      schema: eventJSONSchema(def),
      example: def.example ?? null,
    }
  }
  return out
}

/** Every invalid field at once: the envelope's (Ajv) and, when the type is known, the data's (its schema). */
async function invalidPublish(bus: Bus, body: unknown, error: Error): Promise<GatewayError> {
  const issues: Issue[] = toIssues((error as { validation?: [] }).validation ?? [], 'body')
  const b = (body && typeof body === 'object' ? body : {}) as Partial<PublishBody>
  const definition = typeof b.eventType === 'string' ? bus.catalog?.get(b.eventType) : undefined
  if (definition && 'data' in b && !issues.some((i) => i.path === 'data' || i.path.startsWith('data.'))) {
    try {
      await validate(definition.schema, b.data, definition.type)
    } catch (invalid) {
      issues.push(...((invalid as { issues?: Issue[] }).issues ?? []))
    }
  }
  return new GatewayError(400, 'SPOOL_ERR_VALIDATION', 'request is invalid', { issues })
}

/** Catalog errors about options name the body field the client sent (metadata.x, key, userId). */
function asPublishError(error: unknown): unknown {
  const e = error as { code?: string; property?: string; message?: string }
  if (e?.code !== 'SPOOL_ERR_INVALID_OPTION' || typeof e.property !== 'string') return error
  const path = e.property.replace(/^extensions\./, 'metadata.').replace(/^subject$/, 'userId')
  return new GatewayError(400, 'SPOOL_ERR_VALIDATION', e.message ?? 'invalid option', {
    issues: [{ path, message: (e.message ?? '').replace(/^Invalid option: \S+ /, '') }],
    cause: error,
  })
}
