/**
 * The seed's client components call POST /api/kafka/events without a user in the body: the
 * server takes it from the session. Here the `x-user-id` header stands in for the session. Every
 * JobQuest event is about a user, so an event with neither is refused with 400 naming `userId`
 * (together with whatever else is wrong with it).
 */
import type { Bus } from '@spool/bus'
import { type Issue, validate } from '@spool/catalog'
import type { FastifyInstance } from 'fastify'

/** The header that carries the signed-in user. */
export const userHeader = 'x-user-id'

export function installSession(app: FastifyInstance, bus: Bus): void {
  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/api/kafka/events') return
    const body = request.body as Record<string, unknown> | null
    if (!body || typeof body !== 'object' || Array.isArray(body)) return
    const header = request.headers[userHeader]
    if (body.userId === undefined && typeof header === 'string' && header !== '') body.userId = header
    if (body.userId !== undefined) return
    const issues: Issue[] = [
      {
        path: 'userId',
        message: `is required: the user the event is about (or send the ${userHeader} header)`,
      },
    ]
    const definition = typeof body.eventType === 'string' ? bus.catalog?.get(body.eventType) : undefined
    if (definition) {
      try {
        await validate(definition.schema, body.data, definition.type)
      } catch (error) {
        issues.push(...((error as { issues?: Issue[] }).issues ?? []))
      }
    }
    return reply.code(400).send({
      status: 'error',
      error: {
        code: 'SPOOL_ERR_VALIDATION',
        message: `request is invalid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        issues,
      },
    })
  })
}
