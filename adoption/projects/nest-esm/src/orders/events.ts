import { defineEvent, type EventData } from '@spool/catalog'
import { z } from 'zod'

export const OrderPlaced = defineEvent({
  type: 'order.placed',
  topic: 'orders',
  key: 'orderId',
  subject: 'customerId',
  schema: z.object({
    orderId: z.string().min(1),
    customerId: z.string().min(1),
    amount: z.number().int().positive(),
  }),
})

export const catalog = [OrderPlaced]

export type Order = EventData<typeof OrderPlaced>
