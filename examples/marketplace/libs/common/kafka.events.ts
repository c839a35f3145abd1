/**
 * The marketplace's event catalog — seed 002's `libs/common/src/kafka/kafka.events.ts`, with each
 * interface turned into a zod schema that both sides validate. Every service imports it; the
 * event type is also the topic name, as in the seed (`subscription.created`, `payment.completed`,
 * …). Amounts are integer cents.
 */
import { type AnyEventDefinition, defineEvent, type EventData } from '@spool/catalog'
import { z } from 'zod'

const id = z.string().min(1)
const cents = z.number().int().positive()
const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
const timestamp = z.iso.datetime()

export const SUBSCRIPTION_EVENTS = {
  CREATED: 'subscription.created',
  UPDATED: 'subscription.updated',
  CANCELLED: 'subscription.cancelled',
  TIER_CREATED: 'subscription.tier.created',
  TIER_UPDATED: 'subscription.tier.updated',
} as const

export const PAYMENT_EVENTS = {
  PAYMENT_COMPLETED: 'payment.completed',
  PAYMENT_FAILED: 'payment.failed',
  TIP_SENT: 'payment.tip.sent',
  POST_PURCHASED: 'payment.post.purchased',
} as const

export const CONTENT_EVENTS = {
  POST_CREATED: 'content.post.created',
  POST_UPDATED: 'content.post.updated',
  POST_DELETED: 'content.post.deleted',
  POST_LIKED: 'content.post.liked',
  POST_UNLIKED: 'content.post.unliked',
  COMMENT_CREATED: 'content.comment.created',
} as const

export const MEDIA_EVENTS = {
  UPLOADED: 'media.uploaded',
  DELETED: 'media.deleted',
  PROCESSED: 'media.processed',
} as const

// ── Subscription events: keyed by subscription (or tier), so each one's history stays in order.

export const SubscriptionCreated = defineEvent({
  type: SUBSCRIPTION_EVENTS.CREATED,
  topic: SUBSCRIPTION_EVENTS.CREATED,
  key: 'subscriptionId',
  subject: 'subscriberId',
  description: 'New subscription created; the payment service charges its first period',
  schema: z.object({
    subscriptionId: id,
    subscriberId: id,
    creatorId: id,
    tierId: id,
    price: cents,
    currency,
    paymentMethodId: id,
    startDate: timestamp,
  }),
})

export const SubscriptionStatus = z.enum(['pending', 'active', 'past_due', 'cancelled'])

export const SubscriptionUpdated = defineEvent({
  type: SUBSCRIPTION_EVENTS.UPDATED,
  topic: SUBSCRIPTION_EVENTS.UPDATED,
  key: 'subscriptionId',
  subject: 'subscriberId',
  description: 'Subscription modified (its status changed)',
  schema: z.object({
    subscriptionId: id,
    subscriberId: id,
    creatorId: id,
    status: SubscriptionStatus,
    reason: z.string().optional(),
  }),
})

export const SubscriptionCancelled = defineEvent({
  type: SUBSCRIPTION_EVENTS.CANCELLED,
  topic: SUBSCRIPTION_EVENTS.CANCELLED,
  key: 'subscriptionId',
  subject: 'subscriberId',
  description: 'Subscription cancelled',
  schema: z.object({ subscriptionId: id, subscriberId: id, creatorId: id, cancelledAt: timestamp }),
})

const tier = z.object({ tierId: id, creatorId: id, name: z.string().min(1), price: cents, currency })

export const TierCreated = defineEvent({
  type: SUBSCRIPTION_EVENTS.TIER_CREATED,
  topic: SUBSCRIPTION_EVENTS.TIER_CREATED,
  key: 'creatorId',
  description: 'New tier created',
  schema: tier,
})

export const TierUpdated = defineEvent({
  type: SUBSCRIPTION_EVENTS.TIER_UPDATED,
  topic: SUBSCRIPTION_EVENTS.TIER_UPDATED,
  key: 'creatorId',
  description: 'Tier modified',
  schema: tier,
})

// ── Payment events: keyed by the paying user.

export const PaymentType = z.enum(['subscription', 'post', 'tip'])

/** Version 1 of `payment.completed`, as the legacy billing system still publishes it (no currency). */
const paymentCompletedV1 = z.object({
  paymentId: id,
  userId: id,
  amount: cents,
  type: PaymentType,
  referenceId: id,
  completedAt: timestamp,
})

/** Version 2 adds `currency`. Consumers only ever see v2: v1 records are upcast on read. */
export const PaymentCompleted = defineEvent({
  type: PAYMENT_EVENTS.PAYMENT_COMPLETED,
  topic: PAYMENT_EVENTS.PAYMENT_COMPLETED,
  version: 2,
  key: 'userId',
  subject: 'userId',
  description: 'Payment successful (v2 adds currency; v1 events are read as USD)',
  schema: paymentCompletedV1.extend({ currency }),
  upcasters: {
    // Everything billed before currencies existed was billed in US dollars.
    1: (v1: z.infer<typeof paymentCompletedV1>) => ({ ...v1, currency: 'USD' }),
  },
})

/** The v1 shape, for producers that have not moved to v2 yet (and for the tour and tests). */
export const PaymentCompletedV1 = defineEvent({
  type: PAYMENT_EVENTS.PAYMENT_COMPLETED,
  topic: PAYMENT_EVENTS.PAYMENT_COMPLETED,
  version: 1,
  key: 'userId',
  subject: 'userId',
  description: 'Payment successful (version 1, without currency)',
  schema: paymentCompletedV1,
})

export const PaymentFailed = defineEvent({
  type: PAYMENT_EVENTS.PAYMENT_FAILED,
  topic: PAYMENT_EVENTS.PAYMENT_FAILED,
  key: 'userId',
  subject: 'userId',
  description: 'Payment failed (the card was declined)',
  schema: paymentCompletedV1.omit({ completedAt: true }).extend({ currency, reason: z.string() }),
})

export const TipSent = defineEvent({
  type: PAYMENT_EVENTS.TIP_SENT,
  topic: PAYMENT_EVENTS.TIP_SENT,
  key: 'creatorId',
  subject: 'fromUserId',
  description: 'Tip sent to creator',
  schema: z.object({
    tipId: id,
    paymentId: id,
    fromUserId: id,
    creatorId: id,
    postId: id.optional(),
    amount: cents,
    currency,
    message: z.string().max(280).optional(),
  }),
})

export const PostPurchased = defineEvent({
  type: PAYMENT_EVENTS.POST_PURCHASED,
  topic: PAYMENT_EVENTS.POST_PURCHASED,
  key: 'postId',
  subject: 'buyerId',
  description: 'PPV post purchased',
  schema: z.object({
    purchaseId: id,
    paymentId: id,
    postId: id,
    buyerId: id,
    creatorId: id,
    amount: cents,
    currency,
  }),
})

// ── Content events: keyed by post, so a post's likes, comments and deletion stay in order.

export const Visibility = z.enum(['public', 'subscribers', 'ppv'])

export const PostCreated = defineEvent({
  type: CONTENT_EVENTS.POST_CREATED,
  topic: CONTENT_EVENTS.POST_CREATED,
  key: 'postId',
  subject: 'creatorId',
  description: 'New post created',
  schema: z.object({
    postId: id,
    creatorId: id,
    title: z.string().min(1),
    visibility: Visibility,
    price: cents.optional(),
    currency: currency.optional(),
    mediaIds: z.array(id),
  }),
})

export const PostUpdated = defineEvent({
  type: CONTENT_EVENTS.POST_UPDATED,
  topic: CONTENT_EVENTS.POST_UPDATED,
  key: 'postId',
  subject: 'creatorId',
  description: 'Post modified',
  schema: z.object({ postId: id, creatorId: id, title: z.string().min(1) }),
})

export const PostDeleted = defineEvent({
  type: CONTENT_EVENTS.POST_DELETED,
  topic: CONTENT_EVENTS.POST_DELETED,
  key: 'postId',
  subject: 'creatorId',
  description: 'Post deleted; the media service deletes its files',
  schema: z.object({ postId: id, creatorId: id, mediaIds: z.array(id), deletedAt: timestamp }),
})

export const PostLiked = defineEvent({
  type: CONTENT_EVENTS.POST_LIKED,
  topic: CONTENT_EVENTS.POST_LIKED,
  key: 'postId',
  subject: 'userId',
  description: 'Post liked by user',
  schema: z.object({ postId: id, userId: id, likes: z.number().int().nonnegative() }),
})

export const PostUnliked = defineEvent({
  type: CONTENT_EVENTS.POST_UNLIKED,
  topic: CONTENT_EVENTS.POST_UNLIKED,
  key: 'postId',
  subject: 'userId',
  description: 'Post unliked by user',
  schema: z.object({ postId: id, userId: id, likes: z.number().int().nonnegative() }),
})

export const CommentCreated = defineEvent({
  type: CONTENT_EVENTS.COMMENT_CREATED,
  topic: CONTENT_EVENTS.COMMENT_CREATED,
  key: 'postId',
  subject: 'userId',
  description: 'New comment added',
  schema: z.object({ commentId: id, postId: id, userId: id, text: z.string().min(1).max(2_000) }),
})

// ── Media events: keyed by media file.

export const MediaUploaded = defineEvent({
  type: MEDIA_EVENTS.UPLOADED,
  topic: MEDIA_EVENTS.UPLOADED,
  key: 'mediaId',
  subject: 'ownerId',
  description: 'Media file uploaded',
  schema: z.object({
    mediaId: id,
    ownerId: id,
    fileName: z.string().min(1),
    contentType: z.string().min(1),
    size: z.number().int().nonnegative(),
  }),
})

export const MediaDeleted = defineEvent({
  type: MEDIA_EVENTS.DELETED,
  topic: MEDIA_EVENTS.DELETED,
  key: 'mediaId',
  subject: 'ownerId',
  description: 'Media file deleted',
  schema: z.object({ mediaId: id, ownerId: id, fileName: z.string().min(1), postId: id.optional() }),
})

export const MediaProcessed = defineEvent({
  type: MEDIA_EVENTS.PROCESSED,
  topic: MEDIA_EVENTS.PROCESSED,
  key: 'mediaId',
  subject: 'ownerId',
  description: 'Media processing completed (thumbnails and renditions made)',
  schema: z.object({ mediaId: id, ownerId: id, renditions: z.array(z.string()) }),
})

/** Every event of the marketplace: the catalog each service's bus is created with. */
export const marketplaceEvents = [
  SubscriptionCreated,
  SubscriptionUpdated,
  SubscriptionCancelled,
  TierCreated,
  TierUpdated,
  PaymentCompleted,
  PaymentFailed,
  TipSent,
  PostPurchased,
  PostCreated,
  PostUpdated,
  PostDeleted,
  PostLiked,
  PostUnliked,
  CommentCreated,
  MediaUploaded,
  MediaDeleted,
  MediaProcessed,
] as const

/**
 * The catalog with every topic under a namespace (`staging.` + `payment.completed`), for several
 * environments — or test runs — sharing one Kafka cluster. Event types do not change, so handlers
 * (`@EventPattern(PAYMENT_EVENTS.PAYMENT_COMPLETED)`) and publishing by type
 * (`events.emit(type, data)`) work unchanged; code that publishes a definition object itself
 * (`bus.publish(Def, data)`) must pass the namespaced one, as it carries the topic.
 */
export function namespaced<const D extends readonly AnyEventDefinition[]>(events: D, namespace = ''): D {
  if (namespace === '') return events
  return events.map((event) => defineEvent({ ...event, topic: `${namespace}.${event.topic}` })) as never
}

export type SubscriptionCreatedEvent = EventData<typeof SubscriptionCreated>
export type SubscriptionUpdatedEvent = EventData<typeof SubscriptionUpdated>
export type PaymentCompletedEvent = EventData<typeof PaymentCompleted>
export type PaymentFailedEvent = EventData<typeof PaymentFailed>
export type TipSentEvent = EventData<typeof TipSent>
export type PostPurchasedEvent = EventData<typeof PostPurchased>
export type PostCreatedEvent = EventData<typeof PostCreated>
export type PostDeletedEvent = EventData<typeof PostDeleted>
