/**
 * Turns every failure into the error envelope: schema validation (400 with every issue), bad
 * JSON, wrong content type, bodies over the limit, our errors and the bus's. Unknown routes get
 * a 404 in the same shape; a browser asking for a page outside /api gets the console instead.
 */
import type { FastifyInstance } from 'fastify'
import { GatewayError, toHttpError } from '../errors.ts'
import { toIssues } from './validation.ts'

export function installErrorHandling(app: FastifyInstance, consoleIndex: boolean): void {
  app.setErrorHandler((error, request, reply) => {
    const e = error as { validation?: unknown; validationContext?: string }
    const mapped = Array.isArray(e.validation)
      ? toHttpError(
          new GatewayError(400, 'SPOOL_ERR_VALIDATION', 'request is invalid', {
            issues: toIssues(e.validation, e.validationContext),
          }),
        )
      : toHttpError(error)
    if (mapped.statusCode >= 500) request.log.error({ err: error }, 'request failed')
    else request.log.debug({ err: error }, 'request refused')
    if (mapped.statusCode === 400 && mapped.body.error.issues) {
      mapped.body.error.message = `request is invalid: ${mapped.body.error.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`
    }
    return reply.code(mapped.statusCode).send(mapped.body)
  })

  app.setNotFoundHandler((request, reply) => {
    const url = request.url
    if (
      consoleIndex &&
      request.method === 'GET' &&
      !url.startsWith('/api/') &&
      (request.headers.accept ?? '').includes('text/html')
    ) {
      // The console is a single-page app: its client-side routes all load index.html.
      return reply.sendFile('index.html')
    }
    const { statusCode, body } = toHttpError(
      new GatewayError(404, 'SPOOL_ERR_NOT_FOUND', `no route ${request.method} ${url.split('?')[0]}`),
    )
    return reply.code(statusCode).send(body)
  })
}
