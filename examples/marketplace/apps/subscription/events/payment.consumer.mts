/**
 * Seed 002's `PaymentConsumer` in the subscription service: `payment.completed` activates the
 * subscription it paid for. Nest finds `@EventPattern` handlers in controllers.
 */
import { Controller } from '@nestjs/common'
import { Ctx, EventPattern, Payload } from '@nestjs/microservices'
import type { SpoolContext } from '@spool/nest'
import {
  PAYMENT_EVENTS,
  type PaymentCompletedEvent,
  type PaymentFailedEvent,
} from '../../../libs/common/kafka.events.ts'
import { SubscriptionsService } from '../subscriptions.service.mts'

@Controller()
export class PaymentConsumer {
  readonly #subscriptions: SubscriptionsService

  constructor(subscriptions: SubscriptionsService) {
    this.#subscriptions = subscriptions
  }

  // Validated and upcast: a v1 event (no currency) arrives here as v2 with currency 'USD'.
  @EventPattern(PAYMENT_EVENTS.PAYMENT_COMPLETED)
  async handlePaymentCompleted(@Payload() event: PaymentCompletedEvent, @Ctx() _ctx: SpoolContext) {
    if (event.type === 'subscription') await this.#subscriptions.activate(event)
  }

  @EventPattern(PAYMENT_EVENTS.PAYMENT_FAILED)
  async handlePaymentFailed(@Payload() event: PaymentFailedEvent) {
    if (event.type === 'subscription') await this.#subscriptions.markPastDue(event)
  }
}
