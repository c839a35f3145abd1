import { Injectable } from '@nestjs/common'
import type { EnvelopeOf } from '@spool/catalog'
import { Bus, SpoolHandler } from '@spool/nest'
import { type Order, OrderPlaced } from './events.js'
import { Seen } from './seen.js'

@Injectable()
export class OrdersService {
  constructor(
    private readonly bus: Bus,
    private readonly seen: Seen,
  ) {}

  place(order: Order) {
    return this.bus.publish(OrderPlaced, order)
  }

  /** Runs in the module's consumer group (`orders-app`). */
  @SpoolHandler(OrderPlaced)
  async audit(event: EnvelopeOf<typeof OrderPlaced>): Promise<void> {
    this.seen.record('spoolHandler', event.data.orderId)
  }
}
