/**
 * Seed 003's events, defined once: each has its topic, its partition key (a user's or an order's
 * events stay in order) and a schema checked when it is published and when it is consumed.
 */
import { defineEvent } from '@spool/catalog'
import { z } from 'zod'

export const UserLogin = defineEvent({
  type: 'user.login',
  topic: 'user-events',
  key: 'userId',
  subject: 'userId',
  description: 'A user logged in (the seed USER_LOGIN)',
  schema: z.object({
    userId: z.string().min(1),
    ip: z.string().optional(),
    timestamp: z.iso.datetime(),
  }),
})

export const UserAction = defineEvent({
  type: 'user.action',
  topic: 'user-activity',
  key: 'userId',
  subject: 'userId',
  description: 'Something a user did (the seed USER_ACTION)',
  schema: z.object({
    userId: z.string().min(1),
    action: z.string().min(1),
    data: z.record(z.string(), z.unknown()).default({}),
    timestamp: z.iso.datetime(),
  }),
})

const item = z.object({ sku: z.string(), quantity: z.number().int().positive() })

export const OrderCreated = defineEvent({
  type: 'order.created',
  topic: 'orders.events',
  key: 'orderId',
  description: 'An order was created (the seed ORDER_CREATED)',
  schema: z.object({
    orderId: z.string(),
    customerId: z.string(),
    items: z.array(item).min(1),
    total: z.number().nonnegative(),
  }),
})

export const OrderUpdated = defineEvent({
  type: 'order.updated',
  topic: 'orders.events',
  key: 'orderId',
  description: 'An order changed (the seed ORDER_UPDATED)',
  schema: z.object({ orderId: z.string(), changes: z.record(z.string(), z.unknown()) }),
})

/** What `spool dev --catalog ./src/events.js` serves. */
export const catalog = [UserLogin, UserAction, OrderCreated, OrderUpdated]
