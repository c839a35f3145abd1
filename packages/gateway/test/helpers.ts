/** Fixtures of the gateway suites: a catalog, a bus (on a broker or on nothing), a gateway. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { type Bus, type BusInput, createBus } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { createGateway, type Gateway, type GatewayInput } from '@spool/gateway'
import { uniqueName } from '@spool/testing'
import { pino } from 'pino'
import { z } from 'zod'

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

/** Seed-004-style events on fresh topics. */
export function catalog(prefix = 'gw') {
  const missions = uniqueName(`${prefix}-missions`)
  const notifications = uniqueName(`${prefix}-notifications`)
  const MissionCompleted = defineEvent({
    type: 'mission.completed',
    topic: missions,
    subject: 'userId',
    description: 'Published when a user completes a mission',
    example: { userId: 'u1', missionId: 'm1', missionName: 'Focus', duration: 25, xpEarned: 50 },
    schema: z.object({
      userId: z.string(),
      missionId: z.string(),
      missionName: z.string(),
      duration: z.number().int().positive(),
      xpEarned: z.number().int().nonnegative(),
    }),
  })
  const NotificationSent = defineEvent({
    type: 'notification.sent',
    topic: notifications,
    key: 'userId',
    schema: z.object({ userId: z.string(), text: z.string().max(500_000) }),
  })
  return {
    missions,
    notifications,
    MissionCompleted,
    NotificationSent,
    all: [MissionCompleted, NotificationSent],
  }
}

export const mission = (userId = 'u1', xpEarned = 50) => ({
  userId,
  missionId: 'm1',
  missionName: 'Focus',
  duration: 25,
  xpEarned,
})

/** A bus (closed after the test). Without `brokers` it points at a closed port and fails fast. */
export function makeBus(t: TestContext, options: Partial<BusInput> = {}): Bus {
  const dir = mkdtempSync(join(tmpdir(), 'spool-gw-'))
  const bus = createBus({
    brokers: ['127.0.0.1:1'],
    clientId: uniqueName('gw'),
    catalog: catalog().all,
    offline: 'fail',
    offlinePath: join(dir, 'offline.db'),
    logger: quietLogger,
    connectionTimeout: 500,
    requestTimeout: 5_000,
    retries: 0,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    ...options,
  })
  t.after(async () => {
    await bus.close(5_000).catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  })
  return bus
}

/** A gateway (closed after the test), quiet, with stream off unless given. */
export function makeGateway(t: TestContext, input: GatewayInput): Gateway {
  const gateway = createGateway({ logger: quietLogger as never, stream: false, docs: false, ...input })
  t.after(() => gateway.close())
  return gateway
}

export const keys = {
  admin: { key: 'admin-key-123456', roles: ['admin'] as const, name: 'ops' },
  reader: { key: 'reader-key-123456', roles: ['read'] as const, name: 'dashboard' },
  publisher: { key: 'publisher-key-123456', roles: ['publish'] as const, name: 'web' },
  user1: { key: 'user1-key-123456', roles: ['read'] as const, name: 'u1-browser', subject: 'u1' },
}
export const auth = { keys: Object.values(keys).map((k) => ({ ...k, roles: [...k.roles] })) }

export { waitFor } from '@spool/testing'
