/**
 * Liveness (GET /health: the process answers), readiness (GET /health/kafka: the broker answers
 * metadata, consumer groups and the offline spool), and Prometheus metrics (GET /metrics).
 */
import type { Admin, Bus } from '@spool/bus'
import type { FastifyInstance } from 'fastify'
import { GatewayError } from '../errors.ts'
import { ok, open, responses } from '../http/envelope.ts'
import type { StreamHub } from '../stream/hub.ts'

const BROKER_CHECK_TIMEOUT = 3_000 // ms: a readiness probe must answer fast even when Kafka does not
const started = Date.now()

const readiness = open(
  {
    status: { type: 'string', enum: ['up', 'degraded', 'down'] },
    broker: open({
      reachable: { type: 'boolean' },
      latencyMs: { type: ['number', 'null'] },
      brokers: { type: 'integer' },
      error: { type: ['string', 'null'] },
    }),
    producer: open(),
    consumers: { type: 'array', items: open() },
    spool: open({ enabled: { type: 'boolean' }, depth: { type: 'integer' } }),
    checkedAt: { type: 'string' },
  },
  ['status', 'broker', 'spool'],
)

export function healthRoutes(app: FastifyInstance, bus: Bus, admin: Admin, hub: StreamHub | undefined): void {
  app.get(
    '/health',
    {
      config: { role: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the gateway process answers',
        response: responses(200, open({ status: { type: 'string' }, uptime: { type: 'number' } })),
      },
    },
    async () => ok({ status: 'up', uptime: (Date.now() - started) / 1_000 }),
  )

  app.get(
    '/health/kafka',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: broker reachable, consumers, offline spool',
        description:
          '200 when `status` is up or degraded (events are accepted, maybe into the offline spool); 503 when down.',
        response: { ...responses(200, readiness), 503: open() },
      },
    },
    async (_request, reply) => {
      const broker = await probe(admin)
      // A producer that has not connected yet (the gateway connects it after listen) connects now,
      // so a probe right after start-up reports what the broker says, not a start-up race.
      if (broker.reachable && !bus.isProducerConnected()) await settle(bus.connect(), BROKER_CHECK_TIMEOUT)
      const health = bus.health()
      let status = health.status
      if (!broker.reachable)
        status = health.spool.enabled ? (status === 'down' ? 'down' : 'degraded') : 'down'
      const data = {
        status,
        broker,
        producer: health.producer,
        consumers: health.consumers.filter((c) => c.group !== hub?.group),
        stream: hub?.status() ?? null,
        spool: health.spool,
        checkedAt: health.checkedAt,
      }
      if (status === 'down') {
        reply.code(503)
        return {
          status: 'error',
          error: { code: 'SPOOL_ERR_NOT_READY', message: broker.error ?? 'a consumer group failed' },
          data,
        }
      }
      return ok(data)
    },
  )

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
      },
    },
    async (_request, reply) => {
      const registry = bus.metrics.registry
      reply.type(registry.contentType)
      return registry.metrics()
    },
  )
}

/** Waits for `promise` at most `ms`, ignoring its outcome. */
async function settle(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([promise.catch(() => {}), new Promise((r) => (timer = setTimeout(r, ms)))])
  clearTimeout(timer)
}

async function probe(admin: Admin) {
  const begun = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    const cluster = await Promise.race([
      admin.cluster(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new GatewayError(504, 'SPOOL_ERR_TIMEOUT', `no answer within ${BROKER_CHECK_TIMEOUT} ms`)),
          BROKER_CHECK_TIMEOUT,
        )
      }),
    ])
    return {
      reachable: true,
      latencyMs: Math.round((performance.now() - begun) * 10) / 10,
      brokers: cluster.brokers.length,
      clusterId: cluster.clusterId,
      error: null,
    }
  } catch (error) {
    return { reachable: false, latencyMs: null, brokers: 0, clusterId: null, error: (error as Error).message }
  } finally {
    clearTimeout(timer)
  }
}
