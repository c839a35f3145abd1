/**
 * Posts and who may see them: public posts everyone, subscriber-only posts the creator's active
 * subscribers, pay-per-view posts their buyers — learned from the other services' events.
 */
import { randomUUID } from 'node:crypto'
import { Injectable, Logger, NotFoundException } from '@nestjs/common'
import type {
  PostPurchasedEvent,
  SubscriptionCreatedEvent,
  SubscriptionUpdatedEvent,
  TipSentEvent,
} from '../../libs/common/kafka.events.ts'
import { ContentProducer } from './events/content.producer.mts'
import { type Comment, type Post, PostsRepository, type PostView } from './posts.repository.ts'

export interface CreatePostDto {
  creatorId: string
  title: string
  visibility: Post['visibility']
  price?: number
  currency?: string
  mediaIds: string[]
}

@Injectable()
export class PostsService {
  readonly #logger = new Logger('PostsService')
  readonly #repository: PostsRepository
  readonly #producer: ContentProducer

  constructor(repository: PostsRepository, producer: ContentProducer) {
    this.#repository = repository
    this.#producer = producer
  }

  async create(dto: CreatePostDto): Promise<PostView> {
    const post: Post = {
      postId: `post_${randomUUID()}`,
      ...dto,
      currency: dto.visibility === 'ppv' ? (dto.currency ?? 'EUR') : undefined,
      likes: new Set(),
      comments: [],
      tips: {},
      createdAt: new Date().toISOString(),
    }
    this.#repository.posts.set(post.postId, post)
    await this.#producer.emitPostCreated({
      postId: post.postId,
      creatorId: post.creatorId,
      title: post.title,
      visibility: post.visibility,
      price: post.price,
      currency: post.currency,
      mediaIds: post.mediaIds,
    })
    return this.view(post.postId, post.creatorId)
  }

  async rename(postId: string, title: string): Promise<PostView> {
    const post = this.#post(postId)
    post.title = title
    await this.#producer.emitPostUpdated({ postId, creatorId: post.creatorId, title })
    return this.view(postId, post.creatorId)
  }

  async delete(postId: string): Promise<void> {
    const post = this.#post(postId)
    this.#repository.posts.delete(postId)
    // The media service deletes the files (`content.post.deleted` → media-consumer-group).
    await this.#producer.emitPostDeleted({
      postId,
      creatorId: post.creatorId,
      mediaIds: post.mediaIds,
      deletedAt: new Date().toISOString(),
    })
  }

  view(postId: string, viewerId: string | undefined): PostView {
    const post = this.#post(postId)
    const { likes, comments, createdAt: _, ...rest } = post
    return { ...rest, likes: likes.size, comments: comments.length, ...this.#access(post, viewerId) }
  }

  /** Liking twice is one like: the event is published once. */
  async like(postId: string, userId: string): Promise<PostView> {
    const post = this.#post(postId)
    if (!post.likes.has(userId)) {
      post.likes.add(userId)
      await this.#producer.emitPostLiked({ postId, userId, likes: post.likes.size })
    }
    return this.view(postId, userId)
  }

  async unlike(postId: string, userId: string): Promise<PostView> {
    const post = this.#post(postId)
    if (post.likes.delete(userId)) {
      await this.#producer.emitPostUnliked({ postId, userId, likes: post.likes.size })
    }
    return this.view(postId, userId)
  }

  async comment(postId: string, userId: string, text: string): Promise<Comment> {
    const post = this.#post(postId)
    const comment = { commentId: `cmt_${randomUUID()}`, userId, text, at: new Date().toISOString() }
    post.comments.push(comment)
    await this.#producer.emitCommentCreated({ commentId: comment.commentId, postId, userId, text })
    return comment
  }

  comments(postId: string): Comment[] {
    return this.#post(postId).comments
  }

  /** `payment.post.purchased`: the buyer may see the post. */
  grantPurchase(event: PostPurchasedEvent): void {
    const buyers = this.#repository.buyers.get(event.postId) ?? new Set<string>()
    buyers.add(event.buyerId)
    this.#repository.buyers.set(event.postId, buyers)
    this.#logger.log(`${event.buyerId} bought ${event.postId}: access granted`)
  }

  /** `subscription.created` / `subscription.updated`: who subscribes to whom, and whether it is paid. */
  trackSubscription(event: SubscriptionCreatedEvent | SubscriptionUpdatedEvent): void {
    // Two topics, so no order between them: an update may be read before the creation.
    const known = this.#repository.subscriptions.get(event.subscriptionId)
    if (!('status' in event) && known) return
    const status = 'status' in event ? event.status : 'pending'
    this.#repository.subscriptions.set(event.subscriptionId, {
      subscriberId: event.subscriberId,
      creatorId: event.creatorId,
      status,
    })
  }

  /** `payment.tip.sent`: a tip on a post shows on it. */
  addTip(event: TipSentEvent): void {
    const post = event.postId ? this.#repository.posts.get(event.postId) : undefined
    if (!post) return
    post.tips[event.currency] = (post.tips[event.currency] ?? 0) + event.amount
  }

  #access(post: Post, viewerId: string | undefined): Pick<PostView, 'access' | 'reason'> {
    if (post.visibility === 'public') return { access: 'granted', reason: 'public post' }
    if (viewerId === post.creatorId) return { access: 'granted', reason: 'own post' }
    if (post.visibility === 'ppv') {
      return viewerId && this.#repository.buyers.get(post.postId)?.has(viewerId)
        ? { access: 'granted', reason: 'purchased' }
        : { access: 'locked', reason: `buy it for ${post.price} ${post.currency}` }
    }
    const subscription = [...this.#repository.subscriptions.values()].find(
      (s) => s.subscriberId === viewerId && s.creatorId === post.creatorId,
    )
    if (subscription?.status === 'active') return { access: 'granted', reason: 'active subscription' }
    return {
      access: 'locked',
      reason: subscription ? `subscription ${subscription.status}` : 'subscribers only',
    }
  }

  #post(postId: string): Post {
    const post = this.#repository.posts.get(postId)
    if (!post) throw new NotFoundException(`post ${postId} does not exist`)
    return post
  }
}
