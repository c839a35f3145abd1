import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  deadLetterTopic,
  failureHeaders,
  failureHeadersFor,
  failureRecord,
  parseRetryTopic,
  retryTopic,
} from '../../src/failure/headers.ts'

const h = failureHeaders

function assertRecentIso(value: string | undefined): void {
  assert.ok(value, 'timestamp missing')
  assert.equal(new Date(value).toISOString(), value, `${value} is not an ISO timestamp`)
  assert.ok(Math.abs(Date.now() - Date.parse(value)) < 5_000, `${value} is not now`)
}

test('failure header names are frozen, distinct and all spool-*', () => {
  assert.ok(Object.isFrozen(failureHeaders))
  const names = Object.values(failureHeaders)
  assert.equal(new Set(names).size, names.length)
  for (const name of names) assert.match(name, /^spool-[a-z-]+$/)
  assert.equal(h.originalTopic, 'spool-original-topic')
  assert.equal(h.redriveCount, 'spool-redrive-count')
})

test('failureRecord starts a fresh history from where the event was read', () => {
  const record = failureRecord({ traceparent: '00-abc' }, 'orders', 2, 41n)
  assert.equal(record.originalTopic, 'orders')
  assert.equal(record.originalPartition, 2)
  assert.equal(record.originalOffset, '41')
  assert.equal(record.attempts, 0)
  assertRecentIso(record.firstFailure)
})

test('failureRecord carries the history of an event read from a retry topic', () => {
  const headers = {
    [h.originalTopic]: 'orders',
    [h.originalPartition]: '5',
    [h.originalOffset]: '9007199254740993', // above 2^53: kept as text, not rounded
    [h.attempts]: '6',
    [h.firstFailure]: '2024-01-02T03:04:05.000Z',
  }
  assert.deepEqual(failureRecord(headers, 'orders.retry.2', 0, 7n), {
    originalTopic: 'orders',
    originalPartition: 5,
    originalOffset: '9007199254740993',
    attempts: 6,
    firstFailure: '2024-01-02T03:04:05.000Z',
  })
})

test('failureRecord fills what a partial history lacks from the current record', () => {
  const record = failureRecord({ [h.originalTopic]: 'orders' }, 'orders.retry.1', 3, 12n)
  assert.equal(record.originalTopic, 'orders')
  assert.equal(record.originalPartition, 3)
  assert.equal(record.originalOffset, '12')
  assert.equal(record.attempts, 0)
  assertRecentIso(record.firstFailure)
})

test('failureHeadersFor keeps user headers and the redrive count, replaces earlier spool-* headers', () => {
  const original = {
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    ce_type: 'OrderPlaced',
    [h.redriveCount]: '2',
    [h.errorMessage]: 'old failure',
    [h.errorCode]: 'OLD_CODE',
    [h.retryStage]: '1',
    [h.retryDue]: '123',
    [h.reason]: 'handler-failed',
  }
  const record = {
    originalTopic: 'orders',
    originalPartition: 1,
    originalOffset: '77',
    attempts: 3,
    firstFailure: '2024-01-02T03:04:05.000Z',
  }
  const out = failureHeadersFor(original, record, 'billing', new Error('db down'), { [h.retryStage]: '2' })
  assert.equal(out.traceparent, original.traceparent)
  assert.equal(out.ce_type, 'OrderPlaced')
  assert.equal(out[h.redriveCount], '2')
  assert.equal(out[h.originalTopic], 'orders')
  assert.equal(out[h.originalPartition], '1')
  assert.equal(out[h.originalOffset], '77')
  assert.equal(out[h.group], 'billing')
  assert.equal(out[h.attempts], '3')
  assert.equal(out[h.firstFailure], '2024-01-02T03:04:05.000Z')
  assertRecentIso(out[h.lastFailure])
  assert.equal(out[h.errorMessage], 'db down')
  assert.match(out[h.errorStack]!, /^Error: db down\n/)
  assert.equal(out[h.retryStage], '2', 'extra headers are added last')
  for (const dropped of [h.errorCode, h.retryDue, h.reason]) assert.equal(out[dropped], undefined, dropped)
  assert.equal(original[h.errorMessage], 'old failure', 'the input is not modified')
})

test('failureHeadersFor records a string error code, and errors that are not Error objects', () => {
  const record = failureRecord({}, 'orders', 0, 0n)
  const coded = Object.assign(new Error('too big'), { code: 'SPOOL_ERR_PUBLISH' })
  assert.equal(failureHeadersFor({}, record, 'g', coded, {})[h.errorCode], 'SPOOL_ERR_PUBLISH')
  const numeric = Object.assign(new Error('errno'), { code: 11 })
  assert.equal(failureHeadersFor({}, record, 'g', numeric, {})[h.errorCode], undefined)
  const thrown = failureHeadersFor({}, record, 'g', 'plain string thrown', {})
  assert.equal(thrown[h.errorMessage], 'plain string thrown')
  assert.equal(failureHeadersFor({}, record, 'g', undefined, {})[h.errorMessage], 'undefined')
})

test('failureHeadersFor truncates a long stack to 4000 characters', () => {
  const error = new Error('deep')
  error.stack = `Error: deep\n${'    at frame (file.ts:1:1)\n'.repeat(500)}`
  assert.ok(error.stack.length > 4_000)
  const out = failureHeadersFor({}, failureRecord({}, 't', 0, 0n), 'g', error, {})
  assert.equal(out[h.errorStack]!.length, 4_000)
  assert.ok(error.stack.startsWith(out[h.errorStack]!))
})

test('parseRetryTopic reads the source and stage of retry topics', () => {
  assert.deepEqual(parseRetryTopic('orders.retry.2'), { source: 'orders', stage: 2 })
  assert.deepEqual(parseRetryTopic('shop.orders.v1.retry.12'), { source: 'shop.orders.v1', stage: 12 })
  assert.deepEqual(parseRetryTopic('orders'), { source: 'orders', stage: 0 })
  assert.deepEqual(parseRetryTopic('orders.dlq'), { source: 'orders.dlq', stage: 0 })
  assert.deepEqual(parseRetryTopic('orders.retry.'), { source: 'orders.retry.', stage: 0 })
  assert.deepEqual(parseRetryTopic('orders.retry.x'), { source: 'orders.retry.x', stage: 0 })
  assert.deepEqual(parseRetryTopic('orders-retry-1'), { source: 'orders-retry-1', stage: 0 })
})

test('retry and dead-letter topic names, and parseRetryTopic undoes retryTopic', () => {
  assert.equal(retryTopic('orders', 1), 'orders.retry.1')
  assert.equal(deadLetterTopic('orders'), 'orders.dlq')
  for (const [source, stage] of [
    ['payments', 1],
    ['a.b.c', 3],
    ['x_y-z', 10],
  ] as const) {
    assert.deepEqual(parseRetryTopic(retryTopic(source, stage)), { source, stage })
  }
})
