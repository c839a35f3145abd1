/** Shared fixtures of the nest suites: events on fresh topics, apps closed after each test, waiting. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import type { INestApplicationContext } from '@nestjs/common'
import { defineEvent } from '@spool/catalog'
import { bootstrapList, type Target, uniqueName } from '@spool/testing'
import { pino } from 'pino'
import { z } from 'zod'

/** Event definitions on fresh topics, so suites never see each other's records. */
export function events(prefix = 'nest') {
  const missions = uniqueName(`${prefix}-missions`)
  const payments = uniqueName(`${prefix}-payments`)
  const MissionCompleted = defineEvent({
    type: 'mission.completed',
    topic: missions,
    key: 'userId',
    subject: 'userId',
    description: 'A user completed a mission',
    schema: z.object({
      userId: z.string(),
      missionId: z.string(),
      xpEarned: z.number().int().nonnegative(),
    }),
  })
  const PaymentCompleted = defineEvent({
    type: 'payment.completed',
    topic: payments,
    key: 'userId',
    schema: z.object({ paymentId: z.string(), userId: z.string(), amount: z.number().positive() }),
  })
  return { missions, payments, MissionCompleted, PaymentCompleted }
}

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

/** Bus options for the target: fast group timings, a temp offline spool, quiet logs. */
export function busOptions(t: TestContext, target: Target) {
  const dir = mkdtempSync(join(tmpdir(), 'spool-nest-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return {
    env: false as const,
    brokers: bootstrapList(target.bootstrap!),
    clientId: uniqueName('nest'),
    offlinePath: join(dir, 'offline.db'),
    logger: quietLogger,
    topicPartitions: 2,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  }
}

/** Closes `app` after the test (idempotent with a close the test makes itself). */
export function closeAfter<A extends INestApplicationContext>(t: TestContext, app: A): A {
  t.after(() => app.close().catch(() => {}))
  return app
}

export { waitFor } from '@spool/testing'

/**
 * Module options for tests that need Nest's container but no broker: the bus never connects
 * (autoStart off, offline spool off), so nothing touches the network.
 */
export function offlineOptions(clientId = uniqueName('offline')) {
  return {
    env: false as const,
    brokers: ['127.0.0.1:1'],
    clientId,
    offline: 'fail' as const,
    logger: quietLogger,
    autoStart: false,
  }
}
