import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { ConsumerState, ConsumerStatus } from '../../src/consumer/types.ts'
import { summarize } from '../../src/observe/health.ts'

const connected = { connected: true, lastError: undefined }
const disconnected = { connected: false, lastError: 'connect ECONNREFUSED 127.0.0.1:9092' }
const spoolOn = { enabled: true, depth: 0 }
const spoolOff = { enabled: false, depth: 0 }

function consumer(state: ConsumerState, lastErrorAgoMs?: number, recovered = false): ConsumerStatus {
  return {
    group: `g-${state}`,
    state,
    memberId: 'member-1',
    generation: 1,
    topics: ['orders'],
    assignments: [],
    lag: 0,
    handled: 0,
    failed: 0,
    deadLettered: 0,
    lastError:
      lastErrorAgoMs === undefined
        ? undefined
        : { message: 'boom', at: new Date(Date.now() - lastErrorAgoMs).toISOString(), recovered },
  }
}

const status = (...args: Parameters<typeof summarize>) => summarize(...args).status

test('up when the producer is connected, the spool is empty and consumers run', () => {
  assert.equal(status(connected, [], spoolOn, 'svc', ['k:9092']), 'up')
  assert.equal(status(connected, [consumer('running'), consumer('running')], spoolOff, 'svc', []), 'up')
})

test('a disconnected producer is degraded with the spool, down without it', () => {
  assert.equal(status(disconnected, [], spoolOn, 'svc', []), 'degraded')
  assert.equal(status(disconnected, [], spoolOff, 'svc', []), 'down')
})

test('events waiting in the spool make a connected bus degraded', () => {
  assert.equal(status(connected, [], { enabled: true, depth: 3 }, 'svc', []), 'degraded')
})

test('a failed consumer makes the bus down, whatever else holds', () => {
  assert.equal(status(connected, [consumer('running'), consumer('failed')], spoolOn, 'svc', []), 'down')
  assert.equal(status(disconnected, [consumer('failed')], spoolOn, 'svc', []), 'down')
})

test('a paused consumer makes the bus degraded', () => {
  assert.equal(status(connected, [consumer('running'), consumer('paused')], spoolOn, 'svc', []), 'degraded')
})

test('an error in the last minute degrades; an older one is history', () => {
  assert.equal(status(connected, [consumer('running', 1_000)], spoolOn, 'svc', []), 'degraded')
  assert.equal(status(connected, [consumer('running', 120_000)], spoolOn, 'svc', []), 'up')
})

test('a recent error stops degrading once events flow again after it', () => {
  assert.equal(status(connected, [consumer('running', 1_000, true)], spoolOn, 'svc', []), 'up')
  assert.equal(
    status(connected, [consumer('running', 1_000, true), consumer('running', 5)], spoolOn, 'svc', []),
    'degraded',
  )
})

test('a paused or erroring consumer never lifts a down bus to degraded', () => {
  const consumers = [consumer('failed'), consumer('paused'), consumer('running', 10)]
  assert.equal(status(connected, consumers, spoolOn, 'svc', []), 'down')
  assert.equal(status(disconnected, [consumer('paused')], spoolOff, 'svc', []), 'down')
})

test('the summary carries its inputs and when it was taken', () => {
  const consumers = [consumer('running')]
  const before = Date.now()
  const health = summarize(disconnected, consumers, { enabled: true, depth: 2 }, 'billing', ['a:1', 'b:2'])
  assert.equal(health.clientId, 'billing')
  assert.deepEqual(health.brokers, ['a:1', 'b:2'])
  assert.deepEqual(health.producer, disconnected)
  assert.deepEqual(health.consumers, consumers)
  assert.deepEqual(health.spool, { enabled: true, depth: 2 })
  assert.equal(new Date(health.checkedAt).toISOString(), health.checkedAt)
  assert.ok(Date.parse(health.checkedAt) >= before - 1 && Date.parse(health.checkedAt) <= Date.now())
})

test('down, with the reason, while Kafka has not answered since the start', () => {
  const never = { ...disconnected, reached: false }
  const health = summarize(never, [], spoolOn, 'svc', ['k:9092'])
  assert.equal(health.status, 'down')
  assert.equal(
    health.reason,
    'Kafka at k:9092 has not answered since the start: connect ECONNREFUSED 127.0.0.1:9092',
  )
  assert.deepEqual(health.producer, disconnected, 'the producer is reported as before')
  assert.equal(status({ ...disconnected, reached: true }, [], spoolOn, 'svc', []), 'degraded')
  assert.equal(summarize(connected, [], spoolOn, 'svc', []).reason, undefined)
})

test('a group waiting to join makes the bus down, naming the group', () => {
  const waiting = { ...consumer('starting'), waiting: 'Kafka at k:9092 is unreachable (ECONNREFUSED)' }
  const health = summarize(connected, [waiting], spoolOn, 'svc', ['k:9092'])
  assert.equal(health.status, 'down')
  assert.equal(
    health.reason,
    'consumer group "g-starting" is waiting to join: Kafka at k:9092 is unreachable (ECONNREFUSED)',
  )
})
