/**
 * The catalog `spool dev` serves when no `--catalog` is given: a small demo shipped in this
 * package, so the console's produce form, message browser, live tail and dead letters have real
 * event types to show in a fresh project. Three topics: `missions` (a user's focus sessions and
 * the XP they earn), `orders` and `payments` (a shop). Pass `--catalog ./src/events.ts` (or a
 * built `.js`) to serve your own instead.
 */
import { type AnyEventDefinition, defineEvent } from '@spool/catalog'
import { z } from 'zod'

export const MissionCompleted = defineEvent({
  type: 'mission.completed',
  topic: 'mission-events',
  version: 1,
  key: 'userId',
  subject: 'userId',
  description: 'A user completed a focus mission',
  schema: z.object({
    userId: z.string().min(1),
    missionId: z.string().min(1),
    missionName: z.string().min(1),
    missionType: z.enum(['FOCUS', 'LEARNING', 'JOB_SEARCH']).default('FOCUS'),
    duration: z.number().int().positive().describe('minutes'),
    xpEarned: z.number().int().nonnegative(),
  }),
  example: {
    userId: 'ada',
    missionId: 'm1',
    missionName: 'Focus',
    missionType: 'FOCUS',
    duration: 25,
    xpEarned: 50,
  },
})

export const XpEarned = defineEvent({
  type: 'xp.earned',
  topic: 'mission-events',
  version: 1,
  key: 'userId',
  subject: 'userId',
  description: 'XP credited to a user',
  schema: z.object({
    userId: z.string().min(1),
    amount: z.number().int().positive(),
    source: z.string().min(1),
  }),
  example: { userId: 'ada', amount: 50, source: 'mission' },
})

const line = z.object({
  sku: z.string().min(1),
  quantity: z.number().int().positive(),
  price: z.number().nonnegative(),
})

export const OrderPlaced = defineEvent({
  type: 'order.placed',
  topic: 'orders',
  version: 1,
  key: 'orderId',
  subject: 'customerId',
  description: 'A customer placed an order',
  schema: z.object({
    orderId: z.string().min(1),
    customerId: z.string().min(1),
    lines: z.array(line).min(1),
    total: z.number().nonnegative(),
    currency: z.string().length(3).default('EUR'),
  }),
  example: {
    orderId: 'o-1001',
    customerId: 'c-42',
    lines: [{ sku: 'mug', quantity: 2, price: 9.5 }],
    total: 19,
    currency: 'EUR',
  },
})

export const OrderShipped = defineEvent({
  type: 'order.shipped',
  topic: 'orders',
  version: 1,
  key: 'orderId',
  description: 'An order left the warehouse',
  schema: z.object({
    orderId: z.string().min(1),
    carrier: z.string().min(1),
    trackingNumber: z.string().min(1),
  }),
  example: { orderId: 'o-1001', carrier: 'dhl', trackingNumber: 'JD0142' },
})

export const PaymentCompleted = defineEvent({
  type: 'payment.completed',
  topic: 'payments',
  version: 1,
  key: 'orderId',
  description: 'A payment for an order succeeded',
  schema: z.object({
    paymentId: z.string().min(1),
    orderId: z.string().min(1),
    amount: z.number().positive(),
    currency: z.string().length(3),
  }),
  example: { paymentId: 'p-9', orderId: 'o-1001', amount: 19, currency: 'EUR' },
})

/** The demo's event definitions, in the order the console lists them. */
export const demoCatalog: readonly AnyEventDefinition[] = Object.freeze([
  MissionCompleted,
  XpEarned,
  OrderPlaced,
  OrderShipped,
  PaymentCompleted,
])
