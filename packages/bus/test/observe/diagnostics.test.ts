import assert from 'node:assert/strict'
import diagnostics from 'node:diagnostics_channel'
import { it } from 'node:test'
import { type BusDiagnostic, busChannelName } from '@spool/bus'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { events, makeBus, waitFor } from '../integration/helpers.ts'

/** Collects the channel's messages until the test ends. */
function listen(t: { after(fn: () => void): void }): BusDiagnostic[] {
  const seen: BusDiagnostic[] = []
  const onMessage = (message: unknown) => {
    seen.push(message as BusDiagnostic)
  }
  diagnostics.subscribe(busChannelName, onMessage)
  t.after(() => diagnostics.unsubscribe(busChannelName, onMessage))
  return seen
}

/** The messages of one kind. */
function ofType<T extends BusDiagnostic['type']>(seen: BusDiagnostic[], type: T) {
  return seen.filter((m): m is Extract<BusDiagnostic, { type: T }> => m.type === type)
}

it('the channel is spool:bus, and nobody listens to it by default', () => {
  assert.equal(busChannelName, 'spool:bus')
  assert.equal(diagnostics.channel(busChannelName).hasSubscribers, false)
})

describeOnBrokers('bus: the spool:bus diagnostics channel', (target) => {
  it('reports publishes, handler attempts, retries, a dead letter and its redrive as the consumer saw them', async (t) => {
    const { OrderPlaced, orders } = events('diag')
    const group = uniqueName('diag')
    const bus = makeBus(t, target, [OrderPlaced], {
      retry: { attempts: 2, initialDelay: 5, maxDelay: 20, topics: [50] },
    })
    // What the handler saw, call by call: the truth the channel's consume messages must match.
    const calls: Array<{ id: string; topic: string; partition: number; offset: bigint; attempt: number }> = []
    let flakyFailed = false
    let healed = false
    bus.consumer({ group }).on(OrderPlaced, (e, ctx) => {
      calls.push({
        id: e.id,
        topic: ctx.topic,
        partition: ctx.partition,
        offset: ctx.offset,
        attempt: ctx.attempt,
      })
      if (e.data.orderId === 'flaky' && !flakyFailed) {
        flakyFailed = true
        throw new Error('flaky once')
      }
      if (e.data.orderId === 'poison' && !healed) throw new Error('card declined')
    })
    await bus.start()
    const seen = listen(t)

    const flaky = await bus.publish(OrderPlaced, { orderId: 'flaky', customerId: 'c1', total: 1, seq: 1 })
    const poison = await bus.publish(OrderPlaced, { orderId: 'poison', customerId: 'c2', total: 1, seq: 2 })
    await waitFor(
      () =>
        seen.some((m) => m.type === 'dead-letter') &&
        seen.some((m) => m.type === 'consume' && m.outcome === 'handled'),
      'the flaky event handled and the poison one dead-lettered',
    )

    // Publishes: as the receipts say.
    const published = ofType(seen, 'publish')
    assert.deepEqual(
      published.map(({ durationMs, ...m }) => {
        assert.ok(durationMs >= 0)
        return m
      }),
      [flaky, poison].map((r, i) => ({
        type: 'publish',
        id: r.id,
        eventType: 'order.placed',
        topic: orders,
        key: `c${i + 1}`,
        partition: r.partition,
        offset: r.offset,
        outcome: 'sent',
      })),
    )

    // Handler attempts: one consume message per call, with what the handler was given.
    const attempts = ofType(seen, 'consume').filter((m) => m.group === group)
    const outcome = (call: (typeof calls)[number]) =>
      call.id === flaky.id && call.attempt === 2 ? 'handled' : 'failed'
    assert.deepEqual(
      attempts.map((m) => [m.id, m.eventType, m.topic, m.partition, m.offset, m.attempt, m.outcome]),
      calls.map((c) => [c.id, 'order.placed', c.topic, c.partition, c.offset, c.attempt, outcome(c)]),
    )
    for (const m of attempts) {
      assert.ok(m.durationMs >= 0)
      if (m.outcome === 'failed') assert.ok(m.error instanceof Error)
    }
    const flakyCall = calls.find((c) => c.id === flaky.id)!
    assert.deepEqual(
      [flakyCall.topic, flakyCall.partition, flakyCall.offset],
      [orders, flaky.partition, flaky.offset],
    )
    // The poison event: twice on its topic, then once on the retry topic.
    assert.deepEqual(
      calls.filter((c) => c.id === poison.id).map((c) => [c.topic, c.attempt]),
      [
        [orders, 1],
        [orders, 2],
        [`${orders}.retry.1`, 3],
      ],
    )

    // Retries: in process after each first failure, then the poison one through its retry topic.
    const retries = ofType(seen, 'retry')
    const viaTopic = calls.find((c) => c.id === poison.id && c.attempt === 2)!
    assert.deepEqual(
      retries.map((m) => [m.id, m.topic, m.offset, m.attempt, m.via, m.retryTopic]).sort(),
      [
        [flaky.id, orders, flaky.offset, 1, 'in-process', undefined],
        [poison.id, orders, poison.offset, 1, 'in-process', undefined],
        [poison.id, viaTopic.topic, viaTopic.offset, 2, 'retry-topic', `${orders}.retry.1`],
      ].sort(),
    )
    for (const m of retries) {
      assert.ok(m.error instanceof Error)
      if (m.via === 'retry-topic') assert.equal(m.delayMs, 50)
      else assert.ok(m.delayMs >= 0 && m.delayMs <= 20)
    }

    // The dead letter: from the retry topic record the handler saw last.
    const last = calls.findLast((c) => c.id === poison.id)!
    const deadLetters = ofType(seen, 'dead-letter')
    assert.equal(deadLetters.length, 1)
    const { error, ...dead } = deadLetters[0]!
    assert.deepEqual(dead, {
      type: 'dead-letter',
      id: poison.id,
      eventType: 'order.placed',
      topic: last.topic,
      partition: last.partition,
      offset: last.offset,
      group,
      attempts: 3,
      reason: 'handler-failed',
      dlqTopic: `${orders}.dlq`,
    })
    assert.equal((error as Error).message, 'card declined')
    const [listed] = await bus.deadLetters.list(`${orders}.dlq`)
    assert.equal(listed!.originalOffset, String(poison.offset))

    // The redrive, and the redriven event handled.
    healed = true
    seen.length = 0
    await bus.deadLetters.redrive(`${orders}.dlq`)
    await waitFor(
      () => seen.some((m) => m.type === 'consume' && m.id === poison.id && m.outcome === 'handled'),
      'the redriven event handled',
    )
    const redrives = ofType(seen, 'redrive')
    assert.equal(redrives.length, 1)
    const { durationMs, ...redrive } = redrives[0]!
    assert.ok(durationMs >= 0)
    assert.deepEqual(redrive, {
      type: 'redrive',
      dlqTopic: `${orders}.dlq`,
      entries: [{ partition: listed!.partition, offset: listed!.offset, originalTopic: orders }],
    })
    const redriven = calls.at(-1)!
    const handled = ofType(seen, 'consume').find((m) => m.outcome === 'handled')!
    assert.deepEqual(
      [handled.topic, handled.partition, handled.offset, handled.attempt],
      [orders, redriven.partition, redriven.offset, redriven.attempt],
    )
    assert.notEqual(handled.offset, poison.offset, 'a redrive is a new record of the topic')
  })

  it('reports a publish that failed validation, and nothing once unsubscribed', async (t) => {
    const { OrderPlaced, orders } = events('diag-fail')
    const bus = makeBus(t, target, [OrderPlaced])
    const seen: BusDiagnostic[] = []
    const onMessage = (message: unknown) => {
      seen.push(message as BusDiagnostic)
    }
    diagnostics.subscribe(busChannelName, onMessage)
    try {
      await assert.rejects(
        bus.publish(OrderPlaced, { orderId: 'x', customerId: 'c', total: -1, seq: 1 }),
        (e: Error & { code?: string }) => e.code === 'SPOOL_ERR_VALIDATION',
      )
    } finally {
      diagnostics.unsubscribe(busChannelName, onMessage)
    }
    assert.equal(seen.length, 1)
    const { durationMs, error, ...failed } = ofType(seen, 'publish')[0]!
    assert.ok(durationMs >= 0)
    assert.deepEqual(failed, {
      type: 'publish',
      id: undefined,
      eventType: 'order.placed',
      topic: orders,
      key: undefined,
      partition: undefined,
      offset: undefined,
      outcome: 'failed',
    })
    assert.equal((error as { code?: string }).code, 'SPOOL_ERR_VALIDATION')
    await bus.publish(OrderPlaced, { orderId: 'y', customerId: 'c', total: 1, seq: 2 })
    assert.equal(seen.length, 1)
  })
})
