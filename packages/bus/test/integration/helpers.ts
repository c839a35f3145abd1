/** Shared fixtures of the bus integration suites: events, a bus per test, waiting. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { type Bus, type BusInput, createBus } from '@spool/bus'
import { type AnyEventDefinition, defineEvent } from '@spool/catalog'
import { bootstrapList, type Target, uniqueName } from '@spool/testing'
import { pino } from 'pino'
import { z } from 'zod'

/** Event definitions on fresh topics, so suites never see each other's records. */
export function events(prefix = 'it') {
  const orders = uniqueName(`${prefix}-orders`)
  const OrderPlaced = defineEvent({
    type: 'order.placed',
    topic: orders,
    key: 'customerId',
    subject: 'customerId',
    description: 'A customer placed an order',
    schema: z.object({
      orderId: z.string(),
      customerId: z.string(),
      total: z.number().nonnegative(),
      seq: z.number().int(),
    }),
  })
  const OrderShipped = defineEvent({
    type: 'order.shipped',
    topic: orders,
    key: 'customerId',
    schema: z.object({ orderId: z.string(), customerId: z.string() }),
  })
  return { orders, OrderPlaced, OrderShipped }
}

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

/** A bus on the target with a temp offline spool, closed after the test. */
export function makeBus(
  t: TestContext,
  target: Target,
  catalog: readonly AnyEventDefinition[],
  options: Partial<BusInput> = {},
): Bus {
  const dir = mkdtempSync(join(tmpdir(), 'spool-bus-'))
  const bus = createBus({
    brokers: bootstrapList(target.bootstrap!),
    clientId: uniqueName('client'),
    catalog,
    offlinePath: join(dir, 'offline.db'),
    logger: quietLogger,
    topicPartitions: 3,
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

/** Polls `check` until it returns true, or fails after `timeout` ms with `what`. */
export { waitFor } from '@spool/testing'
