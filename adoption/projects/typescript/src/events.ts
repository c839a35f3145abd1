/** The service's events: one definition per type, typed from its zod schema. */
import { defineEvent, type EventData } from '@spool/catalog'
import { z } from 'zod'

export const OrderPlaced = defineEvent({
  type: 'order.placed',
  topic: 'orders',
  key: 'orderId',
  subject: 'customerId',
  description: 'A customer placed an order',
  schema: z.object({
    orderId: z.string().min(1),
    customerId: z.string().min(1),
    amount: z.number().int().positive(), // cents
    currency: z.enum(['EUR', 'USD']),
  }),
})

export const OrderShipped = defineEvent({
  type: 'order.shipped',
  topic: 'orders',
  key: 'orderId',
  schema: z.object({ orderId: z.string().min(1), carrier: z.string(), shippedAt: z.iso.datetime() }),
})

export const catalog = [OrderPlaced, OrderShipped]

export type Order = EventData<typeof OrderPlaced>
export type Shipment = EventData<typeof OrderShipped>
