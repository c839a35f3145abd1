/** The payment service's consumers: a new subscription is charged; a PPV post becomes purchasable. */
import { Controller } from '@nestjs/common'
import { Ctx, EventPattern, Payload } from '@nestjs/microservices'
import type { SpoolContext } from '@spool/nest'
import {
  CONTENT_EVENTS,
  type PostCreatedEvent,
  SUBSCRIPTION_EVENTS,
  type SubscriptionCreatedEvent,
} from '../../../libs/common/kafka.events.ts'
import { PaymentsService } from '../payments.service.mts'

@Controller()
export class SubscriptionConsumer {
  readonly #payments: PaymentsService

  constructor(payments: PaymentsService) {
    this.#payments = payments
  }

  // Charging twice would be the worst bug here: the consumer group's idempotency store skips an
  // event whose id it has handled, so a redelivered `subscription.created` charges nobody again.
  @EventPattern(SUBSCRIPTION_EVENTS.CREATED)
  async handleSubscriptionCreated(@Payload() event: SubscriptionCreatedEvent, @Ctx() ctx: SpoolContext) {
    await this.#payments.chargeSubscription(event, ctx.getAttempt())
  }

  @EventPattern(CONTENT_EVENTS.POST_CREATED)
  handlePostCreated(@Payload() event: PostCreatedEvent) {
    this.#payments.enablePurchases(event)
  }
}
