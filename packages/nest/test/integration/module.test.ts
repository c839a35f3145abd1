import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Injectable, Module, type OnModuleInit } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { Bus, type EventContext, NonRetryableError, type RawMessage } from '@spool/bus'
import type { EnvelopeOf } from '@spool/catalog'
import {
  EventPublisher,
  InjectPublisher,
  SpoolClient,
  SpoolHandler,
  SpoolLifecycle,
  SpoolModule,
  SpoolTopicHandler,
} from '@spool/nest'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { decorateClass, decorateMethod, param, paramTypes } from '../decorate.ts'
import { busOptions, closeAfter, events, waitFor } from '../helpers.ts'

describeOnBrokers('nest: SpoolModule', (target) => {
  it('forRoot: a provider publishes typed events, decorated handlers receive them, seed-000 style calls work', async (t) => {
    const { MissionCompleted, PaymentCompleted } = events('root')
    const group = uniqueName('xp')
    const rawTopic = uniqueName('custom.topic')
    const seedTopic = uniqueName('batch.topic')

    class Missions {
      readonly bus: Bus
      readonly completed: EventPublisher<typeof MissionCompleted>
      constructor(bus: Bus, completed: EventPublisher<typeof MissionCompleted>) {
        this.bus = bus
        this.completed = completed
      }
      complete(userId: string, missionId: string, xpEarned: number) {
        return this.completed.publish({ userId, missionId, xpEarned })
      }
    }
    decorateClass(
      Missions,
      Injectable(),
      param(1, InjectPublisher(MissionCompleted)),
      paramTypes(Bus, EventPublisher),
    )

    class XpHandlers {
      readonly awarded: Array<{
        userId: string
        xp: number
        subject?: string
        attempt: number
        group: string
      }> = []
      readonly raw: string[] = []
      award(event: EnvelopeOf<typeof MissionCompleted>, ctx: EventContext) {
        this.awarded.push({
          userId: event.data.userId,
          xp: event.data.xpEarned,
          subject: event.subject,
          attempt: ctx.attempt,
          group: ctx.group,
        })
      }
      custom(message: RawMessage) {
        this.raw.push(message.json<{ data: string }>().data)
      }
    }
    decorateMethod(XpHandlers, 'award', SpoolHandler(MissionCompleted))
    decorateMethod(XpHandlers, 'custom', SpoolTopicHandler(rawTopic, { group: `${group}-raw` }))
    decorateClass(XpHandlers, Injectable())

    // Seed 000's CustomConsumer: subscribes by hand in onModuleInit, before the bus starts.
    class CustomConsumer implements OnModuleInit {
      readonly seen: string[] = []
      readonly bus: Bus
      constructor(bus: Bus) {
        this.bus = bus
      }
      onModuleInit() {
        this.bus.subscribe([seedTopic], (m) => void this.seen.push(String(m.key)), { group: `${group}-seed` })
      }
    }
    decorateClass(CustomConsumer, Injectable(), paramTypes(Bus))

    class AppModule {}
    decorateClass(
      AppModule,
      Module({
        imports: [
          SpoolModule.forRoot({
            ...busOptions(t, target),
            catalog: [MissionCompleted, PaymentCompleted],
            group,
          }),
        ],
        providers: [Missions, XpHandlers, CustomConsumer],
      }),
    )
    const app = closeAfter(t, await NestFactory.createApplicationContext(AppModule, { logger: false }))
    const bus = app.get(Bus)
    const handlers = app.get(XpHandlers)
    const consumer = app.get(CustomConsumer)
    assert.equal(app.get(Missions).bus, bus, 'one bus for the whole application')
    assert.equal(app.get(SpoolClient).bus, bus)
    assert.deepEqual(
      app
        .get(SpoolLifecycle)
        .handlers.map((h) => [h.subject, h.group, h.source])
        .sort(),
      [
        ['mission.completed', group, 'XpHandlers.award'],
        [`topic:${rawTopic}`, `${group}-raw`, 'XpHandlers.custom'],
      ],
    )
    assert.deepEqual(bus.getActiveConsumerGroups().sort(), [group, `${group}-raw`, `${group}-seed`].sort())
    assert.equal(bus.isProducerConnected(), true)

    const missions = app.get(Missions)
    const receipts = await Promise.all([missions.complete('u1', 'm1', 50), missions.complete('u2', 'm2', 25)])
    assert.ok(receipts.every((r) => r.type === 'mission.completed' && r.spooled === false))
    await assert.rejects(missions.complete('u3', 'm3', -1), { code: 'SPOOL_ERR_VALIDATION' })
    await bus.sendMessage({ topic: rawTopic, key: 'k', value: JSON.stringify({ data: 'custom event data' }) })
    await bus.sendMessages([
      { topic: seedTopic, key: 'key1', value: JSON.stringify({ id: 1 }) },
      { topic: seedTopic, key: 'key2', value: JSON.stringify({ id: 2 }) },
    ])

    await waitFor(() => handlers.awarded.length === 2 && handlers.raw.length === 1, 'decorated handlers')
    await waitFor(() => consumer.seen.length === 2, 'the hand-registered subscriber')
    assert.deepEqual(
      handlers.awarded.sort((a, b) => a.userId.localeCompare(b.userId)),
      [
        { userId: 'u1', xp: 50, subject: 'u1', attempt: 1, group },
        { userId: 'u2', xp: 25, subject: 'u2', attempt: 1, group },
      ],
    )
    assert.deepEqual(handlers.raw, ['custom event data'])
    assert.deepEqual(consumer.seen.sort(), ['key1', 'key2'])
  })

  it('forRootAsync: options from an injected config; failing handlers retry, then dead-letter', async (t) => {
    const { MissionCompleted, PaymentCompleted, payments, missions } = events('async')
    const group = uniqueName('billing')
    const options = busOptions(t, target)

    class KafkaConfig {
      readonly brokers = options.brokers
      readonly clientId = options.clientId
    }
    decorateClass(KafkaConfig, Injectable())
    class ConfigModule {}
    decorateClass(ConfigModule, Module({ providers: [KafkaConfig], exports: [KafkaConfig] }))

    const attempts: Array<[string, number, string]> = []
    class Billing {
      readonly activated: string[] = []
      onPayment(event: EnvelopeOf<typeof PaymentCompleted>, ctx: EventContext) {
        if (event.data.paymentId === 'poison') {
          attempts.push([event.data.paymentId, ctx.attempt, ctx.topic])
          throw new Error(`card declined for ${event.data.paymentId}`)
        }
        this.activated.push(event.data.paymentId)
      }
      onMission(event: EnvelopeOf<typeof MissionCompleted>) {
        attempts.push([event.data.missionId, 0, 'mission'])
        throw new NonRetryableError(`mission ${event.data.missionId} is unknown`)
      }
    }
    // The handler's own group options win over the module's retry (1 attempt, no retry topics).
    decorateMethod(
      Billing,
      'onPayment',
      SpoolHandler(PaymentCompleted, {
        group,
        retry: { attempts: 2, initialDelay: 5, maxDelay: 20, topics: [100] },
      }),
    )
    decorateMethod(Billing, 'onMission', SpoolHandler(MissionCompleted, { group: `${group}-missions` }))
    decorateClass(Billing, Injectable())

    class AppModule {}
    decorateClass(
      AppModule,
      Module({
        imports: [
          SpoolModule.forRootAsync({
            imports: [ConfigModule],
            inject: [KafkaConfig],
            useFactory: (config: KafkaConfig) => ({
              ...options,
              brokers: config.brokers,
              clientId: config.clientId,
              catalog: [MissionCompleted, PaymentCompleted],
              retry: { attempts: 1, topics: [] },
            }),
            events: [PaymentCompleted],
          }),
        ],
        providers: [Billing],
      }),
    )
    const app = closeAfter(t, await NestFactory.createApplicationContext(AppModule, { logger: false }))
    const bus = app.get(Bus)
    const billing = app.get(Billing)
    assert.equal(bus.options.clientId, options.clientId, 'the factory built the bus')
    const pay = app.get<EventPublisher<typeof PaymentCompleted>>('spool:publisher:payment.completed')
    const poison = await pay.publish({ paymentId: 'poison', userId: 'u1', amount: 9.99 })
    await pay.publishMany([
      { paymentId: 'p1', userId: 'u2', amount: 5 },
      { paymentId: 'p2', userId: 'u3', amount: 7 },
    ])
    await bus.publish(MissionCompleted, { userId: 'u1', missionId: 'gone', xpEarned: 1 })

    await waitFor(() => bus.consumer(group).status().deadLettered === 1, 'the payment dead letter')
    await waitFor(
      () => bus.consumer(`${group}-missions`).status().deadLettered === 1,
      'the mission dead letter',
    )
    assert.deepEqual(billing.activated.sort(), ['p1', 'p2'], 'other events keep flowing')
    assert.deepEqual(
      attempts.filter(([id]) => id === 'poison'),
      [
        ['poison', 1, payments],
        ['poison', 2, payments],
        ['poison', 3, `${payments}.retry.1`],
      ],
    )
    assert.deepEqual(
      attempts.filter(([id]) => id === 'gone'),
      [['gone', 0, 'mission']],
      'non-retryable: one call',
    )

    const [dead, ...more] = await bus.deadLetters.list(`${payments}.dlq`)
    assert.equal(more.length, 0)
    assert.equal(dead!.group, group)
    assert.equal(dead!.reason, 'handler-failed')
    assert.equal(dead!.attempts, 3)
    assert.equal(dead!.error.message, 'card declined for poison')
    assert.equal(dead!.originalOffset, String(poison.offset))
    const [deadMission] = await bus.deadLetters.list(`${missions}.dlq`)
    assert.equal(deadMission!.reason, 'non-retryable')
    assert.equal(deadMission!.error.message, 'mission gone is unknown')
  })
})
