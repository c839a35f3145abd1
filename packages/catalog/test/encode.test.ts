import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSpoolError } from '@spool/errors'
import { z } from 'zod'
import {
  AsyncSchemaError,
  defineEvent,
  encodeEvent,
  encodeEventSync,
  encodeValid,
  InvalidOptionError,
  STRUCTURED_CONTENT_TYPE,
  ValidationError,
} from '../src/index.ts'
import { MissionCompleted, OrderPlaced, QuizCreated, tinyObject } from './fixtures.ts'

const data = { userId: 'u1', missionId: 'm1', missionName: 'Focus', duration: 25, xpEarned: 50 }
const fixed = { source: '/services/missions', id: 'evt-1', time: '2025-01-02T03:04:05.678Z' }

test('binary mode: data JSON as value, attributes as exact ce_ headers', async () => {
  const record = await encodeEvent(MissionCompleted, data, { ...fixed, mode: 'binary' })
  assert.equal(record.topic, 'mission-events')
  assert.equal(record.key, 'u1')
  assert.deepEqual(JSON.parse(record.value.toString('utf8')), data)
  assert.deepEqual(record.headers, {
    'content-type': 'application/json',
    ce_specversion: '1.0',
    ce_id: 'evt-1',
    ce_source: '/services/missions',
    ce_type: 'mission.completed',
    ce_time: '2025-01-02T03:04:05.678Z',
    ce_subject: 'u1',
    ce_dataversion: '1',
    ce_partitionkey: 'u1',
  })
  assert.equal(record.timestamp, Date.parse(fixed.time))
})

test('binary is the default mode', () => {
  const record = encodeEventSync(MissionCompleted, data, fixed)
  assert.equal(record.headers['content-type'], 'application/json')
  assert.equal(record.headers.ce_type, 'mission.completed')
})

test('structured mode: whole envelope as value, only the cloudevents content-type header', async () => {
  const record = await encodeEvent(MissionCompleted, data, { ...fixed, mode: 'structured' })
  assert.deepEqual(record.headers, { 'content-type': 'application/cloudevents+json; charset=UTF-8' })
  assert.equal(record.headers['content-type'], STRUCTURED_CONTENT_TYPE)
  assert.equal(record.key, 'u1')
  const body = record.value.toString('utf8')
  assert.deepEqual(JSON.parse(body), {
    specversion: '1.0',
    id: 'evt-1',
    source: '/services/missions',
    type: 'mission.completed',
    time: '2025-01-02T03:04:05.678Z',
    subject: 'u1',
    datacontenttype: 'application/json',
    dataversion: 1,
    partitionkey: 'u1',
    data,
  })
  // Attribute order follows the spec, data last.
  assert.ok(body.startsWith('{"specversion":"1.0","id":"evt-1"'))
  assert.ok(body.endsWith(`"data":${JSON.stringify(data)}}`))
  assert.deepEqual(JSON.parse(body), record.envelope)
})

test('id and time default to a UUID and now', () => {
  const before = Date.now()
  const record = encodeEventSync(MissionCompleted, data, { source: '/s' })
  assert.match(record.envelope.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.ok(record.timestamp >= before && record.timestamp <= Date.now())
  assert.equal(record.envelope.time, new Date(record.timestamp).toISOString())
  assert.notEqual(encodeEventSync(MissionCompleted, data, { source: '/s' }).envelope.id, record.envelope.id)
})

test('key from a function, explicit key and subject override the definition', () => {
  const order = { orderId: 'o-7', items: [{ sku: 'a', price: 1 }] }
  assert.equal(encodeEventSync(OrderPlaced, order, fixed).key, 'o-7')
  const record = encodeEventSync(MissionCompleted, data, { ...fixed, key: 'k', subject: 'who' })
  assert.equal(record.key, 'k')
  assert.equal(record.headers.ce_partitionkey, 'k')
  assert.equal(record.headers.ce_subject, 'who')
})

test('no key and no subject: no partitionkey, no ce_subject', () => {
  const record = encodeEventSync(QuizCreated, { quizId: 'q' }, fixed)
  assert.equal(record.key, undefined)
  assert.equal('ce_partitionkey' in record.headers, false)
  assert.equal('ce_subject' in record.headers, false)
  assert.equal('partitionkey' in record.envelope, false)
  assert.equal('subject' in record.envelope, false)
})

test('the validated output is encoded (defaults filled, unknown keys stripped)', () => {
  const record = encodeEventSync(QuizCreated, { quizId: 'q', extra: 1 } as never, fixed)
  assert.deepEqual(JSON.parse(record.value.toString()), { quizId: 'q', title: 'Untitled' })
})

test('invalid data: ValidationError naming each bad field', async () => {
  const bad = {
    orderId: 7,
    items: [
      { sku: 'a', price: -1 },
      { sku: 3, price: 2 },
    ],
  } as never
  const check = (err: unknown) => {
    assert.ok(err instanceof ValidationError)
    assert.equal(err.retryable, false)
    assert.deepEqual(
      err.issues.map((i) => i.path),
      ['data.orderId', 'data.items.0.price', 'data.items.1.sku'],
    )
    for (const path of ['data.orderId', 'data.items.0.price', 'data.items.1.sku'])
      assert.ok(err.message.includes(path))
    assert.match(err.message, /order\.placed/)
    return true
  }
  assert.throws(() => encodeEventSync(OrderPlaced, bad, fixed), check)
  await assert.rejects(encodeEvent(OrderPlaced, bad, fixed), check)
})

test('asynchronous schemas work with encodeEvent and are refused by encodeEventSync', async () => {
  const def = defineEvent({
    type: 'tiny.async',
    topic: 'tiny',
    schema: tinyObject({ a: 'string' }, { async: true }),
  })
  const record = await encodeEvent(def, { a: 'x' }, fixed)
  assert.deepEqual(JSON.parse(record.value.toString()), { a: 'x' })
  await assert.rejects(encodeEvent(def, { a: 1 } as never, fixed), ValidationError)
  assert.throws(() => encodeEventSync(def, { a: 'x' }, fixed), AsyncSchemaError)
})

test('extensions become envelope attributes and ce_ headers; user headers are added', () => {
  const record = encodeEventSync(MissionCompleted, data, {
    ...fixed,
    extensions: { traceid: 'abc', attempt: 2, replay: true },
    headers: { traceparent: '00-abc-def-01' },
  })
  assert.equal(record.headers.ce_traceid, 'abc')
  assert.equal(record.headers.ce_attempt, '2')
  assert.equal(record.headers.ce_replay, 'true')
  assert.equal(record.headers.traceparent, '00-abc-def-01')
  assert.equal(record.envelope.attempt, 2)
  const structured = encodeEventSync(MissionCompleted, data, {
    ...fixed,
    mode: 'structured',
    extensions: { x1: 'y' },
  })
  assert.equal(JSON.parse(structured.value.toString()).x1, 'y')
})

test('bad options are rejected naming the option', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ source: '' }, 'source'],
    [{ source: '/s', id: '' }, 'id'],
    [{ source: '/s', time: 'yesterday' }, 'time'],
    [{ source: '/s', mode: 'batch' }, 'mode'],
    [{ source: '/s', key: 5 }, 'key'],
    [{ source: '/s', subject: 5 }, 'subject'],
    [{ source: '/s', extensions: { 'Bad-Name': 'x' } }, 'extensions.Bad-Name'],
    [{ source: '/s', extensions: { id: 'x' } }, 'extensions.id'],
    [{ source: '/s', extensions: { x: { nested: 1 } } }, 'extensions.x'],
    [{ source: '/s', extensions: { x: 1.5 } }, 'extensions.x'],
    [{ source: '/s', headers: { 'Content-Type': 'text/plain' } }, 'headers.Content-Type'],
    [{ source: '/s', headers: { ce_type: 'x' } }, 'headers.ce_type'],
    [{ source: '/s', headers: { x: 1 } }, 'headers.x'],
  ]
  for (const [options, property] of cases) {
    assert.throws(
      () => encodeEventSync(MissionCompleted, data, options as never),
      (err: unknown) => err instanceof InvalidOptionError && err.property === property,
      property,
    )
  }
})

test('an unknown option is named, with the nearest known one', async () => {
  const named = (message: string) => (err: unknown) =>
    isSpoolError(err) && err.code === 'SPOOL_ERR_INVALID_OPTION' && err.message === message
  assert.throws(
    () => encodeEventSync(MissionCompleted, data, { ...fixed, heders: { a: 'b' } } as never),
    named("encodeEvent: unknown option 'heders' (did you mean 'headers'?)"),
  )
  await assert.rejects(
    encodeEvent(MissionCompleted, data, { ...fixed, constructor: 'x' } as never),
    named(
      "encodeEvent: unknown option 'constructor' (known options: source, id, time, subject, key, mode, extensions, headers)",
    ),
  )
})

test('encodeValid skips validation (for data validated earlier)', () => {
  const record = encodeValid(MissionCompleted, { ...data, xpEarned: -1 }, fixed)
  assert.equal(JSON.parse(record.value.toString()).xpEarned, -1)
})

test('a non-zod Standard Schema validator works', () => {
  const def = defineEvent({
    type: 'tiny.sync',
    topic: 'tiny',
    key: 'a',
    schema: tinyObject({ a: 'string', n: 'number' }),
  })
  const record = encodeEventSync(def, { a: 'k', n: 1 }, fixed)
  assert.equal(record.key, 'k')
  assert.throws(
    () => encodeEventSync(def, { a: 1, n: 'x' } as never, fixed),
    (err: unknown) =>
      err instanceof ValidationError && err.issues.map((i) => i.path).join() === 'data.a,data.n',
  )
})

test('data of a version > 1 carries that version', () => {
  const def = defineEvent({ type: 'v.three', topic: 't', version: 3, schema: z.object({ a: z.string() }) })
  const record = encodeEventSync(def, { a: 'x' }, fixed)
  assert.equal(record.headers.ce_dataversion, '3')
  assert.equal(record.envelope.dataversion, 3)
})
