/**
 * Event sourcing (seed 003): `orders.events` is the log of everything that happened to orders.
 * Every event is keyed by order id, so one order's events stay in one partition, in order, and
 * replaying the topic rebuilds each order's state (`OrderProjection`).
 */
import { topics } from '../config.js'
import { kafkaService } from '../services/kafka.js'

const byOrder = { key: (event) => event.orderId }

export class OrderEventSourcing {
  static async publishOrderCreated(order) {
    await kafkaService.send(
      topics.orders,
      {
        type: 'ORDER_CREATED',
        orderId: order.id,
        customerId: order.customerId,
        items: order.items,
        total: order.total,
        timestamp: new Date().toISOString(),
      },
      byOrder,
    )
  }

  static async publishOrderUpdated(orderId, changes) {
    await kafkaService.send(
      topics.orders,
      { type: 'ORDER_UPDATED', orderId, changes, timestamp: new Date().toISOString() },
      byOrder,
    )
  }
}

/**
 * The read side: folds `orders.events` into the current state of each order. Its own consumer
 * group, so it sees every event whatever the saga does.
 */
export class OrderProjection {
  static orders = new Map()

  static async init() {
    await kafkaService.init().connectConsumer('order-projection')
    await kafkaService.subscribe(topics.orders, (event) => this.apply(event))
  }

  static apply(event) {
    const current = this.orders.get(event.orderId)
    switch (event.type) {
      case 'ORDER_CREATED':
        this.orders.set(event.orderId, {
          id: event.orderId,
          customerId: event.customerId,
          items: event.items,
          total: event.total,
          status: 'CREATED',
          history: ['ORDER_CREATED'],
        })
        break
      case 'ORDER_UPDATED':
        if (current) Object.assign(current, event.changes, { history: [...current.history, event.type] })
        break
      default:
        if (current) current.history.push(event.type)
    }
  }
}
