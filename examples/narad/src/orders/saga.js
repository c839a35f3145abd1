/**
 * The saga (seed 003): the `order-saga` group reads `orders.events` and drives each order through
 * its steps. ORDER_CREATED starts the saga (asks the payment service to charge); PAYMENT_COMPLETED
 * continues it (marks the order paid); PAYMENT_FAILED compensates (cancels the order). Each step is
 * an event, so a restarted orchestrator picks up where its committed offset left it.
 */
import { topics } from '../config.js'
import { kafkaService } from '../services/kafka.js'
import { OrderEventSourcing } from './event-sourcing.js'

export class OrderSagaOrchestrator {
  /** Saga state per order: the step reached. */
  static sagas = new Map()

  static async init() {
    await kafkaService.init().connectConsumer('order-saga')
    await kafkaService.subscribe(topics.orders, (message) => this.handleOrderEvent(message))
  }

  static async handleOrderEvent(message) {
    switch (message.type) {
      case 'ORDER_CREATED':
        await this.startOrderSaga(message)
        break
      case 'PAYMENT_COMPLETED':
        await this.continueOrderSaga(message)
        break
      case 'PAYMENT_FAILED':
        await this.compensateOrderSaga(message)
        break
      // ORDER_UPDATED is the saga's own output: nothing to do.
    }
  }

  static async startOrderSaga({ orderId, customerId, total }) {
    this.sagas.set(orderId, { step: 'AWAITING_PAYMENT' })
    await kafkaService.send(
      topics.paymentCommands,
      { type: 'CHARGE_PAYMENT', orderId, customerId, amount: total, timestamp: new Date().toISOString() },
      { key: orderId },
    )
  }

  static async continueOrderSaga({ orderId, paymentId }) {
    this.sagas.set(orderId, { step: 'COMPLETED', paymentId })
    await OrderEventSourcing.publishOrderUpdated(orderId, { status: 'PAID', paymentId })
  }

  static async compensateOrderSaga({ orderId, reason }) {
    this.sagas.set(orderId, { step: 'COMPENSATED', reason })
    await OrderEventSourcing.publishOrderUpdated(orderId, { status: 'CANCELLED', reason })
  }
}
