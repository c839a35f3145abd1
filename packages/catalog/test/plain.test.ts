import assert from 'node:assert/strict'
import { test } from 'node:test'
import { z } from 'zod'
import { createCatalog, DecodeError, DefinitionError, defineEvent, encodeEventSync } from '../src/index.ts'

// Seed shapes: a KafkaJS service writing `{ type: 'USER_LOGIN', userId, timestamp, ...metadata }`
// to `user-events`; a BaseEvent `{ id, type, userId, timestamp, data }`; a NestJS `emit` writing
// the payload alone to a topic named after the event.
const UserLogin = defineEvent({
  type: 'user.login',
  topic: 'user-events',
  key: 'userId',
  schema: z.object({ userId: z.string(), ip: z.string().optional() }),
  plain: { field: 'type', value: 'USER_LOGIN', time: 'timestamp' },
})
const UserAction = defineEvent({
  type: 'user.action',
  topic: 'user-events',
  schema: z.object({ userId: z.string(), action: z.string() }),
  plain: { field: 'type', value: 'USER_ACTION', time: 'timestamp' },
})
const MissionCompleted = defineEvent({
  type: 'mission.completed',
  topic: 'mission-events',
  schema: z.object({ userId: z.string(), missionId: z.string(), xpEarned: z.number() }),
  plain: {
    field: 'type',
    id: 'id',
    time: 'timestamp',
    data: (json: { userId: string; data: object }) => ({ userId: json.userId, ...json.data }),
    json: (d: { userId: string; missionId: string; xpEarned: number }) => {
      const { userId, ...data } = d
      return { type: 'mission.completed', userId, data }
    },
  },
})
const SubscriptionCreated = defineEvent({
  type: 'subscription.created',
  topic: 'subscription.created',
  schema: z.object({ subscriptionId: z.string(), subscriberId: z.string() }),
  plain: {},
})
const Tagged = defineEvent({
  type: 'order.placed',
  topic: 'orders',
  schema: z.object({ orderId: z.string() }),
  plain: { header: 'event-type', value: 'OrderPlaced', source: 'producer' },
})

const catalog = createCatalog([UserLogin, UserAction, MissionCompleted, SubscriptionCreated, Tagged])
const json = (v: unknown) => Buffer.from(JSON.stringify(v))
const at = { partition: 2, offset: 41n, timestamp: 1_700_000_000_000 }

test('a plain record is mapped by its type field, validated, and given a derived id', async () => {
  const event = await catalog.parse({
    topic: 'user-events',
    ...at,
    key: 'u1',
    value: json({ type: 'USER_LOGIN', userId: 'u1', timestamp: '2024-01-01T00:00:00.000Z', ip: '10.0.0.1' }),
  })
  assert.equal(event.type, 'user.login')
  assert.deepEqual(event.data, { userId: 'u1', ip: '10.0.0.1' })
  assert.equal(event.id, 'user-events-2-41')
  assert.equal(event.time, '2024-01-01T00:00:00.000Z')
  assert.equal(event.source, 'user-events')
  assert.equal(event.partitionkey, 'u1')
  const again = catalog.parseSync({
    topic: 'user-events',
    ...at,
    value: json({ type: 'USER_ACTION', userId: 'u1', action: 'x' }),
  })
  assert.equal(again.type, 'user.action')
  assert.equal(again.time, new Date(at.timestamp).toISOString())
})

test('id and time come from fields; data from the mapping function (BaseEvent)', async () => {
  const event = await catalog.parse({
    topic: 'mission-events',
    ...at,
    value: json({
      id: 'evt-9',
      type: 'mission.completed',
      userId: 'u1',
      timestamp: '2024-05-06T07:08:09.000Z',
      data: { missionId: 'm1', xpEarned: 50 },
    }),
  })
  assert.equal(event.id, 'evt-9')
  assert.equal(event.time, '2024-05-06T07:08:09.000Z')
  assert.deepEqual(event.data, { userId: 'u1', missionId: 'm1', xpEarned: 50 })
})

test('one type per topic, and a type named by a header with the source from another', async () => {
  const sub = await catalog.parse({
    topic: 'subscription.created',
    ...at,
    value: json({ subscriptionId: 's1', subscriberId: 'u1' }),
  })
  assert.equal(sub.type, 'subscription.created')
  const order = await catalog.parse({
    topic: 'orders',
    ...at,
    headers: new Map([
      ['event-type', 'OrderPlaced'],
      ['producer', '/legacy/orders'],
    ]),
    value: json({ orderId: 'o1' }),
  })
  assert.equal(order.type, 'order.placed')
  assert.equal(order.source, '/legacy/orders')
})

test('without coordinates the id is a hash of topic and value: the same record, the same id', () => {
  const record = {
    topic: 'subscription.created',
    timestamp: 1,
    value: json({ subscriptionId: 's', subscriberId: 'u' }),
  }
  const a = catalog.parseSync(record)
  assert.match(a.id, /^sha256:[0-9a-f]{64}$/)
  assert.equal(catalog.parseSync(record).id, a.id)
})

test('what matches nothing is refused with the reason', async () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [
      { topic: 'user-events', value: json({ type: 'USER_LOGOUT', userId: 'u1' }) },
      /field 'type' is 'USER_LOGOUT' \(mapped: USER_LOGIN, USER_ACTION\)/,
    ],
    [{ topic: 'user-events', value: json({ userId: 'u1' }) }, /field 'type' is absent/],
    [{ topic: 'user-events', value: Buffer.from('not json') }, /not a JSON object/],
    [
      { topic: 'orders', headers: { 'event-type': 'Other' }, value: json({}) },
      /header 'event-type' is 'Other'/,
    ],
    [
      { topic: 'elsewhere', value: json({ type: 'USER_LOGIN' }) },
      /no plain mapping is defined for topic 'elsewhere'/,
    ],
    [{ value: json({ type: 'USER_LOGIN' }) }, /^Not a CloudEvent/],
  ]
  for (const [record, reason] of cases) {
    await assert.rejects(
      catalog.parse({ ...at, ...record } as never),
      (err: unknown) => err instanceof DecodeError && reason.test(err.message),
    )
  }
  await assert.rejects(
    catalog.parse({ topic: 'user-events', ...at, value: json({ type: 'USER_LOGIN', userId: 7 }) }),
    { code: 'SPOOL_ERR_VALIDATION' },
  )
})

test('CloudEvents on the same topic still decode as CloudEvents', async () => {
  const record = encodeEventSync(UserLogin, { userId: 'u1' }, { source: '/spool', id: 'ce-1' })
  const event = await catalog.parse({ ...record, topic: 'user-events', ...at, timestamp: record.timestamp })
  assert.equal(event.id, 'ce-1')
  assert.equal(event.source, '/spool')
})

test('overlapping mappings and contradictory options are refused when defined', () => {
  const Again = defineEvent({
    type: 'user.login2',
    topic: 'user-events',
    schema: z.object({}),
    plain: { field: 'type', value: 'USER_LOGIN' },
  })
  assert.throws(
    () => createCatalog([UserLogin, Again]),
    (err: unknown) =>
      err instanceof DefinitionError && /both map field 'type' = 'USER_LOGIN'/.test(err.message),
  )
  const Whole = defineEvent({
    type: 'subscription.other',
    topic: 'subscription.created',
    schema: z.object({}),
    plain: {},
  })
  assert.throws(() => createCatalog([SubscriptionCreated, Whole]), /both claim every plain record/)
  assert.throws(
    () => defineEvent({ type: 'a', topic: 't', schema: z.object({}), plain: { field: 'type', header: 'h' } }),
    /not both/,
  )
  assert.throws(
    () => defineEvent({ type: 'a', topic: 't', schema: z.object({}), plain: { vlaue: 'x' } as never }),
    /vlaue/,
  )
})

test('plain mode writes the seed shape: type field, id and time fields when mapped, or the mapping', () => {
  const login = encodeEventSync(
    UserLogin,
    { userId: 'u1' },
    { source: '/s', mode: 'plain', time: '2024-01-01T00:00:00.000Z' },
  )
  assert.deepEqual(JSON.parse(login.value.toString()), {
    type: 'USER_LOGIN',
    userId: 'u1',
    timestamp: '2024-01-01T00:00:00.000Z',
  })
  assert.deepEqual(login.headers, {})
  assert.equal(login.key, 'u1')
  const mission = encodeEventSync(
    MissionCompleted,
    { userId: 'u1', missionId: 'm1', xpEarned: 5 },
    { source: '/s', mode: 'plain' },
  )
  assert.deepEqual(JSON.parse(mission.value.toString()), {
    type: 'mission.completed',
    userId: 'u1',
    data: { missionId: 'm1', xpEarned: 5 },
  })
  const order = encodeEventSync(
    Tagged,
    { orderId: 'o1' },
    { source: '/s', mode: 'plain', headers: { trace: 't' } },
  )
  assert.deepEqual(order.headers, { 'event-type': 'OrderPlaced', trace: 't' })
  assert.deepEqual(JSON.parse(order.value.toString()), { orderId: 'o1' })
})

test('plain.publish makes plain the default mode; a publish may still ask for a CloudEvent', () => {
  const Legacy = defineEvent({
    type: 'user.login',
    topic: 'user-events',
    schema: z.object({ userId: z.string() }),
    plain: { field: 'type', value: 'USER_LOGIN', publish: true },
  })
  const plain = encodeEventSync(Legacy, { userId: 'u1' }, { source: '/s' })
  assert.deepEqual(JSON.parse(plain.value.toString()), { type: 'USER_LOGIN', userId: 'u1' })
  const ce = encodeEventSync(Legacy, { userId: 'u1' }, { source: '/s', mode: 'binary' })
  assert.equal(ce.headers.ce_type, 'user.login')
})
