/** The subscription service's state, in memory (a real service keeps it in its own database). */
import type { z } from 'zod'
import type { SubscriptionStatus } from '../../libs/common/kafka.events.ts'

export interface Tier {
  tierId: string
  creatorId: string
  name: string
  price: number
  currency: string
}

export interface Subscription {
  subscriptionId: string
  subscriberId: string
  creatorId: string
  tierId: string
  price: number
  currency: string
  paymentMethodId: string
  status: z.infer<typeof SubscriptionStatus>
  startDate: string
  /** Id of the `subscription.created` event announcing it (to trace it through the services). */
  eventId?: string
  /** The payment that activated it, and its currency as the payment service reported it. */
  paymentId?: string
  paidCurrency?: string
  /** Why the last payment failed. */
  failure?: string
}

export class SubscriptionsRepository {
  readonly tiers = new Map<string, Tier>()
  readonly subscriptions = new Map<string, Subscription>()
}
