/**
 * The orders service: places orders (publishes `order.placed`) and, in its consumer group, ships
 * each placed order (publishes `order.shipped`), remembering what it handled.
 */
import type { Bus, PublishedEvent } from '@spool/bus'
import type { EnvelopeOf } from '@spool/catalog'
import { type Order, OrderPlaced, OrderShipped, type Shipment } from './events.js'

export class OrdersService {
  readonly placed: Order[] = []
  readonly shipped: Shipment[] = []
  readonly #bus: Bus

  constructor(bus: Bus, group: string) {
    this.#bus = bus
    bus
      .consumer({ group })
      .on(OrderPlaced, async (event: EnvelopeOf<typeof OrderPlaced>) => {
        const cents: number = event.data.amount
        this.placed.push({ ...event.data, amount: cents })
        await bus.publish(OrderShipped, {
          orderId: event.data.orderId,
          carrier: event.data.currency === 'EUR' ? 'dhl' : 'ups',
          shippedAt: new Date().toISOString(),
        })
      })
      .on(OrderShipped, (event) => {
        this.shipped.push(event.data)
      })
  }

  place(order: Order): Promise<PublishedEvent> {
    return this.#bus.publish(OrderPlaced, order)
  }
}
