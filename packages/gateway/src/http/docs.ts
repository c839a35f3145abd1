/**
 * The OpenAPI 3 document, generated from the route schemas (GET /api/openapi.json), and
 * optionally Swagger UI at /api/docs.
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { type AnyEventDefinition, eventJSONSchema } from '@spool/catalog'
import type { FastifyInstance } from 'fastify'
import { errorSchema } from './envelope.ts'

export async function installDocs(
  app: FastifyInstance,
  ui: boolean,
  auth: boolean,
  events: readonly AnyEventDefinition[],
): Promise<void> {
  app.addSchema(errorSchema)
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Spool gateway',
        version: '0.1.0',
        description:
          'Publish catalog events, inspect topics, consumer groups and dead letters, and stream consumed events. ' +
          "Every reply is { status: 'success', data } or { status: 'error', error: { code, message, issues? } }. " +
          'Offsets are decimal strings (64-bit).',
      },
      tags: [
        { name: 'events', description: 'Publish events and read the catalog' },
        { name: 'status', description: 'Consumer groups of this service' },
        { name: 'stream', description: 'Live events over WebSocket / SSE' },
        { name: 'topics', description: 'Topics and the message browser' },
        { name: 'groups', description: 'Consumer groups of the cluster' },
        { name: 'dead letters', description: 'Dead-letter topics and redrive' },
        { name: 'health', description: 'Liveness, readiness, metrics' },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      ...(auth ? { security: [{ apiKey: [] }, { bearer: [] }] } : {}),
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (documentObject) => {
      const doc = (documentObject as { openapiObject: Record<string, any> }).openapiObject
      addEventSchemas(doc, events)
      return doc
    },
  })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  if (ui) await app.register(swaggerUi, { routePrefix: '/api/docs' })
}

/**
 * The catalog's payload schemas, in the document only (validation of `data` is the catalog's job):
 * one component per event type, and the publish body's `data` as one of them.
 */
function addEventSchemas(doc: Record<string, any>, events: readonly AnyEventDefinition[]): void {
  if (events.length === 0) return
  doc.components ??= {}
  doc.components.schemas ??= {}
  const refs = events.map((def) => {
    const name = `event.${def.type}`.replace(/[^a-zA-Z0-9._-]/g, '_')
    const { $schema: _, ...schema } = eventJSONSchema(def, { target: 'draft-07' }) as Record<string, unknown>
    doc.components.schemas[name] = {
      ...schema,
      description: `${def.description ?? def.type} (topic ${def.topic}, version ${def.version})`,
      ...(def.example === undefined ? {} : { example: def.example }),
    }
    return { $ref: `#/components/schemas/${name}` }
  })
  const body = doc.paths?.['/api/kafka/events']?.post?.requestBody?.content?.['application/json']?.schema
  if (body?.properties?.data) body.properties.data = { ...body.properties.data, oneOf: refs }
}
