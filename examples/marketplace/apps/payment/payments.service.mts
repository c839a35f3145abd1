/**
 * Charges: the first period of a new subscription (from `subscription.created`), pay-per-view
 * posts and tips (over HTTP). Each charge ends in `payment.completed` or `payment.failed`.
 */
import { randomUUID } from 'node:crypto'
import { HttpException, Injectable, Logger, NotFoundException } from '@nestjs/common'
import type { PostCreatedEvent, SubscriptionCreatedEvent } from '../../libs/common/kafka.events.ts'
import { CardDeclinedError, CardProcessor } from './card-processor.ts'
import { PaymentProducer } from './events/payment.producer.mts'
import { type Payment, PaymentsRepository } from './payments.repository.ts'

export interface PurchaseDto {
  buyerId: string
  paymentMethodId: string
}

export interface TipDto {
  fromUserId: string
  creatorId: string
  postId?: string
  amount: number
  currency: string
  paymentMethodId: string
  message?: string
}

type Charge = Pick<Payment, 'userId' | 'amount' | 'currency' | 'type' | 'referenceId'>

@Injectable()
export class PaymentsService {
  readonly #logger = new Logger('PaymentsService')
  readonly #repository: PaymentsRepository
  readonly #producer: PaymentProducer
  readonly #cards: CardProcessor

  constructor(repository: PaymentsRepository, producer: PaymentProducer, cards: CardProcessor) {
    this.#repository = repository
    this.#producer = producer
    this.#cards = cards
  }

  /**
   * `subscription.created`: charge the first period. `attempt` > 1 is an in-process retry of the
   * same delivery, after the card was maybe charged but the event not published: then the
   * payment is announced again instead of charged again.
   */
  async chargeSubscription(event: SubscriptionCreatedEvent, attempt = 1): Promise<Payment> {
    const charged =
      attempt > 1
        ? this.list(event.subscriberId).find(
            (p) => p.referenceId === event.subscriptionId && p.status === 'completed',
          )
        : undefined
    if (charged) {
      await this.#announce(charged)
      return charged
    }
    return this.#charge(
      {
        userId: event.subscriberId,
        amount: event.price,
        currency: event.currency,
        type: 'subscription',
        referenceId: event.subscriptionId,
      },
      event.paymentMethodId,
    )
  }

  /** `content.post.created`: a pay-per-view post can be bought from now on. */
  enablePurchases(event: PostCreatedEvent): void {
    if (event.visibility !== 'ppv' || event.price === undefined) return
    this.#repository.posts.set(event.postId, {
      postId: event.postId,
      creatorId: event.creatorId,
      price: event.price,
      currency: event.currency ?? 'EUR',
    })
    this.#logger.log(`post ${event.postId} can be bought for ${event.price} ${event.currency ?? 'EUR'}`)
  }

  async purchasePost(postId: string, dto: PurchaseDto): Promise<Payment> {
    const post = this.#repository.posts.get(postId)
    if (!post) throw new NotFoundException(`post ${postId} is not for sale (yet)`)
    const payment = await this.#charge(
      { userId: dto.buyerId, amount: post.price, currency: post.currency, type: 'post', referenceId: postId },
      dto.paymentMethodId,
    )
    await this.#producer.emitPostPurchased({
      purchaseId: `pur_${randomUUID()}`,
      paymentId: payment.paymentId,
      postId,
      buyerId: dto.buyerId,
      creatorId: post.creatorId,
      amount: payment.amount,
      currency: payment.currency,
    })
    return payment
  }

  async tip(dto: TipDto): Promise<Payment> {
    const payment = await this.#charge(
      {
        userId: dto.fromUserId,
        amount: dto.amount,
        currency: dto.currency,
        type: 'tip',
        referenceId: dto.postId ?? dto.creatorId,
      },
      dto.paymentMethodId,
    )
    await this.#producer.emitTipSent({
      tipId: `tip_${randomUUID()}`,
      paymentId: payment.paymentId,
      fromUserId: dto.fromUserId,
      creatorId: dto.creatorId,
      postId: dto.postId,
      amount: dto.amount,
      currency: dto.currency,
      message: dto.message,
    })
    return payment
  }

  list(userId: string | undefined): Payment[] {
    return [...this.#repository.payments.values()].filter((p) => userId === undefined || p.userId === userId)
  }

  #announce({ paymentId, userId, amount, currency, type, referenceId, at }: Payment) {
    return this.#producer.emitPaymentCompleted({
      paymentId,
      userId,
      amount,
      currency,
      type,
      referenceId,
      completedAt: at,
    })
  }

  /** Charges the card; a declined card is a `payment.failed` event (and 402 for HTTP callers). */
  async #charge(charge: Charge, paymentMethodId: string): Promise<Payment> {
    const paymentId = `pay_${randomUUID()}`
    const at = new Date().toISOString()
    try {
      const { chargeId } = await this.#cards.charge(paymentMethodId, charge.amount, charge.currency)
      const payment: Payment = { ...charge, paymentId, status: 'completed', chargeId, at }
      this.#repository.payments.set(paymentId, payment)
      this.#logger.log(`charged ${charge.userId} ${charge.amount} ${charge.currency} for ${charge.type}`)
      await this.#announce(payment)
      return payment
    } catch (error) {
      if (!(error instanceof CardDeclinedError)) throw error
      const payment: Payment = { ...charge, paymentId, status: 'failed', reason: error.message, at }
      this.#repository.payments.set(paymentId, payment)
      this.#logger.warn(`declined ${charge.userId} ${charge.amount} ${charge.currency}: ${error.message}`)
      await this.#producer.emitPaymentFailed({ ...charge, paymentId, reason: error.message })
      if (charge.type === 'subscription') return payment
      throw new HttpException({ message: error.message, payment }, 402)
    }
  }
}
