/**
 * What the browser suites run against: a bus with a small catalog (orders that a consumer group
 * handles, payments whose handler fails until told otherwise), and the gateway serving the
 * console on a free port.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Bus, createBus, NonRetryableError } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { consoleDir } from '@spool/console'
import { createGateway, type Gateway, type GatewayInput } from '@spool/gateway'
import { bootstrapList, uniqueName, waitFor } from '@spool/testing'
import { pino } from 'pino'
import { z } from 'zod'

const logger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

export function consoleCatalog() {
  const orders = uniqueName('console-orders')
  const payments = uniqueName('console-payments')
  const OrderPlaced = defineEvent({
    type: 'order.placed',
    topic: orders,
    subject: 'userId',
    description: 'A customer placed an order',
    example: { userId: 'u1', orderId: 'o-100', amount: 42.5, currency: 'EUR', items: ['book'] },
    schema: z.object({
      userId: z.string().min(1),
      orderId: z.string().min(1).describe('Unique per order'),
      amount: z.number().positive(),
      currency: z.enum(['EUR', 'USD', 'GBP']),
      express: z.boolean().optional(),
      items: z.array(z.string()).optional(),
      address: z.object({ city: z.string(), zip: z.string().optional() }).optional(),
    }),
  })
  const PaymentCaptured = defineEvent({
    type: 'payment.captured',
    topic: payments,
    key: 'paymentId',
    description: 'A payment went through',
    schema: z.object({ paymentId: z.string(), orderId: z.string(), amount: z.number() }),
  })
  return { orders, payments, OrderPlaced, PaymentCaptured, all: [OrderPlaced, PaymentCaptured] }
}

export interface Stack {
  bus: Bus
  gateway: Gateway
  url: string
  port: number
  events: ReturnType<typeof consoleCatalog>
  /** Group that handles orders (its lag and offsets are what the groups page shows). */
  ordersGroup: string
  /** Group whose payment handler throws until `heal()`. */
  billingGroup: string
  handledOrders: string[]
  handledPayments: string[]
  heal(): void
  /** A second gateway on the same bus (auth on, say); closed with the stack. */
  extraGateway(input: Partial<GatewayInput>): Promise<{ gateway: Gateway; url: string }>
  /** Closes the gateway and serves a new one on the same port (a gateway restart). */
  restartGateway(): Promise<void>
  close(): Promise<void>
}

export async function startStack(bootstrap: string): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'spool-console-'))
  const events = consoleCatalog()
  const bus = createBus({
    brokers: bootstrapList(bootstrap),
    clientId: uniqueName('console'),
    catalog: events.all,
    logger,
    offline: 'fail',
    offlinePath: join(dir, 'offline.db'),
    retry: { attempts: 1, initialDelay: 1 },
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
  })
  const ordersGroup = uniqueName('console-fulfilment')
  const billingGroup = uniqueName('console-billing')
  const handledOrders: string[] = []
  const handledPayments: string[] = []
  let healed = false
  bus.consumer({ group: ordersGroup }).on(events.OrderPlaced, (e) => {
    handledOrders.push(e.data.orderId)
  })
  bus.consumer({ group: billingGroup }).on(events.PaymentCaptured, (e) => {
    if (!healed) throw new NonRetryableError(`card declined for ${e.data.paymentId}`)
    handledPayments.push(e.data.paymentId)
  })
  await bus.start()
  const make = (input: Partial<GatewayInput> = {}) =>
    createGateway({
      bus,
      logger: logger as never,
      console: consoleDir,
      docs: false,
      rateLimit: false,
      ...input,
    })
  let gateway = make()
  const url = await gateway.listen({ host: '127.0.0.1', port: 0 })
  const port = (gateway.server.address() as AddressInfo).port
  const extras: Gateway[] = []
  const stack: Stack = {
    bus,
    gateway,
    url,
    port,
    events,
    ordersGroup,
    billingGroup,
    handledOrders,
    handledPayments,
    heal: () => {
      healed = true
    },
    async extraGateway(input) {
      const extra = make({ stream: false, ...input })
      extras.push(extra)
      return { gateway: extra, url: await extra.listen({ host: '127.0.0.1', port: 0 }) }
    },
    async restartGateway() {
      await gateway.close()
      gateway = make()
      stack.gateway = gateway
      await gateway.listen({ host: '127.0.0.1', port })
    },
    async close() {
      for (const g of extras) await g.close().catch(() => {})
      await gateway.close().catch(() => {})
      await bus.close(5_000).catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return stack
}

export { waitFor } from '@spool/testing'

/** GET on the gateway's API, unwrapped. */
export async function apiGet<T = any>(url: string, path: string): Promise<T> {
  const res = await fetch(new URL(path, url))
  const body = (await res.json()) as { status: string; data: T; error?: { message: string } }
  if (body.status !== 'success') throw new Error(`${path}: ${body.error?.message}`)
  return body.data
}

/** Six orders (handled by the orders group) and one payment, dead-lettered by the failing handler. */
export async function seed(stack: Stack): Promise<void> {
  const { bus, events } = stack
  for (let i = 1; i <= 6; i++) {
    await bus.publish(
      events.OrderPlaced,
      {
        userId: `u${i % 3}`,
        orderId: `seed-${i}`,
        amount: 10 * i,
        currency: 'EUR',
        items: ['book', 'pen'],
      },
      { subject: `u${i % 3}` },
    )
  }
  await bus.publish(events.PaymentCaptured, { paymentId: 'pay-1', orderId: 'seed-1', amount: 10 })
  await waitFor(
    () => bus.consumer(stack.billingGroup).status().deadLettered === 1,
    'the payment dead-lettered',
  )
  await waitFor(() => stack.handledOrders.length === 6, 'the seeded orders handled')
}
