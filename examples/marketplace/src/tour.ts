/**
 * The scripted tour `npm start` runs once the services are up: every flow of the marketplace
 * through their HTTP APIs, narrated. The services' own log lines appear in between.
 */
import { createBus } from '@spool/bus'
import { pino } from 'pino'
import type { MarketplaceConfig } from '../libs/common/config.ts'
import { namespaced, PaymentCompletedV1, SubscriptionCreated } from '../libs/common/kafka.events.ts'
import { MarketplaceClient, metricValue } from './client.ts'
import { eventually } from './eventually.ts'
import type { Marketplace } from './types.ts'

const step = (title: string) => console.log(`\n\x1b[1m▶ ${title}\x1b[0m`)
const note = (line: string) => console.log(`  ${line}`)

export async function runTour(marketplace: Marketplace, config: MarketplaceConfig): Promise<void> {
  const api = new MarketplaceClient(marketplace.urls)
  // Another system on the same Kafka: the old billing service, still publishing payment.completed v1.
  const [paymentCompletedV1, subscriptionCreated] = namespaced(
    [PaymentCompletedV1, SubscriptionCreated],
    config.namespace,
  )
  const legacy = createBus({
    ...config.bus,
    clientId: 'legacy-billing',
    catalog: [paymentCompletedV1, subscriptionCreated],
    offline: 'fail',
    logger: pino({ level: 'warn' }),
  })
  try {
    step('1. A fan subscribes: subscription.created → payment charges → payment.completed → active')
    const tier = await api.createTier({ creatorId: 'ada', name: 'Gold', price: 999, currency: 'EUR' })
    const sub = await api.subscribe({ subscriberId: 'fan-1', tierId: tier.tierId })
    note(`POST /subscriptions → ${sub.subscriptionId} is ${sub.status}`)
    const active = await eventually(async () => {
      const s = await api.subscription(sub.subscriptionId)
      return s.status === 'active' && s
    }, 'the subscription to become active')
    note(`GET /subscriptions/${sub.subscriptionId} → ${active.status}, paid in ${active.paidCurrency}`)

    step('2. A declined card: payment.failed → past_due; legacy billing pays it with a v1 event')
    const late = await api.subscribe({
      subscriberId: 'fan-2',
      tierId: tier.tierId,
      paymentMethodId: 'pm_card_chargeDeclined',
    })
    await eventually(
      async () => (await api.subscription(late.subscriptionId)).status === 'past_due',
      'past_due',
    )
    note(`${late.subscriptionId} is past_due`)
    await legacy.publish(paymentCompletedV1, {
      paymentId: 'bank-transfer-1',
      userId: 'fan-2',
      amount: 999,
      type: 'subscription',
      referenceId: late.subscriptionId,
      completedAt: new Date().toISOString(),
    })
    const upcast = await eventually(async () => {
      const s = await api.subscription(late.subscriptionId)
      return s.status === 'active' && s
    }, 'the v1 payment to activate it')
    note(`payment.completed v1 (no currency) was read as v2: active, paid in ${upcast.paidCurrency}`)

    step('3. Posts: subscriber-only, and pay-per-view bought through the payment service')
    const members = await api.createPost({
      creatorId: 'ada',
      title: 'Behind the scenes',
      visibility: 'subscribers',
    })
    await eventually(
      async () => (await api.post(members.postId, 'fan-1')).access === 'granted',
      'the subscriber to see the post',
    )
    note(`fan-1 sees "${members.title}": ${(await api.post(members.postId, 'fan-1')).reason}`)
    note(`a stranger: ${(await api.post(members.postId, 'stranger')).reason}`)
    const ppv = await api.createPost({
      creatorId: 'ada',
      title: 'Full tutorial',
      visibility: 'ppv',
      price: 499,
    })
    const bought = await eventually(
      () => api.purchase(ppv.postId, { buyerId: 'fan-3' }).catch(() => undefined),
      'the post to be for sale (content.post.created → payment)',
    )
    note(`POST /posts/${ppv.postId}/purchase → ${bought.amount} ${bought.currency}`)
    await eventually(
      async () => (await api.post(ppv.postId, 'fan-3')).access === 'granted',
      'payment.post.purchased → content',
    )
    note('payment.post.purchased → content: fan-3 may see it now')

    step('4. Likes, comments, tips')
    await api.like(ppv.postId, 'fan-3')
    await api.like(ppv.postId, 'fan-3')
    await api.comment(ppv.postId, 'fan-3', 'Worth every cent')
    await api.tip({ fromUserId: 'fan-3', creatorId: 'ada', postId: ppv.postId, amount: 200 })
    const engaged = await eventually(async () => {
      const p = await api.post(ppv.postId, 'fan-3')
      return p.tips.EUR === 200 && p
    }, 'payment.tip.sent → content')
    note(
      `likes ${engaged.likes} (liked twice, counted once), comments ${engaged.comments}, tips ${engaged.tips.EUR} EUR`,
    )

    step('5. A redelivered subscription.created (same event id) charges nobody twice')
    await legacy.publish(subscriptionCreated, { ...createdData(active), price: 999 }, { id: active.eventId })
    await eventually(
      async () => metricValue(await api.metrics('payment'), 'spool_events_duplicate_total') >= 1,
      'the duplicate to be skipped',
    )
    const charges = (await api.payments('fan-1')).filter((p) => p.type === 'subscription')
    note(`spool_events_duplicate_total 1; fan-1 was charged ${charges.length} time(s)`)

    step('6. A failing handler: dead letter, fix, redrive')
    const clip = await api.upload({ ownerId: 'ada', fileName: 'clip.mp4', contentType: 'video/mp4' })
    const cover = await api.upload({ ownerId: 'ada', fileName: 'cover.jpg' })
    await api.legalHold(clip.mediaId, true)
    const doomed = await api.createPost({
      creatorId: 'ada',
      title: 'Old news',
      mediaIds: [clip.mediaId, cover.mediaId],
    })
    await api.deletePost(doomed.postId)
    const [dead] = await eventually(async () => {
      const list = (await api.deadLetters('media')).filter((d) => !d.redriven)
      return list.length > 0 && list
    }, 'the dead letter')
    note(`GET media /dead-letters → ${dead!.type}: ${dead!.error} (${dead!.reason})`)
    note(`cover.jpg ${(await api.media(cover.mediaId)) ? 'still there' : 'deleted'}, clip.mp4 kept`)
    await api.legalHold(clip.mediaId, false)
    const { redriven } = await api.redrive('media')
    await eventually(async () => (await api.media(clip.mediaId)) === undefined, 'the redriven deletion')
    note(`hold released, POST /dead-letters/redrive → ${redriven} redriven; clip.mp4 deleted`)
    console.log('\n\x1b[1m✔ Tour done.\x1b[0m The services keep running; try the API yourself (README).')
  } finally {
    await legacy.close()
  }
}

function createdData(s: Awaited<ReturnType<MarketplaceClient['subscription']>>) {
  return {
    subscriptionId: s.subscriptionId,
    subscriberId: s.subscriberId,
    creatorId: s.creatorId,
    tierId: s.tierId,
    currency: s.currency,
    paymentMethodId: s.paymentMethodId,
    startDate: s.startDate,
  }
}
