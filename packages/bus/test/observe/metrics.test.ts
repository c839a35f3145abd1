import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Registry, register } from 'prom-client'
import { countingChild, createMetrics } from '../../src/observe/metrics.ts'

const names = {
  spool_events_published_total: 'counter',
  spool_events_consumed_total: 'counter',
  spool_events_failed_total: 'counter',
  spool_events_retried_total: 'counter',
  spool_events_dead_lettered_total: 'counter',
  spool_events_duplicate_total: 'counter',
  spool_handler_duration_seconds: 'histogram',
  spool_consumer_lag: 'gauge',
  spool_offline_spool_depth: 'gauge',
}

test('every metric is in the registry text with its help and type', async () => {
  const metrics = createMetrics()
  const text = await metrics.registry.metrics()
  for (const [name, type] of Object.entries(names)) {
    assert.match(text, new RegExp(`^# HELP ${name} \\S`, 'm'), `${name} has no help`)
    assert.match(text, new RegExp(`^# TYPE ${name} ${type}$`, 'm'), `${name} is not a ${type}`)
  }
  const registered = (await metrics.registry.getMetricsAsJSON()).map((m) => m.name).sort()
  assert.deepEqual(registered, Object.keys(names).sort())
})

test('samples carry their labels', async () => {
  const metrics = createMetrics()
  metrics.published.inc({ type: 'OrderPlaced', topic: 'orders' }, 2)
  metrics.deadLettered.inc({ type: 'OrderPlaced', group: 'billing', reason: 'non-retryable' })
  metrics.lag.set({ group: 'billing', topic: 'orders', partition: '0' }, 42)
  metrics.handlerDuration.observe({ type: 'OrderPlaced', group: 'billing' }, 0.003)
  const text = await metrics.registry.metrics()
  assert.match(text, /^spool_events_published_total\{type="OrderPlaced",topic="orders"\} 2$/m)
  assert.match(
    text,
    /^spool_events_dead_lettered_total\{type="OrderPlaced",group="billing",reason="non-retryable"\} 1$/m,
  )
  assert.match(text, /^spool_consumer_lag\{group="billing",topic="orders",partition="0"\} 42$/m)
  assert.match(
    text,
    /^spool_handler_duration_seconds_bucket\{le="0.005",type="OrderPlaced",group="billing"\} 1$/m,
  )
  assert.match(
    text,
    /^spool_handler_duration_seconds_bucket\{le="0.0025",type="OrderPlaced",group="billing"\} 0$/m,
  )
})

test('the spool depth gauge reads the current depth at scrape time', async () => {
  let depth = 5
  const metrics = createMetrics(new Registry(), () => depth)
  assert.match(await metrics.registry.metrics(), /^spool_offline_spool_depth 5$/m)
  depth = 0
  assert.match(await metrics.registry.metrics(), /^spool_offline_spool_depth 0$/m)
})

test("two buses' metrics do not collide, and the global registry stays untouched", async () => {
  const a = createMetrics()
  const b = createMetrics()
  assert.notEqual(a.registry, b.registry)
  a.consumed.inc({ type: 'T', group: 'g' }, 3)
  b.consumed.inc({ type: 'T', group: 'g' }, 1)
  assert.match(await a.registry.metrics(), /^spool_events_consumed_total\{type="T",group="g"\} 3$/m)
  assert.match(await b.registry.metrics(), /^spool_events_consumed_total\{type="T",group="g"\} 1$/m)
  assert.equal(register.getSingleMetric('spool_events_consumed_total'), undefined)
})

test('a registry passed in is the one used', async () => {
  const registry = new Registry()
  const metrics = createMetrics(registry)
  assert.equal(metrics.registry, registry)
  metrics.failed.inc({ type: 'T', group: 'g' })
  assert.match(await registry.metrics(), /^spool_events_failed_total\{type="T",group="g"\} 1$/m)
})

test('counting children add up and show at every read, with direct increments alongside', async () => {
  const metrics = createMetrics()
  const consumed = countingChild(metrics.consumed, { type: 'T', group: 'g' })
  const published = countingChild(metrics.published, { type: 'T', topic: 'orders' })
  for (let i = 0; i < 5; i++) consumed.inc()
  published.inc(3)
  metrics.consumed.inc({ type: 'T', group: 'g' }, 2)
  assert.match(await metrics.registry.metrics(), /^spool_events_consumed_total\{type="T",group="g"\} 7$/m)
  assert.match(
    await metrics.registry.metrics(),
    /^spool_events_published_total\{type="T",topic="orders"\} 3$/m,
  )
  consumed.inc()
  const json = await metrics.registry.getMetricsAsJSON()
  const sample = json.find((m) => m.name === 'spool_events_consumed_total')!.values[0]!
  assert.equal(sample.value, 8, 'read as JSON too, without counting twice')
  assert.equal((await metrics.consumed.get()).values[0]!.value, 8)
})

test('only the per-event counters of the bus take counting children', () => {
  const metrics = createMetrics()
  assert.throws(() => countingChild(metrics.failed, { type: 'T', group: 'g' }), /spool_events_failed_total/)
})
