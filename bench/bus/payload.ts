/**
 * The benchmark's event: an order of a few line items padded to the requested JSON size, keyed by
 * user, as a catalog definition (for the bus) and as plain data (for the raw client). Both sides
 * build each event the same way, from a pool of prebuilt orders, so building costs them alike.
 */
import { defineEvent } from '@spool/catalog'
import { z } from 'zod'

export const orderSchema = z.object({
  orderId: z.string(),
  userId: z.string(),
  seq: z.number().int().nonnegative(),
  /** performance.now() of the publishing process when the event was handed to the client. */
  sentAt: z.number(),
  currency: z.string().length(3),
  total: z.number().nonnegative(),
  items: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.number().int(), price: z.number() })),
  note: z.string(),
})

export type Order = z.infer<typeof orderSchema>

/** A definition of the order event on `topic` (one fresh topic per run). */
export function orderEvent(topic: string) {
  return defineEvent({ type: 'bench.order.placed', topic, key: 'userId', schema: orderSchema })
}

export type OrderEvent = ReturnType<typeof orderEvent>

const POOL = 1_024
const USERS = 1_000

/** Prebuilt orders whose JSON is `size` bytes (± a few for the varying numbers). */
export class Orders {
  readonly size: number
  #pool: Order[]

  constructor(size: number) {
    this.size = size
    this.#pool = Array.from({ length: POOL }, (_, i) => sized(template(i), size))
  }

  /** The `seq`-th order, stamped now. */
  next(seq: number): Order {
    return { ...this.#pool[seq % POOL]!, seq, sentAt: performance.now() }
  }

  /** Bytes of JSON of a typical order (measured, not assumed). */
  get bytes(): number {
    return Buffer.byteLength(JSON.stringify(this.next(123_456)))
  }
}

function template(i: number): Order {
  const items = Array.from({ length: 6 }, (_, j) => ({
    sku: `SKU-${(i * 7 + j).toString(36).padStart(6, '0')}`,
    name: `Item ${j} of order ${i}`,
    qty: 1 + ((i + j) % 4),
    price: Math.round(((i * 31 + j * 17) % 10_000) + 99) / 100,
  }))
  return {
    orderId: `order-${i.toString().padStart(8, '0')}`,
    userId: `user-${(i % USERS).toString().padStart(5, '0')}`,
    seq: 0,
    sentAt: 0,
    currency: 'EUR',
    total: Math.round(items.reduce((s, it) => s + it.qty * it.price, 0) * 100) / 100,
    items,
    note: '',
  }
}

/** Pads `note` so the order's JSON (with a typical seq and timestamp) is `size` bytes. */
function sized(order: Order, size: number): Order {
  const typical = { ...order, seq: 123_456, sentAt: 12_345.678_901_234 }
  const missing = size - Buffer.byteLength(JSON.stringify(typical))
  if (missing < 0) throw new Error(`--size ${size} is smaller than the bare order (${size - missing} bytes)`)
  return { ...order, note: 'x'.repeat(missing) }
}
