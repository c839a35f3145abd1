import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { type IdempotencyStore, memoryStore, redisStore } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { z } from 'zod'
import { events, makeBus, waitFor } from './helpers.ts'

const child = fileURLToPath(new URL('./fixtures/consumer-child.ts', import.meta.url))

function startChild(args: string[], handled: number[]): { proc: ChildProcess; ready: Promise<void> } {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  let buffer = ''
  let markReady: () => void
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })
  proc.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    let nl = buffer.indexOf('\n')
    while (nl >= 0) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      if (line === 'ready') markReady()
      else if (line.startsWith('handled ')) handled.push(Number(line.slice(8)))
      nl = buffer.indexOf('\n')
    }
  })
  return { proc, ready }
}

describeOnBrokers('bus: consumer groups', (target) => {
  it('loses nothing when one of two group members is killed mid-stream', async (t) => {
    const topic = uniqueName('ticks')
    const group = uniqueName('workers')
    const Tick = defineEvent({
      type: 'tick',
      topic,
      key: 'k',
      schema: z.object({ k: z.string(), seq: z.number() }),
    })
    const bus = makeBus(t, target, [Tick], { topicPartitions: 4 })
    // Create the topic with 4 partitions before the members join.
    bus.consumer({ group: uniqueName('creator') }).on(Tick, () => {})
    await bus.start()
    const handledA: number[] = []
    const handledB: number[] = []
    const a = startChild([target.bootstrap!, topic, group, '5'], handledA)
    const b = startChild([target.bootstrap!, topic, group, '5'], handledB)
    t.after(() => {
      a.proc.kill('SIGKILL')
      b.proc.kill('SIGKILL')
    })
    await Promise.all([a.ready, b.ready])
    const total = 600
    for (let seq = 0; seq < total; seq += 50) {
      await bus.publishBatch(
        Array.from({ length: 50 }, (_, i) => ({
          event: Tick,
          data: { k: `key-${(seq + i) % 16}`, seq: seq + i },
        })),
      )
    }
    await waitFor(
      () => handledA.length + handledB.length > 100 && handledA.length > 0,
      'both members handling',
    )
    a.proc.kill('SIGKILL')
    await waitFor(
      () => new Set([...handledA, ...handledB]).size === total,
      `all ${total} events handled after the kill`,
      60_000,
    )
    const missing = Array.from({ length: total }, (_, i) => i).filter(
      (s) => !handledA.includes(s) && !handledB.includes(s),
    )
    assert.deepEqual(missing, [])
    assert.ok(handledB.length > 0)
  })

  it('never runs a handler again when the idempotency store fails to mark its event done', async (t) => {
    const inner = memoryStore()
    t.after(() => inner.close())
    let completeFailures = 2
    // A store whose complete() fails twice (a Redis or PostgreSQL hiccup), then recovers.
    const store: IdempotencyStore = {
      claim: (key, lease) => inner.claim(key, lease),
      complete: async (key, retention) => {
        if (completeFailures-- > 0) throw new Error('store unreachable')
        await inner.complete(key, retention)
      },
      release: (key) => inner.release(key),
      status: (key) => inner.status(key),
      close: async () => {},
    }
    const { OrderPlaced } = events('flaky-store')
    const bus = makeBus(t, target, [OrderPlaced], {
      idempotency: store,
      retry: { attempts: 3, initialDelay: 10, maxDelay: 50 },
    })
    const group = uniqueName('flaky-store')
    const calls: number[] = []
    bus.consumer({ group }).on(OrderPlaced, (e) => {
      calls.push(e.data.seq)
    })
    await bus.start()
    const first = await bus.publish(OrderPlaced, { orderId: 'o1', customerId: 'c1', total: 5, seq: 1 })
    await bus.publish(OrderPlaced, { orderId: 'o2', customerId: 'c1', total: 5, seq: 2 })
    await waitFor(() => calls.length >= 2, 'both events handled')
    // The first event's id again: the store marked it done once it recovered.
    await bus.publish(OrderPlaced, { orderId: 'o1', customerId: 'c1', total: 5, seq: 1 }, { id: first.id })
    await bus.publish(OrderPlaced, { orderId: 'o3', customerId: 'c1', total: 5, seq: 3 })
    await waitFor(() => calls.includes(3), 'the third event handled')
    assert.deepEqual(calls, [1, 2, 3], 'each handler ran once, none again for the store failures')
    const status = bus.consumer(group).status()
    assert.equal(status.handled, 3)
    assert.equal(status.failed, 0, 'a store failure after the handler is not a handler failure')
    assert.equal(status.deadLettered, 0)
    assert.equal(await inner.status(`${group}:${first.id}`), 'done')
  })

  it("claims with the group's lease and waits on a held event no longer than its busy wait", async (t) => {
    const inner = memoryStore()
    t.after(() => inner.close())
    const leases: number[] = []
    const store: IdempotencyStore = {
      claim: (key, lease) => {
        leases.push(lease)
        return inner.claim(key, lease)
      },
      complete: (key, retention) => inner.complete(key, retention),
      release: (key) => inner.release(key),
      status: (key) => inner.status(key),
      close: async () => {},
    }
    const { OrderPlaced } = events('held')
    const bus = makeBus(t, target, [OrderPlaced], { idempotency: store })
    const group = uniqueName('held')
    const id = `held-${uniqueName('event')}`
    // Another worker holds the event (it took the partition's records before a rebalance).
    assert.equal(await inner.claim(`${group}:${id}`, 60_000), 'claimed')
    const calls: number[] = []
    const consumer = bus.consumer({ group, idempotencyLease: 1_234, idempotencyBusyWait: 150 })
    consumer.on(OrderPlaced, (e) => {
      calls.push(e.data.seq)
    })
    await bus.start()
    await bus.publish(OrderPlaced, { orderId: 'o1', customerId: 'c1', total: 5, seq: 1 }, { id })
    const held = await waitFor(() => consumer.status().lastError, 'the busy wait to give up')
    assert.match(held.message, /still held by another worker after 150 ms/)
    assert.deepEqual(calls, [])
    await inner.release(`${group}:${id}`) // the other worker's handler failed: the event is free
    await waitFor(() => calls.length === 1, 'the event handled once freed')
    assert.ok(leases.length >= 2 && leases.every((lease) => lease === 1_234), String(leases))
  })

  it('handles an event once when it is delivered twice (idempotent handlers)', async (t) => {
    for (const [name, store] of [
      ['memory', memoryStore()],
      [
        'redis',
        redisStore({
          url: process.env.SPOOL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
          prefix: `${uniqueName('it')}:`,
        }),
      ],
    ] as const) {
      t.after(() => store.close())
      const { OrderPlaced } = events(`dupes-${name}`)
      const bus = makeBus(t, target, [OrderPlaced], { idempotency: store })
      const group = uniqueName(`dedupe-${name}`)
      const calls: string[] = []
      bus.consumer({ group }).on(OrderPlaced, (e) => {
        calls.push(e.id)
      })
      await bus.start()
      const data = { orderId: 'o1', customerId: 'c1', total: 5, seq: 1 }
      const first = await bus.publish(OrderPlaced, data)
      // The same event id again: what a producer retry or an outbox replay produces.
      await bus.publish(OrderPlaced, data, { id: first.id })
      await bus.publish(OrderPlaced, { ...data, orderId: 'o2' })
      await waitFor(
        () =>
          calls.length >= 2 &&
          bus
            .consumer(group)
            .status()
            .assignments.every((a) => a.lag === '0' || a.lag === undefined),
        `${name}: events handled`,
      )
      await new Promise((r) => setTimeout(r, 300))
      assert.equal(calls.filter((id) => id === first.id).length, 1, `${name}: duplicate handled once`)
      assert.equal(calls.length, 2)
      const text = await bus.metrics.registry.getSingleMetricAsString('spool_events_duplicate_total')
      assert.match(text, / 1$/m, `${name}: duplicate counted`)
    }
  })

  it('pauses and resumes, stops and starts at runtime, and reports health', async (t) => {
    const { OrderPlaced } = events('lifecycle')
    const group = uniqueName('g')
    const bus = makeBus(t, target, [OrderPlaced])
    const got: number[] = []
    const consumer = bus.consumer({ group }).on(OrderPlaced, (e) => {
      got.push(e.data.seq)
    })
    await bus.start()
    assert.equal(bus.isProducerConnected(), true)
    assert.deepEqual(bus.getActiveConsumerGroups(), [group])
    await bus.publish(OrderPlaced, { orderId: 'o', customerId: 'c', total: 1, seq: 1 })
    await waitFor(() => got.length === 1, 'first event')
    consumer.pause()
    assert.equal(bus.health().status, 'degraded')
    await bus.publish(OrderPlaced, { orderId: 'o', customerId: 'c', total: 1, seq: 2 })
    await new Promise((r) => setTimeout(r, 1_500))
    assert.deepEqual(got, [1], 'nothing is handled while paused')
    consumer.resume()
    await waitFor(() => got.length === 2, 'event after resume')
    await consumer.stop()
    assert.equal(consumer.state, 'stopped')
    assert.deepEqual(bus.getActiveConsumerGroups(), [])
    await bus.publish(OrderPlaced, { orderId: 'o', customerId: 'c', total: 1, seq: 3 })
    await consumer.start()
    await waitFor(() => got.length === 3, 'event after restart')
    assert.deepEqual(got, [1, 2, 3], 'restart resumes from the committed offset, no replays')
    const health = bus.health()
    assert.equal(health.status, 'up')
    assert.equal(health.producer.connected, true)
    const status = health.consumers.find((c) => c.group === group)!
    assert.equal(status.state, 'running')
    assert.equal(status.assignments.length, 3)
    assert.equal(status.handled, 3)
    const metrics = await bus.metrics.registry.metrics()
    assert.match(metrics, /spool_events_published_total\{type="order.placed",topic="[^"]+"\} 3/)
    assert.match(
      metrics,
      new RegExp(`spool_events_consumed_total\\{type="order.placed",group="${group}"\\} 3`),
    )
    assert.match(metrics, /spool_handler_duration_seconds_count\{type="order.placed",group="[^"]+"\} 3/)
    assert.match(metrics, /spool_offline_spool_depth 0/)
  })
})
