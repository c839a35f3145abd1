/**
 * Narad (seed 003) end to end: the kafkaService API, the HTTP flows (health, user events, event
 * sourcing and the saga), the one-command start with a graceful Ctrl-C — on every broker target —
 * and the offline spool across an embedded broker restart.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { startBroker } from '@spool/broker'
import { Admin } from '@spool/bus'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { captureLog, http, load, quietLogger, tempDir, waitFor } from './helpers.ts'

const { kafkaService } = await load('services/kafka.js')
const { startNarad } = await load('app.js')
const { EventProcessor } = await load('services/event-processor.js')
const { createHttpServer } = await load('http.js')

describeOnBrokers('example narad', (target) => {
  const kafka = (t: Parameters<typeof tempDir>[0]) => ({
    brokers: bootstrapList(target.bootstrap!),
    offlinePath: join(tempDir(t), 'offline.db'),
    logger: quietLogger,
    heartbeatInterval: 500,
  })

  it('kafkaService: send one or many, subscribe with { topic, partition }, dead letters, disconnect', async (t) => {
    captureLog(t)
    const [events, audit, broken] = [uniqueName('user-events'), uniqueName('audit'), uniqueName('broken')]
    t.after(() => kafkaService.disconnect())
    kafkaService.init(kafka(t))
    await assert.rejects(kafkaService.send(events, { a: 1 }), /not connected/)
    await kafkaService.connectProducer()
    assert.equal(kafkaService.isConnected, true)

    const [single] = await kafkaService.send(events, { userId: '123', action: 'login' }, { key: '123' })
    assert.equal(single.spooled, false)
    assert.equal(typeof single.offset, 'bigint')
    const many = await kafkaService.send(events, [{ n: 1 }, { n: 2 }, { n: 3 }], { key: 'batch' })
    assert.equal(many.length, 3)
    assert.equal(new Set(many.map((r: any) => r.partition)).size, 1, 'one key, one partition')
    assert.deepEqual(
      many.map((r: any) => r.offset - many[0].offset),
      [0n, 1n, 2n],
    )

    const seen: Array<{ message: any; topic: string; partition: number }> = []
    await kafkaService.connectConsumer(uniqueName('analytics-service'))
    await kafkaService.subscribe(events, async (message: any, { topic, partition }: any) => {
      seen.push({ message, topic, partition })
    })
    await waitFor(() => seen.length === 4, 'the four messages')
    assert.deepEqual(
      seen.filter((s) => 'n' in s.message).map((s) => s.message.n),
      [1, 2, 3],
      'in order within the key',
    )
    assert.deepEqual(
      seen.find((s) => s.message.userId === '123'),
      {
        message: { userId: '123', action: 'login' },
        topic: events,
        partition: single.partition,
      },
    )

    // A second topic restarts the group; what it committed is not read again.
    await kafkaService.subscribe(audit, async (message: any, { topic }: any) => {
      seen.push({ message, topic, partition: -1 })
    })
    await kafkaService.send(audit, { type: 'AUDIT' })
    await waitFor(() => seen.some((s) => s.topic === audit), 'the audit message')
    await new Promise((r) => setTimeout(r, 300))
    assert.equal(seen.filter((s) => s.topic === events).length, 4, 'no message handled twice')

    // A failing handler is retried, then its message lands in <topic>.dlq with the error.
    const attempts: number[] = []
    await kafkaService.connectConsumer(uniqueName('fragile-service'))
    await kafkaService.subscribe(broken, async (message: any) => {
      attempts.push(message.n)
      throw new Error(`cannot process ${message.n}`)
    })
    await kafkaService.send(broken, { n: 7 })
    const dead = await waitFor(async () => {
      const list = await kafkaService.bus.deadLetters.list(`${broken}.dlq`)
      return list.length > 0 ? list : undefined
    }, 'the dead letter')
    assert.deepEqual(attempts, [7, 7, 7], 'three attempts in process (SPOOL_RETRY_ATTEMPTS)')
    assert.equal(dead[0].error.message, 'cannot process 7')

    await kafkaService.disconnect()
    assert.equal(kafkaService.isConnected, false)
    await assert.rejects(kafkaService.send(events, { late: true }), /init\(\) first|not connected/)
  })

  it('HTTP: /health/kafka, a login reaches the event processor, orders run the saga (paid, or cancelled)', async (t) => {
    const log = captureLog(t)
    const narad = await startNarad({ kafka: kafka(t), port: 0 })
    t.after(() => narad.stop())
    const admin = new Admin({ brokers: bootstrapList(target.bootstrap!), logger: quietLogger })
    t.after(() => admin.close())

    assert.deepEqual((await http(`${narad.url}/health/kafka`)).body, {
      status: 'connected',
      clientId: process.env.KAFKA_CLIENT_ID ?? 'narad',
      brokers: bootstrapList(target.bootstrap!),
    })

    const userId = uniqueName('user')
    const login = await http(`${narad.url}/users/${userId}/login`, {
      method: 'POST',
      body: { ip: '10.0.0.7' },
    })
    assert.equal(login.status, 202)
    assert.equal(login.body.type, 'USER_LOGIN')
    const user = await waitFor(async () => {
      const r = await http(`${narad.url}/users/${userId}`)
      return r.status === 200 ? r.body : undefined
    }, 'the login in the event processor')
    assert.equal(user.lastLogin.ip, '10.0.0.7')
    assert.equal(user.lastLogin.topic, 'user-events')
    assert.ok(log.includes(`Processing login for user: ${userId}`))

    await kafkaService.send('system-events', { type: 'DEPLOYED', version: userId })
    await waitFor(
      () => EventProcessor.state.systemEvents.some((e: any) => e.version === userId),
      'the system event',
    )

    const invalid = await http(`${narad.url}/orders`, {
      method: 'POST',
      body: { customerId: 'c1', items: [{ sku: 'book', qty: 0, price: 1 }] },
    })
    assert.deepEqual(invalid, { status: 400, body: { error: 'items[0].qty must be a positive integer' } })

    const placed = await http(`${narad.url}/orders`, {
      method: 'POST',
      body: { customerId: 'c1', items: [{ sku: 'book', qty: 2, price: 12.5 }] },
    })
    assert.equal(placed.status, 202)
    assert.equal(placed.body.total, 25)
    const big = await http(`${narad.url}/orders`, {
      method: 'POST',
      body: { customerId: 'c2', items: [{ sku: 'car', qty: 1, price: 20_000 }] },
    })
    const orderState = (id: string, status: string) =>
      waitFor(async () => {
        const r = await http(`${narad.url}/orders/${id}`)
        return r.body.status === status ? r.body : undefined
      }, `order ${id} ${status}`)
    const paid = await orderState(placed.body.id, 'PAID')
    assert.deepEqual(paid.history, ['ORDER_CREATED', 'PAYMENT_COMPLETED', 'ORDER_UPDATED'])
    assert.equal(paid.saga.step, 'COMPLETED')
    assert.equal(paid.saga.paymentId, paid.paymentId)
    const cancelled = await orderState(big.body.id, 'CANCELLED')
    assert.deepEqual(cancelled.history, ['ORDER_CREATED', 'PAYMENT_FAILED', 'ORDER_UPDATED'])
    assert.equal(cancelled.saga.step, 'COMPENSATED')

    // The event log itself: one order's events share its key and partition, in order.
    const { messages } = await admin.browse('orders.events', { from: 'earliest', filter: placed.body.id })
    assert.deepEqual(
      messages.map((m) => JSON.parse(m.value!).type),
      ['ORDER_CREATED', 'PAYMENT_COMPLETED', 'ORDER_UPDATED'],
    )
    assert.ok(messages.every((m) => m.key === placed.body.id && m.partition === messages[0]!.partition))
    const offsets = messages.map((m) => BigInt(m.offset))
    assert.ok(offsets[0]! < offsets[1]! && offsets[1]! < offsets[2]!)
  })

  it('npm start: one command runs it against KAFKA_BROKERS; SIGINT shuts it down gracefully', async (t) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '../src/main.js')], {
      env: {
        ...process.env,
        KAFKA_BROKERS: target.bootstrap!,
        PORT: '0',
        LOG_LEVEL: 'warn',
        SPOOL_OFFLINE_PATH: join(tempDir(t), 'offline.db'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    t.after(() => child.kill('SIGKILL'))
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const url = await waitFor(() => /Narad listening on (http:\S+)/.exec(output)?.[1], 'Narad to listen')
    assert.equal((await http(`${url}/health/kafka`)).body.status, 'connected')
    const placed = await http(`${url}/orders`, {
      method: 'POST',
      body: { customerId: 'c3', items: [{ sku: 'pen', qty: 3, price: 2 }] },
    })
    await waitFor(async () => (await http(`${url}/orders/${placed.body.id}`)).body.status === 'PAID', 'PAID')

    const exited = once(child, 'exit')
    child.kill('SIGINT')
    const [code] = await exited
    assert.equal(code, 0, output)
    assert.match(output, /Shutting down gracefully\.\.\./)
  })
})

describe('example narad: the offline spool replaces "[DEV] Would send"', () => {
  it('sends while the broker is down are kept, then delivered in order when it is back (same port and data)', async (t) => {
    const log = captureLog(t)
    const dir = tempDir(t)
    let broker = await startBroker({ port: 0, dataDir: join(dir, 'broker') })
    const port = broker.port
    t.after(() => broker.stop())
    const topic = uniqueName('user-events')
    t.after(() => kafkaService.disconnect())
    await kafkaService
      .init({
        brokers: [broker.bootstrap],
        offlinePath: join(dir, 'offline.db'),
        logger: quietLogger,
        retries: 1,
        connectionTimeout: 1_000,
        requestTimeout: 2_000,
        deliveryTimeout: 1_500,
      })
      .connectProducer()
    const server = createHttpServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    t.after(() => server.close())
    const health = () => http(`http://127.0.0.1:${(server.address() as any).port}/health/kafka`)

    const byUser = { key: 'u1' }
    assert.equal((await kafkaService.send(topic, { n: 0 }, byUser))[0].spooled, false)
    await broker.stop()

    const [kept] = await kafkaService.send(topic, { n: 1 }, byUser)
    assert.equal(kept.spooled, true, 'kept in the spool, not dropped')
    const batch = await kafkaService.send(topic, [{ n: 2 }, { n: 3 }], byUser)
    assert.ok(batch.every((r: any) => r.spooled))
    assert.ok(log.some((l) => l.startsWith('[spool] Kafka unreachable: kept')))
    assert.equal(kafkaService.isConnected, false)
    assert.equal((await health()).body.status, 'disconnected')
    assert.equal(kafkaService.bus.health().spool.depth, 3)

    broker = await startBroker({ port, dataDir: join(dir, 'broker') })
    await waitFor(
      () => kafkaService.isConnected && kafkaService.bus.health().spool.depth === 0,
      'the spool drained',
    )
    assert.equal((await health()).body.status, 'connected')

    const seen: number[] = []
    await kafkaService.connectConsumer(uniqueName('late-reader'))
    await kafkaService.subscribe(topic, async (message: any) => {
      seen.push(message.n)
    })
    await waitFor(() => seen.length >= 4, 'all four messages')
    assert.deepEqual([...new Set(seen)], [0, 1, 2, 3], 'everything arrived, in order')
  })

  it('npm start without KAFKA_BROKERS starts the embedded broker itself', async (t) => {
    const dir = tempDir(t)
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'warn', SPOOL_BROKER_PORT: '0' }
    delete env.KAFKA_BROKERS
    delete env.KAFKA_BROKER
    const child = spawn(process.execPath, [join(import.meta.dirname, '../src/main.js')], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    t.after(() => child.kill('SIGKILL'))
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const url = await waitFor(() => /Narad listening on (http:\S+)/.exec(output)?.[1], 'Narad to listen')
    assert.match(output, /Embedded Kafka-compatible broker on 127\.0\.0\.1:\d+/)
    const health = (await http(`${url}/health/kafka`)).body
    assert.equal(health.status, 'connected')
    const exited = once(child, 'exit')
    child.kill('SIGINT')
    assert.equal((await exited)[0], 0, output)
  })
})
