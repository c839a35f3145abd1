import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common'
import type { Order } from './events.js'
import { OrdersService } from './orders.service.js'
import { Seen } from './seen.js'

@Controller('orders')
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly seen: Seen,
  ) {}

  @Post()
  @HttpCode(202)
  async place(@Body() order: Order) {
    const published = await this.orders.place(order)
    return { id: published.id, topic: published.topic, offset: String(published.offset) }
  }

  @Get('seen')
  seenOrders() {
    return this.seen.byHandler
  }
}
