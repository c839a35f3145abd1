import assert from 'node:assert/strict'
import { it } from 'node:test'
import { failureHeaders, NonRetryableError } from '@spool/bus'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { events, makeBus, waitFor } from './helpers.ts'

describeOnBrokers('bus: retries, retry topics and dead letters', (target) => {
  it('retries in process, then through retry topics, then dead-letters with full headers; redrive sends it back', async (t) => {
    const { OrderPlaced, orders } = events('dlq')
    const group = uniqueName('billing')
    const bus = makeBus(t, target, [OrderPlaced], {
      retry: { attempts: 3, initialDelay: 5, maxDelay: 20, topics: [100, 200] },
    })
    const attempts: Array<{ attempt: number; topic: string; at: number }> = []
    let healed = false
    const handled: string[] = []
    bus.consumer({ group }).on(OrderPlaced, (e, ctx) => {
      if (e.data.orderId === 'poison' && !healed) {
        attempts.push({ attempt: ctx.attempt, topic: ctx.topic, at: Date.now() })
        throw new Error(`card declined for ${e.data.orderId}`)
      }
      handled.push(e.data.orderId)
    })
    await bus.start()
    const poison = await bus.publish(OrderPlaced, { orderId: 'poison', customerId: 'c1', total: 1, seq: 1 })
    await bus.publish(OrderPlaced, { orderId: 'fine', customerId: 'c2', total: 1, seq: 2 })
    await waitFor(() => bus.consumer(group).status().deadLettered === 1, 'the dead letter')
    assert.ok(handled.includes('fine'), 'other events keep flowing while one fails')
    // 3 in-process attempts on the source topic, then one on each retry topic.
    assert.deepEqual(
      attempts.map((a) => [a.attempt, a.topic]),
      [
        [1, orders],
        [2, orders],
        [3, orders],
        [4, `${orders}.retry.1`],
        [5, `${orders}.retry.2`],
      ],
    )
    assert.ok(attempts[3]!.at - attempts[2]!.at >= 90, 'retry topic 1 delay honoured')
    assert.ok(attempts[4]!.at - attempts[3]!.at >= 190, 'retry topic 2 delay honoured')

    const [dead, ...more] = await bus.deadLetters.list(`${orders}.dlq`)
    assert.equal(more.length, 0)
    assert.equal(dead!.originalTopic, orders)
    assert.equal(dead!.originalPartition, poison.partition)
    assert.equal(dead!.originalOffset, String(poison.offset))
    assert.equal(dead!.group, group)
    assert.equal(dead!.attempts, 5)
    assert.equal(dead!.reason, 'handler-failed')
    assert.equal(dead!.error.message, 'card declined for poison')
    assert.match(dead!.error.stack!, /card declined/)
    assert.ok(dead!.firstFailure && dead!.lastFailure && dead!.firstFailure <= dead!.lastFailure)
    assert.equal(dead!.key, 'c1')
    assert.equal(JSON.parse(dead!.value!).id, poison.id, 'the dead letter carries the original event')
    assert.equal(dead!.headers[failureHeaders.originalTopic], orders)

    healed = true
    const result = await bus.deadLetters.redrive(`${orders}.dlq`)
    assert.equal(result.redriven, 1)
    await waitFor(() => handled.includes('poison'), 'the redriven event handled')
    const again = await bus.deadLetters.redrive(`${orders}.dlq`)
    assert.equal(again.redriven, 0, 'a bulk redrive never sends the same dead letter twice')
    const listed = await bus.deadLetters.list(`${orders}.dlq`)
    assert.equal(listed[0]!.redriven, true)
  })

  it('sends non-retryable errors straight to the dead letters', async (t) => {
    const { OrderPlaced, orders } = events('nonretry')
    const group = uniqueName('g')
    const bus = makeBus(t, target, [OrderPlaced], { retry: { attempts: 5, initialDelay: 5, topics: [50] } })
    let calls = 0
    bus.consumer({ group }).on(OrderPlaced, () => {
      calls++
      throw new NonRetryableError('total must be paid in EUR')
    })
    await bus.start()
    await bus.publish(OrderPlaced, { orderId: 'o', customerId: 'c', total: 1, seq: 1 })
    await waitFor(() => bus.consumer(group).status().deadLettered === 1, 'dead letter')
    assert.equal(calls, 1)
    const [dead] = await bus.deadLetters.list(`${orders}.dlq`)
    assert.equal(dead!.reason, 'non-retryable')
    assert.equal(dead!.error.code, 'SPOOL_ERR_NON_RETRYABLE')
  })

  it('dead-letters invalid inbound records with the reason and keeps consuming', async (t) => {
    const { OrderPlaced, orders } = events('invalid')
    const group = uniqueName('g')
    const bus = makeBus(t, target, [OrderPlaced])
    const handled: string[] = []
    bus.consumer({ group }).on(OrderPlaced, (e) => {
      handled.push(e.data.orderId)
    })
    await bus.start()
    await bus.sendMessages([
      { topic: orders, key: 'k', value: 'this is not json' },
      {
        topic: orders,
        value: JSON.stringify({
          specversion: '1.0',
          id: 'x1',
          source: '/t',
          type: 'order.placed',
          data: { orderId: 3 },
        }),
        headers: { 'content-type': 'application/cloudevents+json; charset=UTF-8' },
      },
    ])
    await bus.publish(OrderPlaced, { orderId: 'good', customerId: 'c', total: 1, seq: 1 })
    await waitFor(
      () => handled.includes('good') && bus.consumer(group).status().deadLettered === 2,
      'good event + 2 dead letters',
    )
    const dead = await bus.deadLetters.list(`${orders}.dlq`)
    assert.deepEqual(
      dead.map((d) => d.reason),
      ['invalid-event', 'invalid-event'],
    )
    const messages = dead.map((d) => d.error.message).join('\n')
    assert.match(messages, /JSON/i)
    assert.match(messages, /orderId/)
    assert.equal(bus.consumer(group).status().state, 'running')
  })

  it('redrives only the selected dead letters', async (t) => {
    const { OrderPlaced, orders } = events('select')
    const group = uniqueName('g')
    const bus = makeBus(t, target, [OrderPlaced], { retry: { attempts: 1, topics: [] } })
    const fixed = new Set<string>()
    const handled: string[] = []
    bus.consumer({ group }).on(OrderPlaced, (e) => {
      if (!fixed.has(e.data.orderId)) throw new Error('not yet')
      handled.push(e.data.orderId)
    })
    await bus.start()
    for (const id of ['a', 'b', 'c'])
      await bus.publish(OrderPlaced, { orderId: id, customerId: id, total: 1, seq: 1 })
    await waitFor(() => bus.consumer(group).status().deadLettered === 3, 'three dead letters')
    const dead = await bus.deadLetters.list(`${orders}.dlq`)
    const b = dead.find((d) => JSON.parse(d.value!).data.orderId === 'b')!
    fixed.add('b')
    const result = await bus.deadLetters.redrive(`${orders}.dlq`, {
      select: [{ partition: b.partition, offset: b.offset }],
    })
    assert.equal(result.redriven, 1)
    await waitFor(() => handled.includes('b'), 'b handled')
    assert.deepEqual(handled, ['b'])
    // The ledger remembers the selected one: listed as redriven, and left out of a redrive of all.
    const after = await bus.deadLetters.list(`${orders}.dlq`)
    assert.deepEqual(after.map((d) => [JSON.parse(d.value!).data.orderId, d.redriven]).sort(), [
      ['a', false],
      ['b', true],
      ['c', false],
    ])
    const pending = await bus.deadLetters.list(`${orders}.dlq`, { includeRedriven: false })
    assert.deepEqual(pending.map((d) => JSON.parse(d.value!).data.orderId).sort(), ['a', 'c'])
    fixed.add('a').add('c')
    const rest = await bus.deadLetters.redrive(`${orders}.dlq`)
    assert.equal(rest.redriven, 2)
    await waitFor(() => handled.length === 3, 'a and c handled')
    assert.deepEqual(handled.toSorted(), ['a', 'b', 'c'], 'b was not sent again')
  })

  it('redrives the dead letters a predicate picks, and records them', async (t) => {
    const { OrderPlaced, orders } = events('predicate')
    const group = uniqueName('g')
    const bus = makeBus(t, target, [OrderPlaced], { retry: { attempts: 1, topics: [] } })
    let healed = false
    const handled: string[] = []
    bus.consumer({ group }).on(OrderPlaced, (e) => {
      if (!healed) throw new Error('not yet')
      handled.push(e.data.orderId)
    })
    await bus.start()
    for (const id of ['x', 'y'])
      await bus.publish(OrderPlaced, { orderId: id, customerId: id, total: 1, seq: 1 })
    await waitFor(() => bus.consumer(group).status().deadLettered === 2, 'two dead letters')
    healed = true
    const seen: boolean[] = []
    const result = await bus.deadLetters.redrive(`${orders}.dlq`, {
      select: (d) => {
        seen.push(d.redriven)
        return JSON.parse(d.value!).data.orderId === 'y'
      },
    })
    assert.deepEqual(seen, [false, false], 'the predicate sees every entry, none redriven yet')
    assert.equal(result.redriven, 1)
    assert.equal(JSON.parse(result.entries[0]!.value!).data.orderId, 'y')
    assert.equal(result.entries[0]!.redriven, true)
    await waitFor(() => handled.includes('y'), 'y handled')
    const after = await bus.deadLetters.list(`${orders}.dlq`)
    assert.deepEqual(after.map((d) => [JSON.parse(d.value!).data.orderId, d.redriven]).sort(), [
      ['x', false],
      ['y', true],
    ])
  })
})
