import { Controller } from '@nestjs/common'
import { Ctx, EventPattern, Payload } from '@nestjs/microservices'
import { SpoolContext } from '@spool/nest'
import { type Order, OrderPlaced } from './events.js'
import { Seen } from './seen.js'

/** Runs through the Spool transport (main.ts), in its group `orders-app-events`. */
@Controller()
export class OrderEventsController {
  constructor(private readonly seen: Seen) {}

  // <string>: with a string pattern alone, @nestjs/microservices 12 types the handler's extra
  // arguments as unknown, so a typed @Ctx() parameter would not compile under strict.
  @EventPattern<string>(OrderPlaced.type)
  placed(@Payload() order: Order, @Ctx() context: SpoolContext): void {
    if (context.getTopic() !== 'orders') throw new Error(`unexpected topic ${context.getTopic()}`)
    this.seen.record('eventPattern', order.orderId)
  }
}
