import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { type BusInput, createBus } from '@spool/bus'
import { freePorts, startBroker, uniqueName } from '@spool/testing'
import { events, quietLogger, waitFor } from './helpers.ts'

/** A bus on a port where nothing listens yet, giving up on requests quickly. */
function lateBus(t: import('node:test').TestContext, port: number, options: Partial<BusInput> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'spool-startup-'))
  const bus = createBus({
    brokers: [`127.0.0.1:${port}`],
    clientId: uniqueName('startup'),
    offlinePath: join(dir, 'offline.db'),
    logger: quietLogger,
    retries: 2,
    initialRetryTime: 100,
    connectionTimeout: 500,
    requestTimeout: 3_000,
    reconnectMaxDelay: 1_000,
    sessionTimeout: 10_000,
    heartbeatInterval: 500,
    topicPartitions: 3,
    ...options,
  })
  t.after(async () => {
    await bus.close(3_000)
    rmSync(dir, { recursive: true, force: true })
  })
  return bus
}

it('starts while Kafka is unreachable, joins when it appears and delivers what was spooled', {
  timeout: 90_000,
}, async (t) => {
  const rejections: unknown[] = []
  const onRejection = (error: unknown) => rejections.push(error)
  process.on('unhandledRejection', onRejection)
  t.after(() => process.off('unhandledRejection', onRejection))

  const [port] = await freePorts(1)
  const { OrderPlaced } = events('startup')
  const bus = lateBus(t, port!, { catalog: [OrderPlaced] })
  const group = uniqueName('g')
  const seen = new Map<string, number[]>()
  bus.consumer({ group }).on(OrderPlaced, (event) => {
    const list = seen.get(event.data.customerId) ?? []
    list.push(event.data.seq)
    seen.set(event.data.customerId, list)
  })

  const started = Date.now()
  await bus.connect()
  await bus.start()
  const startTook = Date.now() - started
  assert.ok(startTook < 5_000, `start() resolved in ${startTook} ms with Kafka unreachable`)
  assert.equal(bus.isProducerConnected(), false)

  const statuses = new Set<string>()
  const watch = setInterval(() => statuses.add(bus.health().status), 50)
  t.after(() => clearInterval(watch))
  const publish = (seq: number) =>
    bus.publish(OrderPlaced, { orderId: `o${seq}`, customerId: `c${seq % 4}`, total: seq, seq })
  for (let seq = 0; seq < 40; seq++) assert.equal((await publish(seq)).spooled, true)

  // The group tried and is waiting: health says down, and why.
  await waitFor(() => bus.health().consumers[0]?.waiting, 'the group waiting for Kafka')
  const down = bus.health()
  assert.equal(down.status, 'down')
  assert.match(down.reason ?? '', /unreachable|not answered/)
  assert.equal(down.consumers[0]!.state, 'starting')

  const broker = await startBroker({ port: port!, memory: true })
  t.after(() => broker.stop())
  for (let seq = 40; seq < 60; seq++) await publish(seq)

  await waitFor(() => bus.getActiveConsumerGroups().includes(group), 'the group joined', 30_000)
  await waitFor(
    () => [...seen.values()].reduce((n, l) => n + l.length, 0) >= 60,
    'every event consumed',
    30_000,
  )
  await waitFor(() => bus.health().status === 'up', 'health up', 30_000)
  statuses.add(bus.health().status)
  assert.deepEqual(
    [...seen.values()].flat().sort((a, b) => a - b),
    Array.from({ length: 60 }, (_, i) => i),
    'every event exactly once',
  )
  for (const [customer, list] of seen)
    assert.deepEqual(
      list,
      [...list].sort((a, b) => a - b),
      `order kept for ${customer}`,
    )
  assert.ok(statuses.has('down') && statuses.has('up'), `health went down then up: ${[...statuses]}`)
  assert.equal(bus.isProducerConnected(), true)
  assert.deepEqual(rejections, [], 'no unhandled rejection')
})

it("with startup 'wait', start() resolves once Kafka appeared and the group joined", {
  timeout: 60_000,
}, async (t) => {
  const [port] = await freePorts(1)
  const { OrderPlaced } = events('startup-wait')
  const bus = lateBus(t, port!, { catalog: [OrderPlaced], startup: 'wait' })
  const group = uniqueName('g')
  bus.consumer({ group }).on(OrderPlaced, () => {})
  let resolved = false
  const starting = bus.start().then(() => {
    resolved = true
  })
  await waitFor(() => bus.health().producer.lastError, 'a failed attempt')
  assert.equal(resolved, false, 'start() waits for Kafka')
  const broker = await startBroker({ port: port!, memory: true })
  t.after(() => broker.stop())
  await starting
  assert.deepEqual(bus.getActiveConsumerGroups(), [group])
})

it("with startup 'fail', start() throws at once naming Kafka unreachable", async (t) => {
  const [port] = await freePorts(1)
  const { OrderPlaced } = events('startup-fail')
  const bus = lateBus(t, port!, { catalog: [OrderPlaced], startup: 'fail', retries: 0 })
  bus.consumer({ group: uniqueName('g') }).on(OrderPlaced, () => {})
  await assert.rejects(bus.start(), { code: 'SPOOL_ERR_KAFKA_UNAVAILABLE' })
})
