/**
 * The content service's consumers: a purchase unlocks a PPV post, subscriptions unlock
 * subscriber-only posts once paid, tips show on the post.
 */
import { Controller } from '@nestjs/common'
import { EventPattern, Payload } from '@nestjs/microservices'
import {
  PAYMENT_EVENTS,
  type PostPurchasedEvent,
  SUBSCRIPTION_EVENTS,
  type SubscriptionCreatedEvent,
  type SubscriptionUpdatedEvent,
  type TipSentEvent,
} from '../../../libs/common/kafka.events.ts'
import { PostsService } from '../posts.service.mts'

@Controller()
export class EngagementConsumer {
  readonly #posts: PostsService

  constructor(posts: PostsService) {
    this.#posts = posts
  }

  @EventPattern(PAYMENT_EVENTS.POST_PURCHASED)
  handlePostPurchased(@Payload() event: PostPurchasedEvent) {
    this.#posts.grantPurchase(event)
  }

  @EventPattern(SUBSCRIPTION_EVENTS.CREATED)
  handleSubscriptionCreated(@Payload() event: SubscriptionCreatedEvent) {
    this.#posts.trackSubscription(event)
  }

  @EventPattern(SUBSCRIPTION_EVENTS.UPDATED)
  handleSubscriptionUpdated(@Payload() event: SubscriptionUpdatedEvent) {
    this.#posts.trackSubscription(event)
  }

  @EventPattern(PAYMENT_EVENTS.TIP_SENT)
  handleTipSent(@Payload() event: TipSentEvent) {
    this.#posts.addTip(event)
  }
}
