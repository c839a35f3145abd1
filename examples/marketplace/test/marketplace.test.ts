/**
 * Seed 002's marketplace end to end: every flow the README documents, driven through the four
 * services' HTTP APIs, asserting the events that crossed Kafka and the state each service ends in —
 * on the embedded broker and on real Apache Kafka.
 */
import assert from 'node:assert/strict'
import { after, before, it } from 'node:test'
import { describeOnBrokers } from '@spool/testing'
import { PaymentCompletedV1, SubscriptionCreated } from '../libs/common/kafka.events.ts'
import { HttpError, metricValue } from '../src/client.ts'
import { eventually } from '../src/eventually.ts'
import { startTestMarketplace, type TestMarketplace } from './helpers.ts'

describeOnBrokers('example: marketplace (seed 002)', (target) => {
  let m: TestMarketplace
  before(async () => {
    m = await startTestMarketplace(target.bootstrap!)
  })
  after(() => m?.close())

  const group = (name: string) => `${m.config.namespace}.${name}-consumer-group`
  const active = (id: string) =>
    eventually(async () => {
      const s = await m.api.subscription(id)
      return s.status === 'active' && s
    }, `subscription ${id} to become active`)

  it('every service is up, consuming in its own group', async () => {
    for (const service of ['subscription', 'payment', 'content', 'media'] as const) {
      const { status, body } = await m.api.health(service)
      assert.equal(status, 200)
      assert.equal(body.status, 'up')
      const consumers = (body as unknown as { consumers: Array<{ group: string; state: string }> }).consumers
      assert.deepEqual(
        consumers.map((c) => [c.group, c.state]),
        [[group(service), 'running']],
      )
    }
  })

  it('subscription.created → payment charges → payment.completed → active; content unlocks, cancel locks', async () => {
    const tier = await m.api.createTier({ creatorId: 'ada', name: 'Gold', price: 999, currency: 'EUR' })
    const sub = await m.api.subscribe({ subscriberId: 'fan-1', tierId: tier.tierId })
    assert.equal(sub.status, 'pending')
    const post = await m.api.createPost({
      creatorId: 'ada',
      title: 'Members only',
      visibility: 'subscribers',
    })

    const done = await active(sub.subscriptionId)
    assert.equal(done.paidCurrency, 'EUR')
    const created = await m.event('subscription.created', (d) => d.subscriptionId === sub.subscriptionId)
    assert.equal(created.event.id, sub.eventId)
    assert.equal(created.event.source, '/subscription-service')
    assert.deepEqual(
      { ...created.event.data, startDate: undefined },
      {
        subscriptionId: sub.subscriptionId,
        subscriberId: 'fan-1',
        creatorId: 'ada',
        tierId: tier.tierId,
        price: 999,
        currency: 'EUR',
        paymentMethodId: 'pm_card_visa',
        startDate: undefined,
      },
    )
    const paid = await m.event('payment.completed', (d) => d.referenceId === sub.subscriptionId)
    assert.equal(paid.event.source, '/payment-service')
    assert.equal(paid.raw.dataversion, 2)
    assert.equal(paid.topic, `${m.config.namespace}.payment.completed`)
    assert.deepEqual(
      { ...paid.event.data, paymentId: undefined, completedAt: undefined },
      {
        paymentId: undefined,
        userId: 'fan-1',
        amount: 999,
        currency: 'EUR',
        type: 'subscription',
        referenceId: sub.subscriptionId,
        completedAt: undefined,
      },
    )
    assert.equal(done.paymentId, paid.event.data.paymentId)
    await m.event(
      'subscription.updated',
      (d) => d.subscriptionId === sub.subscriptionId && d.status === 'active',
    )
    const payments = await m.api.payments('fan-1')
    assert.deepEqual(
      payments.map((p) => [p.type, p.status, p.amount, p.referenceId]),
      [['subscription', 'completed', 999, sub.subscriptionId]],
    )

    const seen = await eventually(async () => {
      const view = await m.api.post(post.postId, 'fan-1')
      return view.access === 'granted' && view
    }, 'content to learn of the active subscription')
    assert.equal(seen.reason, 'active subscription')
    assert.equal((await m.api.post(post.postId, 'stranger')).access, 'locked')

    await m.api.cancel(sub.subscriptionId)
    await m.event('subscription.cancelled', (d) => d.subscriptionId === sub.subscriptionId)
    const locked = await eventually(async () => {
      const view = await m.api.post(post.postId, 'fan-1')
      return view.access === 'locked' && view
    }, 'content to lock the post again')
    assert.equal(locked.reason, 'subscription cancelled')
  })

  it('a declined card: payment.failed → past_due; a v1 payment.completed is upcast to v2 (USD) and activates it', async () => {
    const tier = await m.api.createTier({ creatorId: 'grace', name: 'Silver', price: 500, currency: 'EUR' })
    const sub = await m.api.subscribe({
      subscriberId: 'fan-2',
      tierId: tier.tierId,
      paymentMethodId: 'pm_card_chargeDeclined',
    })
    const failed = await m.event('payment.failed', (d) => d.referenceId === sub.subscriptionId)
    assert.match(failed.event.data.reason, /declined/)
    await m.event(
      'subscription.updated',
      (d) => d.subscriptionId === sub.subscriptionId && d.status === 'past_due',
    )
    const pastDue = await m.api.subscription(sub.subscriptionId)
    assert.equal(pastDue.status, 'past_due')
    assert.match(pastDue.failure!, /declined/)

    // The legacy billing system records a bank transfer with the v1 schema: no currency.
    await m.outsider.publish(m.ns(PaymentCompletedV1), {
      paymentId: 'bank-transfer-7',
      userId: 'fan-2',
      amount: 500,
      type: 'subscription',
      referenceId: sub.subscriptionId,
      completedAt: new Date().toISOString(),
    })
    const done = await active(sub.subscriptionId)
    assert.equal(done.paymentId, 'bank-transfer-7')
    assert.equal(done.paidCurrency, 'USD', 'the upcaster filled in v1 events as USD')
    const v1 = await m.event('payment.completed', (d) => d.paymentId === 'bank-transfer-7')
    assert.equal(v1.raw.dataversion, 1, 'published as version 1')
    assert.equal((v1.raw.data as { currency?: string }).currency, undefined)
    assert.equal(v1.event.dataversion, 2, 'read as version 2')
    assert.equal(v1.event.data.currency, 'USD')
  })

  it('pay-per-view: content.post.created makes the post purchasable; payment.post.purchased unlocks it for the buyer', async () => {
    const post = await m.api.createPost({
      creatorId: 'ada',
      title: 'Tutorial',
      visibility: 'ppv',
      price: 499,
    })
    assert.equal(post.access, 'granted', 'the creator sees it')
    assert.equal((await m.api.post(post.postId, 'fan-3')).access, 'locked')
    const created = await m.event('content.post.created', (d) => d.postId === post.postId)
    assert.deepEqual(created.event.data, {
      postId: post.postId,
      creatorId: 'ada',
      title: 'Tutorial',
      visibility: 'ppv',
      price: 499,
      currency: 'EUR',
      mediaIds: [],
    })

    const payment = await eventually(
      () =>
        m.api.purchase(post.postId, { buyerId: 'fan-3' }).catch((error: HttpError) => {
          if (error.status !== 404) throw error
          return undefined // payment has not read content.post.created yet
        }),
      'the post to be for sale',
    )
    assert.deepEqual(
      [payment.type, payment.amount, payment.currency, payment.status],
      ['post', 499, 'EUR', 'completed'],
    )
    const purchased = await m.event('payment.post.purchased', (d) => d.postId === post.postId)
    assert.deepEqual(
      [purchased.event.data.buyerId, purchased.event.data.creatorId, purchased.event.data.paymentId],
      ['fan-3', 'ada', payment.paymentId],
    )
    await m.event('payment.completed', (d) => d.paymentId === payment.paymentId && d.type === 'post')
    const unlocked = await eventually(async () => {
      const view = await m.api.post(post.postId, 'fan-3')
      return view.access === 'granted' && view
    }, 'content to grant access')
    assert.equal(unlocked.reason, 'purchased')
    assert.equal((await m.api.post(post.postId, 'fan-4')).access, 'locked', 'only the buyer')

    const declined = await m.api
      .purchase(post.postId, { buyerId: 'fan-4', paymentMethodId: 'pm_card_chargeDeclined' })
      .then(
        () => undefined,
        (error: HttpError) => error,
      )
    assert.equal(declined?.status, 402)
    await m.event('payment.failed', (d) => d.userId === 'fan-4' && d.referenceId === post.postId)
    assert.equal((await m.api.post(post.postId, 'fan-4')).access, 'locked')
  })

  it('likes, comments and tips', async () => {
    const post = await m.api.createPost({ creatorId: 'ada', title: 'Sunset' })
    assert.equal((await m.api.like(post.postId, 'fan-5')).likes, 1)
    assert.equal(
      (await m.api.like(post.postId, 'fan-5')).likes,
      1,
      'a second like by the same user is the same like',
    )
    assert.equal((await m.api.like(post.postId, 'fan-6')).likes, 2)
    assert.equal((await m.api.unlike(post.postId, 'fan-6')).likes, 1)
    const comment = await m.api.comment(post.postId, 'fan-5', 'Beautiful')
    assert.deepEqual(
      (await m.api.comments(post.postId)).map((c) => [c.userId, c.text]),
      [['fan-5', 'Beautiful']],
    )
    const tip = await m.api.tip({
      fromUserId: 'fan-5',
      creatorId: 'ada',
      postId: post.postId,
      amount: 250,
      message: 'Thanks!',
    })
    assert.equal(tip.type, 'tip')

    const tipped = await eventually(async () => {
      const view = await m.api.post(post.postId)
      return view.tips.EUR === 250 && view
    }, 'payment.tip.sent → content')
    assert.deepEqual([tipped.likes, tipped.comments], [1, 1])

    const sent = await m.event('payment.tip.sent', (d) => d.postId === post.postId)
    assert.deepEqual(
      [
        sent.event.data.fromUserId,
        sent.event.data.creatorId,
        sent.event.data.amount,
        sent.event.data.message,
      ],
      ['fan-5', 'ada', 250, 'Thanks!'],
    )
    assert.equal(sent.event.subject, 'fan-5')
    await m.event('payment.completed', (d) => d.paymentId === tip.paymentId && d.type === 'tip')
    await m.event('content.comment.created', (d) => d.commentId === comment.commentId)
    await m.event('content.post.unliked', (d) => d.postId === post.postId)
    assert.deepEqual(
      m
        .events('content.post.liked', (d) => d.postId === post.postId)
        .map((s) => [s.event.data.userId, s.event.data.likes]),
      [
        ['fan-5', 1],
        ['fan-6', 2],
      ],
      'one content.post.liked per new like',
    )
    const unliked = m.events('content.post.unliked', (d) => d.postId === post.postId)
    assert.deepEqual(
      unliked.map((s) => [s.event.data.userId, s.event.data.likes]),
      [['fan-6', 1]],
    )
    // Events of one post share its partition key, so they stay in order.
    assert.equal(
      new Set(m.events('content.post.liked', (d) => d.postId === post.postId).map((s) => s.raw.partitionkey))
        .size,
      1,
    )
  })

  it('a redelivered event (same event id, published twice) has no second effect', async () => {
    const tier = await m.api.createTier({ creatorId: 'linus', name: 'Bronze', price: 300 })
    const sub = await m.api.subscribe({ subscriberId: 'fan-7', tierId: tier.tierId })
    await active(sub.subscriptionId)
    const original = await m.event('subscription.created', (d) => d.subscriptionId === sub.subscriptionId)
    const duplicates = async (service: 'payment' | 'content') =>
      metricValue(await m.api.metrics(service), 'spool_events_duplicate_total', {
        type: 'subscription.created',
        group: group(service),
      })
    const before = { payment: await duplicates('payment'), content: await duplicates('content') }

    // What a producer retry, or a consumer crash before its offset commit, looks like to a consumer.
    const again = await m.outsider.publish(m.ns(SubscriptionCreated), original.event.data, {
      id: original.event.id,
    })
    assert.equal(again.id, original.event.id)
    await eventually(async () => (await duplicates('payment')) === before.payment + 1, 'payment to skip it')
    await eventually(async () => (await duplicates('content')) === before.content + 1, 'content to skip it')
    assert.equal(
      m.events('subscription.created', (d) => d.subscriptionId === sub.subscriptionId).length,
      2,
      'delivered twice',
    )

    const charges = (await m.api.payments('fan-7')).filter((p) => p.referenceId === sub.subscriptionId)
    assert.equal(charges.length, 1, 'charged once')
    assert.equal(m.events('payment.completed', (d) => d.referenceId === sub.subscriptionId).length, 1)
  })

  it('a failing handler: the event is dead-lettered, and redriven once the cause is fixed', async () => {
    const clip = await m.api.upload({
      ownerId: 'ada',
      fileName: 'clip.mp4',
      contentType: 'video/mp4',
      size: 2_048,
    })
    const cover = await m.api.upload({ ownerId: 'ada', fileName: 'cover.jpg' })
    assert.deepEqual(clip.renditions, ['720p', '1080p'])
    await m.event('media.processed', (d) => d.mediaId === clip.mediaId)
    await m.event('media.uploaded', (d) => d.mediaId === cover.mediaId)
    assert.equal((await m.api.legalHold(clip.mediaId, true)).legalHold, true)
    const post = await m.api.createPost({
      creatorId: 'ada',
      title: 'Old news',
      mediaIds: [clip.mediaId, cover.mediaId],
    })
    await m.api.deletePost(post.postId)

    const [dead, ...more] = await eventually(async () => {
      const list = await m.api.deadLetters('media')
      return list.length > 0 && list
    }, 'the dead letter')
    assert.equal(more.length, 0)
    assert.equal(dead!.topic, `${m.config.namespace}.content.post.deleted.dlq`)
    assert.equal(dead!.type, 'content.post.deleted')
    assert.equal(dead!.reason, 'non-retryable')
    assert.equal(dead!.attempts, 1, 'a legal hold is not retried')
    assert.equal(dead!.group, group('media'))
    assert.match(dead!.error, /cannot delete clip\.mp4 .*under legal hold/)
    assert.deepEqual((dead!.data as { postId: string }).postId, post.postId)
    assert.equal(dead!.redriven, false)
    const deleted = await m.event('content.post.deleted', (d) => d.postId === post.postId)
    assert.equal(dead!.eventId, deleted.event.id)

    assert.equal(await m.api.media(cover.mediaId), undefined, 'the file without a hold is deleted')
    assert.ok(await m.api.media(clip.mediaId), 'the held file is kept')
    assert.deepEqual(
      m.events('media.deleted', (d) => d.postId === post.postId).map((s) => s.event.data.fileName),
      ['cover.jpg'],
    )
    const health = await m.api.health('media')
    assert.equal(health.body.status, 'degraded', 'a handler failed in the last minute')
    const metrics = await m.api.metrics('media')
    assert.equal(metricValue(metrics, 'spool_events_dead_lettered_total', { reason: 'non-retryable' }), 1)

    // The fix: the hold is released. Then the dead letter goes back to content.post.deleted.
    await m.api.legalHold(clip.mediaId, false)
    assert.deepEqual(await m.api.redrive('media'), { redriven: 1 })
    await eventually(async () => (await m.api.media(clip.mediaId)) === undefined, 'the redriven deletion')
    const clipDeleted = await m.event('media.deleted', (d) => d.mediaId === clip.mediaId)
    assert.equal(clipDeleted.event.data.postId, post.postId)
    assert.equal(
      m.events('content.post.deleted', (d) => d.postId === post.postId).length,
      2,
      'the redriven record',
    )
    // Same event id, yet handled: the failed attempt released its idempotency claim.
    assert.equal(
      metricValue(await m.api.metrics('media'), 'spool_events_duplicate_total', {
        type: 'content.post.deleted',
      }),
      0,
    )
    assert.deepEqual(
      (await m.api.deadLetters('media')).map((d) => d.redriven),
      [true],
    )
    assert.deepEqual(await m.api.redrive('media'), { redriven: 0 }, 'nothing is redriven twice')
  })
})
