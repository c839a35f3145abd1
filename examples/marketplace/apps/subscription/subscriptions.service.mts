/** Subscriptions and tiers: created over HTTP, activated when their payment completes. */
import { randomUUID } from 'node:crypto'
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common'
import type { PaymentCompletedEvent, PaymentFailedEvent } from '../../libs/common/kafka.events.ts'
import { SubscriptionProducer } from './events/subscription.producer.mts'
import { type Subscription, SubscriptionsRepository, type Tier } from './subscriptions.repository.ts'

export interface CreateTierDto {
  creatorId: string
  name: string
  price: number
  currency: string
}

export interface CreateSubscriptionDto {
  subscriberId: string
  tierId: string
  paymentMethodId: string
}

@Injectable()
export class SubscriptionsService {
  readonly #logger = new Logger('SubscriptionsService')
  readonly #repository: SubscriptionsRepository
  readonly #producer: SubscriptionProducer

  constructor(repository: SubscriptionsRepository, producer: SubscriptionProducer) {
    this.#repository = repository
    this.#producer = producer
  }

  async createTier(dto: CreateTierDto): Promise<Tier> {
    const tier = { tierId: `tier_${randomUUID()}`, ...dto }
    this.#repository.tiers.set(tier.tierId, tier)
    await this.#producer.emitTierCreated(tier)
    return tier
  }

  async create(dto: CreateSubscriptionDto): Promise<Subscription> {
    const tier = this.#repository.tiers.get(dto.tierId)
    if (!tier) throw new NotFoundException(`tier ${dto.tierId} does not exist`)
    const subscription: Subscription = {
      subscriptionId: `sub_${randomUUID()}`,
      subscriberId: dto.subscriberId,
      creatorId: tier.creatorId,
      tierId: tier.tierId,
      price: tier.price,
      currency: tier.currency,
      paymentMethodId: dto.paymentMethodId,
      status: 'pending',
      startDate: new Date().toISOString(),
    }
    this.#repository.subscriptions.set(subscription.subscriptionId, subscription)

    // Emit event: the payment service charges the first period.
    const { id } = await this.#producer.emitSubscriptionCreated({
      subscriptionId: subscription.subscriptionId,
      subscriberId: subscription.subscriberId,
      creatorId: subscription.creatorId,
      tierId: subscription.tierId,
      price: subscription.price,
      currency: subscription.currency,
      paymentMethodId: subscription.paymentMethodId,
      startDate: subscription.startDate,
    })
    subscription.eventId = id
    return subscription
  }

  get(subscriptionId: string): Subscription {
    const subscription = this.#repository.subscriptions.get(subscriptionId)
    if (!subscription) throw new NotFoundException(`subscription ${subscriptionId} does not exist`)
    return subscription
  }

  list(subscriberId: string | undefined): Subscription[] {
    return [...this.#repository.subscriptions.values()].filter(
      (s) => subscriberId === undefined || s.subscriberId === subscriberId,
    )
  }

  async cancel(subscriptionId: string): Promise<Subscription> {
    const subscription = this.get(subscriptionId)
    if (subscription.status === 'cancelled')
      throw new ConflictException(`${subscriptionId} is already cancelled`)
    subscription.status = 'cancelled'
    await this.#producer.emitSubscriptionCancelled({
      subscriptionId,
      subscriberId: subscription.subscriberId,
      creatorId: subscription.creatorId,
      cancelledAt: new Date().toISOString(),
    })
    await this.#emitStatus(subscription)
    return subscription
  }

  /** `payment.completed` for a subscription: it becomes active. */
  async activate(payment: PaymentCompletedEvent): Promise<void> {
    const subscription = this.#repository.subscriptions.get(payment.referenceId)
    if (!subscription || subscription.status === 'active' || subscription.status === 'cancelled') return
    subscription.status = 'active'
    subscription.paymentId = payment.paymentId
    subscription.paidCurrency = payment.currency
    subscription.failure = undefined
    this.#logger.log(`${subscription.subscriptionId} is active (paid ${payment.amount} ${payment.currency})`)
    await this.#emitStatus(subscription)
  }

  /** `payment.failed` for a subscription: past due until a payment completes. */
  async markPastDue(payment: PaymentFailedEvent): Promise<void> {
    const subscription = this.#repository.subscriptions.get(payment.referenceId)
    if (subscription?.status !== 'pending') return
    subscription.status = 'past_due'
    subscription.failure = payment.reason
    this.#logger.warn(`${subscription.subscriptionId} is past due: ${payment.reason}`)
    await this.#emitStatus(subscription, payment.reason)
  }

  #emitStatus(subscription: Subscription, reason?: string) {
    return this.#producer.emitSubscriptionUpdated({
      subscriptionId: subscription.subscriptionId,
      subscriberId: subscription.subscriberId,
      creatorId: subscription.creatorId,
      status: subscription.status,
      reason,
    })
  }
}
