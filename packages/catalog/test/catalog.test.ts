import assert from 'node:assert/strict'
import { test } from 'node:test'
import { z } from 'zod'
import {
  AsyncSchemaError,
  createCatalog,
  DecodeError,
  DefinitionError,
  defineEvent,
  type EnvelopeOf,
  encodeEventSync,
  UnknownEventError,
  ValidationError,
} from '../src/index.ts'
import { MissionCompleted, OrderPlaced, QuizCreated, tinyObject } from './fixtures.ts'

const catalog = createCatalog([MissionCompleted, OrderPlaced, QuizCreated])
const fixed = { source: '/s', id: 'e1', time: '2025-01-02T03:04:05.678Z' }
const mission = { userId: 'u1', missionId: 'm1', missionName: 'Focus', duration: 25, xpEarned: 50 }

test('get, require, has look definitions up by type', () => {
  assert.equal(catalog.get('mission.completed'), MissionCompleted)
  assert.equal(catalog.get('nope'), undefined)
  assert.equal(catalog.require('order.placed'), OrderPlaced)
  assert.equal(catalog.has('content.quiz.created'), true)
  assert.equal(catalog.has('nope'), false)
  assert.throws(
    () => catalog.require('nope'),
    (err: unknown) =>
      err instanceof UnknownEventError &&
      err.code === 'SPOOL_ERR_UNKNOWN_EVENT' &&
      /mission\.completed/.test(err.message),
  )
})

test('list keeps order; topics are unique; byTopic groups', () => {
  const Second = defineEvent({ type: 'mission.started', topic: 'mission-events', schema: z.object({}) })
  const c = createCatalog([MissionCompleted, OrderPlaced, Second])
  assert.deepEqual(
    c.list().map((d) => d.type),
    ['mission.completed', 'order.placed', 'mission.started'],
  )
  assert.deepEqual(c.topics(), ['mission-events', 'order-events'])
  assert.deepEqual(c.byTopic('mission-events'), [MissionCompleted, Second])
  assert.deepEqual(c.byTopic('none'), [])
  assert.ok(Object.isFrozen(c.list()))
})

test('duplicate types are rejected', () => {
  const again = defineEvent({ type: 'mission.completed', topic: 'other', schema: z.object({}) })
  assert.throws(
    () => createCatalog([MissionCompleted, OrderPlaced, again]),
    (err: unknown) =>
      err instanceof DefinitionError &&
      err.property === 'defs[2].type' &&
      /mission\.completed.*twice/.test(err.message),
  )
})

test('values not made by defineEvent are rejected', () => {
  assert.throws(
    () => createCatalog([{ type: 'x', topic: 't' } as never]),
    (err: unknown) => err instanceof DefinitionError && err.property === 'defs[0]',
  )
  assert.throws(() => createCatalog('x' as never), DefinitionError)
})

for (const mode of ['binary', 'structured'] as const) {
  test(`parse (${mode}) returns a typed, validated envelope`, async () => {
    const record = encodeEventSync(MissionCompleted, mission, { ...fixed, mode })
    const event = await catalog.parse(record)
    assert.deepEqual(event, record.envelope)
    if (event.type === 'mission.completed') {
      const xp: number = event.data.xpEarned
      assert.equal(xp, 50)
    } else assert.fail('wrong type')
    assert.deepEqual(catalog.parseSync(record), record.envelope)
  })
}

test('parse rejects unknown types, bad data and undecodable records, all non-retryable', async () => {
  const Other = defineEvent({ type: 'other.thing', topic: 't', schema: z.object({}) })
  const unknown = encodeEventSync(Other, {}, fixed)
  await assert.rejects(
    catalog.parse(unknown),
    (err: unknown) => err instanceof UnknownEventError && !err.retryable,
  )
  assert.throws(() => catalog.parseSync(unknown), UnknownEventError)

  const headers = { ...encodeEventSync(OrderPlaced, { orderId: 'o', items: [] }, fixed).headers }
  const badData = { value: Buffer.from('{"orderId":1,"items":[{"sku":"a","price":0}]}'), headers }
  await assert.rejects(
    catalog.parse(badData),
    (err: unknown) =>
      err instanceof ValidationError &&
      !err.retryable &&
      err.issues.map((i) => i.path).join() === 'data.orderId,data.items.0.price',
  )
  await assert.rejects(catalog.parse({ value: Buffer.from('nope'), headers }), (err: unknown) => {
    return err instanceof DecodeError && !err.retryable
  })
})

test('upcasting v1 -> v2 -> v3 on parse', async () => {
  // v1 { name }, v2 { fullName }, v3 { firstName, lastName }
  const V1 = defineEvent({ type: 'user.registered', topic: 'users', schema: z.object({ name: z.string() }) })
  const V2 = defineEvent({
    type: 'user.registered',
    topic: 'users',
    version: 2,
    schema: z.object({ fullName: z.string() }),
    upcasters: { 1: (d: { name: string }) => ({ fullName: d.name }) },
  })
  const V3 = defineEvent({
    type: 'user.registered',
    topic: 'users',
    version: 3,
    schema: z.object({ firstName: z.string(), lastName: z.string() }),
    upcasters: {
      1: (d: { name: string }) => ({ fullName: d.name }),
      2: (d: { fullName: string }) => {
        const [firstName, ...rest] = d.fullName.split(' ')
        return { firstName, lastName: rest.join(' ') }
      },
    },
  })
  const c3 = createCatalog([V3])
  const fromV1 = await c3.parse(encodeEventSync(V1, { name: 'Ada King Lovelace' }, fixed))
  assert.deepEqual(fromV1.data, { firstName: 'Ada', lastName: 'King Lovelace' })
  assert.equal(fromV1.dataversion, 3)
  const fromV2 = c3.parseSync(
    encodeEventSync(V2, { fullName: 'Alan Turing' }, { ...fixed, mode: 'structured' }),
  )
  assert.deepEqual(fromV2.data, { firstName: 'Alan', lastName: 'Turing' })
  const fromV3 = c3.parseSync(encodeEventSync(V3, { firstName: 'G', lastName: 'H' }, fixed))
  assert.deepEqual(fromV3.data, { firstName: 'G', lastName: 'H' })
  // A v2 consumer reading v1 data runs only the first step.
  assert.deepEqual(createCatalog([V2]).parseSync(encodeEventSync(V1, { name: 'x y' }, fixed)).data, {
    fullName: 'x y',
  })
})

test('a failing upcaster is a DecodeError naming the step', () => {
  const V1 = defineEvent({ type: 'u.x', topic: 'u', schema: z.object({}) })
  const V2 = defineEvent({
    type: 'u.x',
    topic: 'u',
    version: 2,
    schema: z.object({}),
    upcasters: {
      1: () => {
        throw new Error('boom')
      },
    },
  })
  assert.throws(
    () => createCatalog([V2]).parseSync(encodeEventSync(V1, {}, fixed)),
    (err: unknown) => err instanceof DecodeError && /from version 1 to 2 failed: boom/.test(err.message),
  )
})

test('a non-zod validator, sync and async, works through parse', async () => {
  const Sync = defineEvent({ type: 'tiny.sync', topic: 'tiny', schema: tinyObject({ a: 'string' }) })
  const Async = defineEvent({
    type: 'tiny.async',
    topic: 'tiny',
    schema: tinyObject({ a: 'string' }, { async: true }),
  })
  const c = createCatalog([Sync, Async])
  assert.deepEqual(c.parseSync(encodeEventSync(Sync, { a: 'x' }, fixed)).data, { a: 'x' })
  const asyncRecord = encodeEventSync(Sync, { a: 'y' }, fixed)
  asyncRecord.headers.ce_type = 'tiny.async'
  assert.deepEqual((await c.parse(asyncRecord)).data, { a: 'y' })
  assert.throws(() => c.parseSync(asyncRecord), AsyncSchemaError)
  const bad = { value: Buffer.from('{"a":1}'), headers: asyncRecord.headers }
  await assert.rejects(
    c.parse(bad),
    (err: unknown) => err instanceof ValidationError && err.issues[0].path === 'data.a',
  )
})

test('EnvelopeOf a catalog union narrows on type (compile time)', () => {
  const handle = (event: EnvelopeOf<typeof MissionCompleted | typeof OrderPlaced>): string => {
    if (event.type === 'order.placed') return event.data.orderId
    // @ts-expect-error orderId is not part of mission.completed data
    event.data.orderId
    return event.data.missionId
  }
  assert.equal(
    handle(encodeEventSync(OrderPlaced, { orderId: 'o', items: [] }, fixed).envelope as never),
    'o',
  )
})

test('describe gives the GET /api/kafka/events shape', () => {
  assert.deepEqual(catalog.describe()['mission.completed'], {
    topic: 'mission-events',
    version: 1,
    required: ['userId', 'missionId', 'missionName', 'duration', 'xpEarned'],
    description: 'Published when a user completes a mission',
  })
})
