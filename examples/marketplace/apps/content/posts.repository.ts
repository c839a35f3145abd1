/** The content service's state, in memory: posts, who bought which, and who subscribes to whom. */
import type { z } from 'zod'
import type { SubscriptionStatus, Visibility } from '../../libs/common/kafka.events.ts'

export interface Comment {
  commentId: string
  userId: string
  text: string
  at: string
}

export interface Post {
  postId: string
  creatorId: string
  title: string
  visibility: z.infer<typeof Visibility>
  price?: number
  currency?: string
  mediaIds: string[]
  likes: Set<string>
  comments: Comment[]
  /** Tips received, in cents per currency. */
  tips: Record<string, number>
  createdAt: string
}

export interface SubscriberAccess {
  subscriberId: string
  creatorId: string
  status: z.infer<typeof SubscriptionStatus>
}

/** A post as a viewer sees it. */
export interface PostView {
  postId: string
  creatorId: string
  title: string
  visibility: Post['visibility']
  price?: number
  currency?: string
  mediaIds: string[]
  likes: number
  comments: number
  tips: Record<string, number>
  access: 'granted' | 'locked'
  reason: string
}

export class PostsRepository {
  readonly posts = new Map<string, Post>()
  /** postId → buyers (from `payment.post.purchased`). */
  readonly buyers = new Map<string, Set<string>>()
  /** subscriptionId → subscriber, creator and status (from `subscription.created` / `.updated`). */
  readonly subscriptions = new Map<string, SubscriberAccess>()
}
