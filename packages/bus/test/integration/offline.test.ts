import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { createBus } from '@spool/bus'
import { realKafkaSkipReason, startKafka, uniqueName } from '@spool/testing'
import { events, quietLogger, waitFor } from './helpers.ts'

it('offline spool: delivers everything published while Kafka was down, across a process restart', {
  skip: realKafkaSkipReason(),
  timeout: 240_000,
}, async (t) => {
  const kafka = await startKafka({ nodes: 1 })
  t.after(() => kafka.stop())
  const dir = mkdtempSync(join(tmpdir(), 'spool-offline-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const { OrderPlaced, orders } = events('offline')
  const options = {
    brokers: kafka.bootstrap.split(','),
    catalog: [OrderPlaced],
    offlinePath: join(dir, 'offline.db'),
    logger: quietLogger,
    retries: 1,
    initialRetryTime: 100,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    deliveryTimeout: 2_000,
  }
  const first = createBus({ ...options, clientId: uniqueName('offline-a') })
  await first.connect()
  const publish = (bus: typeof first, seq: number) =>
    bus.publish(OrderPlaced, { orderId: `o${seq}`, customerId: `c${seq % 5}`, total: seq, seq })
  for (let s = 0; s < 20; s++) assert.equal((await publish(first, s)).spooled, false)

  await kafka.nodes[0]!.kill()
  const spooled = []
  for (let s = 20; s < 120; s++) spooled.push(await publish(first, s))
  assert.ok(
    spooled.every((r) => r.spooled),
    'publishes while Kafka is down go to the spool',
  )
  assert.equal(first.isProducerConnected(), false)
  const health = first.health()
  assert.equal(health.status, 'degraded')
  assert.equal(health.spool.depth, 100)
  await first.close(2_000) // the process "restarts" while Kafka is still down

  const second = createBus({ ...options, clientId: uniqueName('offline-b') })
  t.after(() => second.close(2_000))
  assert.equal(second.health().spool.depth, 100, 'the spool survived the restart')
  for (let s = 120; s < 150; s++)
    assert.equal((await publish(second, s)).spooled, true, 'order kept behind the spool')
  await kafka.nodes[0]!.start()
  await waitFor(() => second.health().spool.depth === 0, 'spool drained', 90_000)
  assert.equal(second.isProducerConnected(), true)

  const seen = new Map<string, number[]>()
  const consumer = createBus({ ...options, clientId: uniqueName('offline-c'), offline: 'fail', retries: 8 })
  t.after(() => consumer.close(2_000))
  consumer.consumer({ group: uniqueName('g') }).on(OrderPlaced, (e) => {
    const list = seen.get(e.data.customerId) ?? []
    list.push(e.data.seq)
    seen.set(e.data.customerId, list)
  })
  await consumer.start()
  await waitFor(
    () => [...seen.values()].reduce((n, l) => n + l.length, 0) >= 150,
    'all 150 events consumed',
    60_000,
  )
  const all = [...seen.values()].flat().sort((a, b) => a - b)
  assert.deepEqual(
    all,
    Array.from({ length: 150 }, (_, i) => i),
    `every event on ${orders} exactly once`,
  )
  for (const [c, list] of seen)
    assert.deepEqual(
      list,
      [...list].sort((a, b) => a - b),
      `order kept for ${c}`,
    )
})
