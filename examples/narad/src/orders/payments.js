/**
 * A stand-in payment service: charges what the saga asks for and answers on `orders.events`.
 * Amounts over the limit are declined, so the saga's compensation path can be seen too.
 */
import { randomUUID } from 'node:crypto'
import { topics } from '../config.js'
import { kafkaService } from '../services/kafka.js'

export class PaymentService {
  static limit = 1_000

  static async init() {
    await kafkaService.init().connectConsumer('payment-service')
    await kafkaService.subscribe(topics.paymentCommands, (command) => this.handleCommand(command))
  }

  static async handleCommand(command) {
    if (command.type !== 'CHARGE_PAYMENT') return
    const reply =
      command.amount > this.limit
        ? { type: 'PAYMENT_FAILED', orderId: command.orderId, reason: `amount ${command.amount} over limit` }
        : { type: 'PAYMENT_COMPLETED', orderId: command.orderId, paymentId: randomUUID() }
    await kafkaService.send(
      topics.orders,
      { ...reply, timestamp: new Date().toISOString() },
      { key: command.orderId },
    )
  }
}
