/**
 * The two servers the gateway benchmark compares, both on one port each of 127.0.0.1:
 * - bare: a Fastify route at POST /api/kafka/events that parses the JSON body and answers 202,
 *   doing nothing else (the ceiling of any Fastify route on this machine);
 * - gateway: Spool's gateway publishing every event through the bus to real Kafka (acks=all,
 *   idempotent producer: the bus's defaults), answering 202 once Kafka acknowledged it.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Bus, createBus } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { createGateway } from '@spool/gateway'
import Fastify, { type FastifyInstance } from 'fastify'
import { pino } from 'pino'
import { z } from 'zod'

export const MissionCompleted = (topic: string) =>
  defineEvent({
    type: 'mission.completed',
    topic,
    subject: 'userId',
    schema: z.object({
      userId: z.string(),
      missionId: z.string(),
      missionName: z.string(),
      missionType: z.string(),
      duration: z.number().int().positive(),
      xpEarned: z.number().int().nonnegative(),
    }),
  })

/** Seed 004's example request. */
export const body = JSON.stringify({
  eventType: 'mission.completed',
  userId: 'user_42',
  data: {
    userId: 'user_42',
    missionId: 'mission_123',
    missionName: 'Focus Session',
    missionType: 'FOCUS',
    duration: 25,
    xpEarned: 50,
  },
})

export interface Running {
  url: string
  close(): Promise<void>
}

export async function startBare(): Promise<Running> {
  const app: FastifyInstance = Fastify({ logger: false })
  app.post('/api/kafka/events', async (_request, reply) => {
    reply.code(202)
    return { status: 'success' }
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  return { url, close: () => app.close() }
}

export async function startGateway(brokers: string[], topic: string): Promise<Running & { bus: Bus }> {
  const bus = createBus({
    brokers,
    clientId: 'bench-gateway',
    catalog: [MissionCompleted(topic)],
    offline: 'fail',
    offlinePath: join(mkdtempSync(join(tmpdir(), 'spool-bench-')), 'offline.db'),
    logger: pino({ level: 'warn' }),
  })
  await bus.connect()
  const gateway = createGateway({ bus, rateLimit: false, docs: false })
  const url = await gateway.listen({ host: '127.0.0.1', port: 0 })
  return {
    url,
    bus,
    close: async () => {
      await gateway.close()
      await bus.close()
    },
  }
}
