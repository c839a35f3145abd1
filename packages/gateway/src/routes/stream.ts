/**
 * GET /api/kafka/stream: the live stream of consumed events. A WebSocket upgrade gets frames over
 * the socket (and may send `filter` messages); a plain GET gets the same frames as Server-Sent
 * Events. Filters: `types` and `subjects` (comma-separated or repeated). See stream/protocol.ts
 * for frames and close codes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { WebSocket } from 'ws'
import { GatewayError } from '../errors.ts'
import { responses } from '../http/envelope.ts'
import { type FilterInput, type FilterRules, parseFilter, StreamFilterError } from '../stream/filter.ts'
import type { StreamHub, Subscriber } from '../stream/hub.ts'
import { type CloseCode, closeCodes, errorFrame } from '../stream/protocol.ts'

const TERMINATE_AFTER = 2_000 // ms a closing client gets to finish the close handshake

const streamQuery = {
  type: 'object',
  additionalProperties: true,
  properties: {
    types: {
      type: 'array',
      items: { type: 'string' },
      description: 'Event types (comma-separated or repeated)',
    },
    subjects: { type: 'array', items: { type: 'string' }, description: 'Subjects / user ids' },
    userId: { type: 'array', items: { type: 'string' }, description: 'Alias of subjects (seed 001)' },
    apiKey: { type: 'string', description: 'API key, for browsers that cannot set headers' },
  },
} as const

export function streamRoutes(app: FastifyInstance, hub: StreamHub, knownTypes: ReadonlySet<string>): void {
  const rules = (request: FastifyRequest): FilterRules => ({
    knownTypes,
    maxValues: hub.options.maxFilterValues,
    key: request.apiKey,
  })
  const filterFrom = (query: Record<string, unknown>): FilterInput => ({
    types: query.types,
    subjects: query.subjects ?? query.userId,
  })

  app.route<{ Querystring: Record<string, unknown> }>({
    method: 'GET',
    url: '/api/kafka/stream',
    config: { role: 'read', queryKey: true },
    schema: {
      tags: ['stream'],
      summary: 'Live stream of consumed events (WebSocket, or Server-Sent Events without an upgrade)',
      description:
        'Frames: ready, event, error (JSON). WebSocket close codes: 4400 bad filter, 4403 filter not allowed for the ' +
        'API key, 4408 slow consumer, 1013 too many clients, 1011 Kafka unreachable, 1001 shutting down.',
      querystring: streamQuery,
      response: responses(200, { type: 'string', description: 'text/event-stream' }, [400, 403]),
    },
    handler: async (request, reply) => {
      let filter: ReturnType<typeof parseFilter>
      try {
        filter = parseFilter(filterFrom(request.query), rules(request))
      } catch (error) {
        if (error instanceof StreamFilterError) {
          throw new GatewayError(
            error.status,
            error.status === 403 ? 'SPOOL_ERR_FORBIDDEN' : 'SPOOL_ERR_INVALID_ARGUMENT',
            error.message,
          )
        }
        throw error
      }
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      res.write(': spool live stream\n\n')
      let closed = false
      const subscriber: Subscriber = {
        filter,
        send: (frame) => {
          res.write(`data: ${frame}\n\n`)
        },
        buffered: () => res.writableLength,
        close: (code, reason) => {
          if (closed) return
          closed = true
          res.end(`event: error\ndata: ${errorFrame(code, reason)}\n\n`)
          setTimeout(() => res.destroy(), TERMINATE_AFTER).unref()
        },
      }
      const heartbeat = setInterval(() => res.write(': ping\n\n'), hub.options.heartbeat)
      heartbeat.unref()
      res.on('close', () => {
        closed = true
        clearInterval(heartbeat)
        hub.unsubscribe(subscriber)
      })
      await hub.subscribe(subscriber)
    },
    wsHandler: (socket: WebSocket, request) => {
      let closing = false
      const close = (code: CloseCode, reason: string) => {
        if (closing) return
        closing = true
        if (socket.readyState === socket.OPEN) socket.send(errorFrame(code, reason))
        socket.close(code, reason.slice(0, 120))
        setTimeout(() => socket.terminate(), TERMINATE_AFTER).unref()
      }
      let subscriber: Subscriber
      try {
        subscriber = {
          filter: parseFilter(filterFrom(request.query as Record<string, unknown>), rules(request)),
          send: (frame) => socket.send(frame),
          buffered: () => socket.bufferedAmount,
          close,
        }
      } catch (error) {
        const code = error instanceof StreamFilterError ? error.code : closeCodes.badFilter
        close(code, (error as Error).message)
        return
      }
      let alive = true
      const heartbeat = setInterval(() => {
        if (!alive) return socket.terminate()
        alive = false
        socket.ping()
      }, hub.options.heartbeat)
      heartbeat.unref()
      socket.on('pong', () => {
        alive = true
      })
      socket.on('close', () => {
        clearInterval(heartbeat)
        hub.unsubscribe(subscriber)
      })
      socket.on('message', (data, isBinary) => {
        try {
          const message = isBinary ? undefined : JSON.parse(data.toString())
          if (message?.type !== 'filter') {
            throw new StreamFilterError(
              closeCodes.badFilter,
              'messages must be JSON {"type":"filter","types":[...],"subjects":[...]}',
            )
          }
          hub.refilter(subscriber, parseFilter(message, rules(request)))
        } catch (error) {
          const code = error instanceof StreamFilterError ? error.code : closeCodes.badFilter
          hub.drop(
            subscriber,
            code,
            error instanceof StreamFilterError ? error.message : 'message is not JSON',
          )
        }
      })
      void hub.subscribe(subscriber)
    },
  })
}
