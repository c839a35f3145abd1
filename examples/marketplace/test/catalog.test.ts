/**
 * The shared catalog and configuration, without a broker: every topic of seed 002, schemas that
 * refuse bad data, the v1 → v2 upcaster, namespaces, and the environment the example reads.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { createCatalog, encodeEventSync } from '@spool/catalog'
import { configFromEnv, idempotencyStore, inNamespace } from '../libs/common/config.ts'
import {
  CONTENT_EVENTS,
  MEDIA_EVENTS,
  marketplaceEvents,
  namespaced,
  PAYMENT_EVENTS,
  PaymentCompleted,
  PaymentCompletedV1,
  SUBSCRIPTION_EVENTS,
} from '../libs/common/kafka.events.ts'

it('lists every event topic of seed 002, each on the topic of its name', () => {
  const catalog = createCatalog(marketplaceEvents)
  const seed = [
    ...Object.values(SUBSCRIPTION_EVENTS),
    ...Object.values(PAYMENT_EVENTS),
    ...Object.values(CONTENT_EVENTS),
    ...Object.values(MEDIA_EVENTS),
  ]
  assert.equal(seed.length, 18)
  assert.deepEqual([...catalog.topics()].sort(), [...seed].sort())
  for (const def of marketplaceEvents) assert.equal(def.topic, def.type)
  assert.deepEqual(catalog.describe()['payment.completed'], {
    topic: 'payment.completed',
    version: 2,
    required: ['paymentId', 'userId', 'amount', 'type', 'referenceId', 'completedAt', 'currency'],
    description: 'Payment successful (v2 adds currency; v1 events are read as USD)',
  })
})

it('refuses invalid data, naming the fields', () => {
  assert.throws(
    () =>
      encodeEventSync(
        PaymentCompleted,
        {
          paymentId: 'p',
          userId: 'u',
          amount: -1,
          currency: 'euro',
          type: 'gift',
          referenceId: 'r',
        } as never,
        { source: '/test' },
      ),
    (error: { code: string; issues: Array<{ path: string }> }) => {
      assert.equal(error.code, 'SPOOL_ERR_VALIDATION')
      assert.deepEqual(error.issues.map((i) => i.path).sort(), [
        'data.amount',
        'data.completedAt',
        'data.currency',
        'data.type',
      ])
      return true
    },
  )
})

it('reads a v1 payment.completed (no currency) as v2 in USD', async () => {
  const v1 = encodeEventSync(
    PaymentCompletedV1,
    {
      paymentId: 'p1',
      userId: 'u1',
      amount: 500,
      type: 'subscription',
      referenceId: 'sub_1',
      completedAt: '2026-01-01T00:00:00.000Z',
    },
    { source: '/legacy-billing', mode: 'structured' },
  )
  assert.equal(v1.envelope.dataversion, 1)
  const read = await createCatalog(marketplaceEvents).parse(v1)
  assert.equal(read.dataversion, 2)
  assert.deepEqual(read.data, { ...v1.envelope.data, currency: 'USD' })
})

it('namespaces topics, not types', () => {
  const staged = namespaced(marketplaceEvents, 'staging')
  assert.equal(staged.length, marketplaceEvents.length)
  const payment = staged.find((d) => d.type === 'payment.completed')!
  assert.equal(payment.topic, 'staging.payment.completed')
  assert.equal(payment.version, 2)
  assert.equal(payment.upcasters?.[1], PaymentCompleted.upcasters?.[1], 'the same upcaster')
  assert.equal(namespaced(marketplaceEvents), marketplaceEvents, 'no namespace: the catalog itself')
  assert.equal(
    inNamespace({ namespace: 'staging' }, 'payment-consumer-group'),
    'staging.payment-consumer-group',
  )
  assert.equal(inNamespace({ namespace: '' }, 'payment-consumer-group'), 'payment-consumer-group')
})

it('reads its environment once: Kafka settings through the bus, the rest its own', () => {
  const config = configFromEnv({
    KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'market',
    KAFKA_SASL_PASSWORD: 'secret',
    IDEMPOTENCY_STORE: 'redis://127.0.0.1:6379',
    MARKETPLACE_NAMESPACE: 'staging',
    PAYMENT_PORT: '8002',
    MARKETPLACE_TOUR: '0',
  })
  assert.equal(config.kafkaBrokers, 'kafka-1:9092,kafka-2:9092')
  assert.deepEqual(config.marketplace.bus.brokers, ['kafka-1:9092', 'kafka-2:9092'])
  assert.deepEqual(config.marketplace.bus.sasl, {
    mechanism: 'scram-sha-512',
    username: 'market',
    password: 'secret',
  })
  assert.equal(config.marketplace.idempotency, 'redis://127.0.0.1:6379')
  assert.equal(config.marketplace.namespace, 'staging')
  assert.deepEqual(config.marketplace.ports, {
    subscription: 3001,
    payment: 8002,
    content: 3003,
    media: 3004,
  })
  assert.equal(config.tour, false)

  const defaults = configFromEnv({})
  assert.equal(defaults.kafkaBrokers, undefined, 'no KAFKA_BROKERS: the embedded broker')
  assert.equal(defaults.brokerPort, 9092)
  assert.equal(defaults.marketplace.idempotency, 'memory')
  assert.equal(defaults.tour, true)
  assert.throws(() => configFromEnv({ MEDIA_PORT: 'eighty' }), /MEDIA_PORT must be a port number/)
  assert.throws(() => configFromEnv({ KAFKA_BROKERS: 'nohost' }), /KAFKA_BROKERS/)
})

it('makes the idempotency store IDEMPOTENCY_STORE names', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'marketplace-store-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  for (const spec of ['memory', 'sqlite', `sqlite:${join(dir, 'nested', 'keys.db')}`]) {
    const store = idempotencyStore({ idempotency: spec, dataDir: dir })
    assert.equal(await store.claim('payment-consumer-group:evt-1', 1_000), 'claimed', spec)
    await store.complete('payment-consumer-group:evt-1', 60_000)
    assert.equal(await store.claim('payment-consumer-group:evt-1', 1_000), 'done', spec)
    await store.close()
  }
  // The SQLite file outlives the process that wrote it: a restarted service still skips the event.
  const reopened = idempotencyStore({ idempotency: 'sqlite', dataDir: dir })
  assert.equal(await reopened.status('payment-consumer-group:evt-1'), 'done')
  await reopened.close()
  assert.throws(
    () => idempotencyStore({ idempotency: 'mongodb://x', dataDir: dir }),
    /IDEMPOTENCY_STORE must be/,
  )
})
