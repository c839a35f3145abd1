/**
 * A bus beside services not on Spool yet: KafkaJS 2.2.4 producers write the payloads of services
 * being migrated (plain JSON, no CloudEvents attributes) and typed handlers receive them; a KafkaJS
 * consumer reads what the bus publishes in plain mode.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { memoryStore } from '@spool/bus'
import { defineEvent, type EventEnvelope } from '@spool/catalog'
import { bootstrapList, describeOnBrokers, type Target, uniqueName } from '@spool/testing'
import kafkajs from 'kafkajs'
import { z } from 'zod'
import { makeBus, waitFor } from './helpers.ts'

const { Kafka, logLevel, Partitioners } = kafkajs

function kafkajsClient(target: Target) {
  return new Kafka({
    clientId: uniqueName('kafkajs'),
    brokers: bootstrapList(target.bootstrap!),
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 500 },
  })
}

/** Sends as the migrating services do: KafkaJS with the legacy partitioner, JSON values. */
async function sendAsKafkajs(
  target: Target,
  topic: string,
  messages: Array<{ key?: string; value: unknown; headers?: Record<string, string> }>,
): Promise<void> {
  const producer = kafkajsClient(target).producer({ createPartitioner: Partitioners.LegacyPartitioner })
  await producer.connect()
  try {
    await producer.send({
      topic,
      messages: messages.map((m) => ({ ...m, value: JSON.stringify(m.value) })),
    })
  } finally {
    await producer.disconnect()
  }
}

function seedEvents() {
  const userEvents = uniqueName('user-events')
  const missionEvents = uniqueName('mission-events')
  const subscriptionCreated = uniqueName('subscription.created')
  // A KafkaJS service: { type: 'USER_LOGIN', userId, timestamp, ...metadata } on user-events.
  const UserLogin = defineEvent({
    type: 'user.login',
    topic: userEvents,
    key: 'userId',
    schema: z.object({ userId: z.string(), ip: z.string().optional() }),
    plain: { field: 'type', value: 'USER_LOGIN', time: 'timestamp' },
  })
  const UserAction = defineEvent({
    type: 'user.action',
    topic: userEvents,
    schema: z.object({ userId: z.string(), action: z.string(), data: z.record(z.string(), z.unknown()) }),
    plain: { field: 'type', value: 'USER_ACTION', time: 'timestamp' },
  })
  // A BaseEvent { id, type, userId, timestamp, metadata?, data } service.
  const MissionCompleted = defineEvent({
    type: 'mission.completed',
    topic: missionEvents,
    schema: z.object({
      userId: z.string(),
      missionId: z.string(),
      missionName: z.string(),
      missionType: z.string(),
      duration: z.number(),
      xpEarned: z.number(),
    }),
    plain: {
      field: 'type',
      id: 'id',
      time: 'timestamp',
      data: (json: { userId: string; data: object }) => ({ userId: json.userId, ...json.data }),
    },
  })
  // A NestJS service: client.emit('subscription.created', payload), one event per topic.
  const SubscriptionCreated = defineEvent({
    type: 'subscription.created',
    topic: subscriptionCreated,
    key: 'subscriptionId',
    schema: z.object({
      subscriptionId: z.string(),
      subscriberId: z.string(),
      creatorId: z.string(),
      tierId: z.string(),
      startDate: z.iso.datetime(),
    }),
    plain: {},
  })
  return {
    userEvents,
    missionEvents,
    subscriptionCreated,
    UserLogin,
    UserAction,
    MissionCompleted,
    SubscriptionCreated,
  }
}

describeOnBrokers('bus beside KafkaJS services', (target) => {
  it('hands the seed payloads of KafkaJS producers to typed handlers and dead-letters what matches nothing', async (t) => {
    const e = seedEvents()
    const group = uniqueName('g')
    const bus = makeBus(t, target, [e.UserLogin, e.UserAction, e.MissionCompleted, e.SubscriptionCreated], {
      idempotency: memoryStore(),
      // Not an outage test: on a loaded machine an acknowledgement slower than the default 1 s
      // would send the dead letter through the offline spool and delay it past the wait below.
      offlineAfter: 30_000,
    })
    const got: EventEnvelope[] = []
    bus
      .consumer({ group })
      .on(e.UserLogin, (event) => {
        got.push(event)
      })
      .on(e.UserAction, (event) => {
        got.push(event)
      })
      .on(e.MissionCompleted, (event) => {
        got.push(event)
      })
      .on(e.SubscriptionCreated, (event) => {
        got.push(event)
      })
    await bus.start()

    await sendAsKafkajs(target, e.userEvents, [
      {
        value: {
          type: 'USER_LOGIN',
          userId: 'user123',
          timestamp: '2024-03-01T10:00:00.000Z',
          ip: '192.168.1.1',
        },
      },
      { value: { type: 'USER_LOGOUT', userId: 'user123', timestamp: '2024-03-01T11:00:00.000Z' } },
      {
        value: {
          type: 'USER_ACTION',
          userId: 'user123',
          action: 'click',
          data: { button: 'buy' },
          timestamp: '2024-03-01T10:05:00.000Z',
        },
      },
    ])
    await sendAsKafkajs(target, e.missionEvents, [
      {
        value: {
          id: 'evt-1',
          type: 'mission.completed',
          userId: 'user123',
          timestamp: '2024-03-01T10:30:00.000Z',
          data: {
            missionId: 'mission_123',
            missionName: 'Focus Session',
            missionType: 'FOCUS',
            duration: 25,
            xpEarned: 50,
          },
        },
      },
    ])
    const startDate = new Date('2024-03-02T00:00:00.000Z')
    await sendAsKafkajs(target, e.subscriptionCreated, [
      { value: { subscriptionId: 'sub-1', subscriberId: 'u1', creatorId: 'c1', tierId: 't1', startDate } },
    ])

    await waitFor(
      () => got.length === 4 && bus.consumer(group).status().deadLettered === 1,
      'four typed events and one dead letter',
      60_000,
    )
    const byType = new Map(got.map((g) => [g.type, g]))
    const login = byType.get('user.login')!
    assert.deepEqual(login.data, { userId: 'user123', ip: '192.168.1.1' })
    assert.equal(login.time, '2024-03-01T10:00:00.000Z')
    assert.equal(login.source, e.userEvents)
    assert.match(login.id, new RegExp(`^${e.userEvents.replaceAll('.', '\\.')}-\\d+-\\d+$`))
    assert.deepEqual(byType.get('user.action')!.data, {
      userId: 'user123',
      action: 'click',
      data: { button: 'buy' },
    })
    const mission = byType.get('mission.completed')!
    assert.equal(mission.id, 'evt-1')
    assert.deepEqual(mission.data, {
      userId: 'user123',
      missionId: 'mission_123',
      missionName: 'Focus Session',
      missionType: 'FOCUS',
      duration: 25,
      xpEarned: 50,
    })
    assert.equal(mission.time, '2024-03-01T10:30:00.000Z')
    const sub = byType.get('subscription.created')!
    assert.deepEqual(sub.data, {
      subscriptionId: 'sub-1',
      subscriberId: 'u1',
      creatorId: 'c1',
      tierId: 't1',
      startDate: startDate.toISOString(),
    })

    const [dead, ...more] = await bus.deadLetters.list(`${e.userEvents}.dlq`)
    assert.equal(more.length, 0)
    assert.equal(dead!.reason, 'invalid-event')
    assert.match(dead!.error.message, /Not a CloudEvent/)
    assert.match(dead!.error.message, /field 'type' is 'USER_LOGOUT' \(mapped: USER_LOGIN, USER_ACTION\)/)
  })

  it('gives a plain record without an id field the same id on every reading', async (t) => {
    const e = seedEvents()
    const bus = makeBus(t, target, [e.UserLogin])
    const seen: string[][] = [[], []]
    const places: string[] = []
    for (const list of seen) {
      bus.consumer({ group: uniqueName('g') }).on(e.UserLogin, (event, ctx) => {
        list.push(event.id)
        places.push(`${e.userEvents}-${ctx.partition}-${ctx.offset}`)
      })
    }
    await bus.start()
    await sendAsKafkajs(target, e.userEvents, [
      { value: { type: 'USER_LOGIN', userId: 'u1', timestamp: '2024-03-01T10:00:00.000Z' } },
    ])
    await waitFor(() => seen[0]!.length === 1 && seen[1]!.length === 1, 'the login, in both groups')
    assert.equal(seen[0]![0], seen[1]![0])
    assert.equal(seen[0]![0], places[0])
  })

  it('keeps the derived id of a plain record through a retry topic', async (t) => {
    const e = seedEvents()
    const bus = makeBus(t, target, [e.UserLogin], {
      retry: { attempts: 1, initialDelay: 10, maxDelay: 10, topics: [50] },
    })
    const attempts: Array<{ id: string; topic: string }> = []
    bus.consumer({ group: uniqueName('g') }).on(e.UserLogin, (event, ctx) => {
      attempts.push({ id: event.id, topic: ctx.topic })
      if (attempts.length === 1) throw new Error('first attempt fails')
    })
    await bus.start()
    await sendAsKafkajs(target, e.userEvents, [
      { value: { type: 'USER_LOGIN', userId: 'u1', timestamp: '2024-03-01T10:00:00.000Z' } },
    ])
    await waitFor(() => attempts.length === 2, 'the login, then its retry')
    assert.equal(attempts[0]!.topic, e.userEvents)
    assert.equal(attempts[1]!.topic, `${e.userEvents}.retry.1`)
    assert.equal(attempts[1]!.id, attempts[0]!.id)
  })

  it('a KafkaJS consumer reads what the bus published in plain mode', async (t) => {
    const e = seedEvents()
    const Legacy = defineEvent({
      type: 'mission.completed',
      topic: e.missionEvents,
      schema: z.object({ userId: z.string(), missionId: z.string(), xpEarned: z.number() }),
      plain: {
        field: 'type',
        id: 'id',
        time: 'timestamp',
        publish: true,
        json: (d: { userId: string; missionId: string; xpEarned: number }) => ({
          type: 'mission.completed',
          userId: d.userId,
          data: { missionId: d.missionId, xpEarned: d.xpEarned },
        }),
      },
    })
    const bus = makeBus(t, target, [e.UserLogin, Legacy])
    await bus.connect()
    const login = await bus.publish(
      e.UserLogin,
      { userId: 'user123', ip: '192.168.1.1' },
      { envelope: 'plain', time: '2024-03-01T10:00:00.000Z' },
    )
    await bus.publish(Legacy, { userId: 'user123', missionId: 'm1', xpEarned: 50 })

    const received: Array<{ topic: string; key: string | undefined; value: unknown; headers: string[] }> = []
    const consumer = kafkajsClient(target).consumer({ groupId: uniqueName('kafkajs-g') })
    t.after(() => consumer.disconnect())
    await consumer.connect()
    await consumer.subscribe({ topics: [e.userEvents, e.missionEvents], fromBeginning: true })
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({
          topic,
          key: message.key?.toString(),
          value: JSON.parse(message.value!.toString()),
          headers: Object.keys(message.headers ?? {}),
        })
      },
    })
    await waitFor(() => received.length === 2, 'both plain records', 30_000)
    const user = received.find((r) => r.topic === e.userEvents)!
    assert.deepEqual(user.value, {
      type: 'USER_LOGIN',
      userId: 'user123',
      ip: '192.168.1.1',
      timestamp: '2024-03-01T10:00:00.000Z',
    })
    assert.equal(user.key, 'user123')
    assert.deepEqual(user.headers, [])
    assert.equal(typeof login.partition, 'number')
    const mission = received.find((r) => r.topic === e.missionEvents)!
    assert.deepEqual(mission.value, {
      type: 'mission.completed',
      userId: 'user123',
      data: { missionId: 'm1', xpEarned: 50 },
    })
    assert.deepEqual(mission.headers, [])
  })
})
