/**
 * Seed 004's consumer status and control: GET /api/kafka/status reports every consumer group of
 * the bus; POST starts, stops, pauses or resumes one group (`group`) or all of them.
 */
import type { Bus, BusConsumer } from '@spool/bus'
import type { FastifyInstance } from 'fastify'
import { GatewayError } from '../errors.ts'
import { ok, open, responses } from '../http/envelope.ts'
import type { StreamHub } from '../stream/hub.ts'

export type StatusAction = 'start' | 'stop' | 'pause' | 'resume'

const statusData = open(
  {
    consumerRunning: { type: 'boolean', description: 'At least one consumer group is running' },
    producerConnected: { type: 'boolean' },
    consumers: {
      type: 'array',
      description: "The application's consumer groups (the gateway's own stream group is under `stream`)",
      items: open({
        group: { type: 'string' },
        state: {
          type: 'string',
          enum: ['idle', 'starting', 'running', 'paused', 'stopping', 'stopped', 'failed'],
        },
        topics: { type: 'array', items: { type: 'string' } },
        lag: { type: 'integer' },
      }),
    },
    stream: open({
      enabled: { type: 'boolean' },
      group: { type: ['string', 'null'] },
      clients: { type: 'integer' },
    }),
    timestamp: { type: 'string', format: 'date-time' },
  },
  ['consumerRunning', 'producerConnected', 'consumers', 'timestamp'],
)

export function statusRoutes(app: FastifyInstance, bus: Bus, hub: StreamHub | undefined): void {
  const appConsumers = (): BusConsumer[] => [...bus.consumers.values()].filter((c) => c.group !== hub?.group)
  const status = () => {
    const consumers = appConsumers().map((c) => c.status())
    return {
      consumerRunning: consumers.some((c) => c.state === 'running'),
      producerConnected: bus.isProducerConnected(),
      consumers,
      stream: hub ? hub.status() : { enabled: false, group: null, clients: 0 },
      timestamp: new Date().toISOString(),
    }
  }

  app.get(
    '/api/kafka/status',
    {
      schema: {
        tags: ['status'],
        summary: 'Consumer groups and producer status',
        response: responses(200, statusData),
      },
    },
    async () => ok(status()),
  )

  app.post<{ Body: { action: StatusAction; group?: string } }>(
    '/api/kafka/status',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['status'],
        summary: 'Start, stop, pause or resume consumer groups',
        description: 'Without `group` the action applies to every consumer group of the application.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['action'],
          properties: {
            action: { type: 'string', enum: ['start', 'stop', 'pause', 'resume'] },
            group: { type: 'string', minLength: 1, maxLength: 255 },
          },
        },
        response: responses(200, statusData, [400, 404, 409]),
      },
    },
    async (request) => {
      const { action, group } = request.body
      let targets = appConsumers()
      if (group !== undefined) {
        const found = bus.consumers.get(group)
        if (!found || found.group === hub?.group) {
          throw new GatewayError(
            404,
            'SPOOL_ERR_NOT_FOUND',
            `this service has no consumer group "${group}"`,
            {
              details: { resource: 'group', name: group, known: targets.map((c) => c.group) },
            },
          )
        }
        targets = [found]
      }
      if (action === 'start') {
        if (!group) targets = targets.filter((c) => c.topics.length > 0)
        await bus.connect()
        await Promise.all(targets.map((c) => c.start()))
      } else if (action === 'stop') await Promise.all(targets.map((c) => c.stop()))
      else if (action === 'pause') for (const c of targets) c.pause()
      else for (const c of targets) c.resume()
      request.log.info({ action, groups: targets.map((c) => c.group) }, 'consumer status changed')
      return ok(status())
    },
  )
}
