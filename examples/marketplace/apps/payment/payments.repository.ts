/** The payment service's state, in memory: payments made, and the posts that can be bought. */
export interface Payment {
  paymentId: string
  userId: string
  amount: number
  currency: string
  type: 'subscription' | 'post' | 'tip'
  referenceId: string
  status: 'completed' | 'failed'
  chargeId?: string
  reason?: string
  at: string
}

export interface PurchasablePost {
  postId: string
  creatorId: string
  price: number
  currency: string
}

export class PaymentsRepository {
  readonly payments = new Map<string, Payment>()
  /** Pay-per-view posts, learned from `content.post.created`. */
  readonly posts = new Map<string, PurchasablePost>()
}
