/**
 * JSON in and out. Bodies must be valid UTF-8 (Node would otherwise replace bad bytes with U+FFFD
 * and publish corrupted text); parsing keeps Fastify's protection against prototype poisoning.
 * Replies without a response schema may carry bigint offsets: they are written as strings.
 */
import { isUtf8 } from 'node:buffer'
import type { FastifyInstance } from 'fastify'
import { GatewayError } from '../errors.ts'

export function installJson(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error')
  // JSON only: any other content type is a 415, not a string handed to a route.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer
    if (!isUtf8(bytes)) {
      done(new GatewayError(400, 'SPOOL_ERR_BAD_JSON', 'request body is not valid UTF-8'), undefined)
      return
    }
    parse(request, bytes.toString('utf8'), done)
  })
  app.setReplySerializer((payload) => JSON.stringify(payload, bigintAsString))
}

/**
 * A `JSON.stringify` replacer writing bigints (offsets, lag) as decimal strings, as the API does.
 *
 * @example
 * JSON.stringify({ offset: 42n }, bigintAsString) // '{"offset":"42"}'
 */
export function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value
}
