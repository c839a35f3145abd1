import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Controller, Inject, Injectable, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { ClientsModule, Ctx, EventPattern, type MicroserviceOptions, Payload } from '@nestjs/microservices'
import { createBus, NonRetryableError } from '@spool/bus'
import {
  SpoolClient,
  type SpoolContext,
  SpoolErrorInterceptor,
  SpoolModule,
  SpoolRecord,
  SpoolTransport,
} from '@spool/nest'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { firstValueFrom, lastValueFrom } from 'rxjs'
import { decorateClass, decorateMethod, param, paramTypes } from '../decorate.ts'
import { busOptions, closeAfter, events, waitFor } from '../helpers.ts'

type Payment = { paymentId: string; userId: string; amount: number }

describeOnBrokers('nest: microservice transport', (target) => {
  it('runs @EventPattern/@Payload/@Ctx handlers through consumer groups; the client emits; failures dead-letter', async (t) => {
    const { MissionCompleted, PaymentCompleted, payments, missions } = events('ms')
    const legacyTopic = uniqueName('legacy.events')
    const group = uniqueName('subscription-service')
    const { env: _env, ...options } = busOptions(t, target)
    const bus = createBus({
      ...options,
      catalog: [MissionCompleted, PaymentCompleted],
      retry: { attempts: 2, initialDelay: 5, maxDelay: 20, topics: [] },
    })

    const seen: Array<Record<string, unknown>> = []
    const legacy: unknown[] = []
    const audited: string[] = []
    class PaymentConsumer {
      completed(payment: Payment, ctx: SpoolContext) {
        if (payment.paymentId === 'poison')
          throw new Error(`cannot activate a subscription for ${payment.paymentId}`)
        seen.push({
          payment,
          topic: ctx.getTopic(),
          partition: ctx.getPartition(),
          offset: typeof ctx.getOffset(),
          attempt: ctx.getAttempt(),
          group: ctx.getGroup(),
          key: ctx.getKey(),
          type: ctx.getEventType(),
          id: ctx.getEventId(),
          envelopeData: ctx.getEnvelope()?.data,
        })
      }
      mission(data: { missionId: string }) {
        if (data.missionId === 'bad') throw new NonRetryableError('mission bad cannot be audited')
        audited.push(data.missionId)
      }
      legacy(data: unknown, ctx: SpoolContext) {
        legacy.push({
          data,
          header: ctx.getHeaders().origin,
          raw: ctx.getMessage()?.value?.length,
          envelope: ctx.getEnvelope(),
        })
      }
    }
    decorateMethod(
      PaymentConsumer,
      'completed',
      EventPattern(PaymentCompleted.type),
      param(0, Payload()),
      param(1, Ctx()),
    )
    decorateMethod(
      PaymentConsumer,
      'mission',
      EventPattern(MissionCompleted.type, { group: `${group}-audit` }),
      param(0, Payload()),
    )
    decorateMethod(PaymentConsumer, 'legacy', EventPattern(legacyTopic), param(0, Payload()), param(1, Ctx()))
    decorateClass(PaymentConsumer, Controller())

    class Checkout {
      readonly client: SpoolClient
      constructor(client: SpoolClient) {
        this.client = client
      }
    }
    decorateClass(Checkout, Injectable(), paramTypes(SpoolClient))
    class AppModule {}
    decorateClass(
      AppModule,
      Module({
        imports: [SpoolModule.forRoot({ bus })],
        controllers: [PaymentConsumer],
        providers: [Checkout],
      }),
    )

    const transport = new SpoolTransport({ bus, group })
    const app = closeAfter(
      t,
      await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
        strategy: transport,
        logger: false,
      }),
    )
    await app.listen()
    assert.equal(await firstValueFrom(transport.status), 'connected')
    assert.deepEqual(bus.getActiveConsumerGroups().sort(), [group, `${group}-audit`].sort())

    const client = app.get(Checkout).client
    const receipt = await lastValueFrom(
      client.emit(PaymentCompleted.type, { paymentId: 'p1', userId: 'u1', amount: 10 }),
    )
    assert.equal(receipt.type, 'payment.completed')
    client.emit(
      PaymentCompleted.type,
      new SpoolRecord({ paymentId: 'p2', userId: 'u2', amount: 20 }, { key: 'vip' }),
    )
    client.emit(PaymentCompleted.type, { paymentId: 'poison', userId: 'u3', amount: 30 })
    client.emit(MissionCompleted.type, { userId: 'u1', missionId: 'm1', xpEarned: 5 })
    client.emit(MissionCompleted.type, { userId: 'u1', missionId: 'bad', xpEarned: 5 })
    await lastValueFrom(
      client.emit(legacyTopic, new SpoolRecord({ legacy: true }, { headers: { origin: 'php' } })),
    )
    await assert.rejects(lastValueFrom(client.emit(PaymentCompleted.type, { paymentId: 'p3' })), {
      code: 'SPOOL_ERR_VALIDATION',
    })
    await assert.rejects(lastValueFrom(client.send('payment.completed', {})), {
      code: 'SPOOL_ERR_UNSUPPORTED',
    })

    await waitFor(() => seen.length === 2 && legacy.length === 1 && audited.length === 1, 'handlers')
    const byId = Object.fromEntries(seen.map((s) => [(s.payment as Payment).paymentId, s]))
    assert.deepEqual(byId.p1, {
      payment: { paymentId: 'p1', userId: 'u1', amount: 10 },
      topic: payments,
      partition: byId.p1!.partition,
      offset: 'bigint',
      attempt: 1,
      group,
      key: 'u1',
      type: 'payment.completed',
      id: receipt.id,
      envelopeData: { paymentId: 'p1', userId: 'u1', amount: 10 },
    })
    assert.equal(byId.p2!.key, 'vip', 'SpoolRecord options reach the publish')
    assert.deepEqual(legacy, [{ data: { legacy: true }, header: 'php', raw: 15, envelope: undefined }])

    // The dead letters carry the handler's own error, not Nest's "Internal server error".
    await waitFor(() => bus.consumer(group).status().deadLettered === 1, 'the payment dead letter')
    await waitFor(() => bus.consumer(`${group}-audit`).status().deadLettered === 1, 'the mission dead letter')
    const [dead] = await bus.deadLetters.list(`${payments}.dlq`)
    assert.equal(dead!.reason, 'handler-failed')
    assert.equal(dead!.attempts, 2)
    assert.equal(dead!.group, group)
    assert.equal(dead!.error.message, 'cannot activate a subscription for poison')
    const [deadMission] = await bus.deadLetters.list(`${missions}.dlq`)
    assert.equal(deadMission!.reason, 'non-retryable', 'NonRetryableError survives Nest exception filters')
    assert.equal(deadMission!.attempts, 1)

    await app.close()
    assert.deepEqual(bus.getActiveConsumerGroups(), [], 'closing the app stopped every group')
  })

  it('a transport that makes its own bus; a SpoolClient registered with ClientsModule', async (t) => {
    const { PaymentCompleted, payments } = events('own')
    const group = uniqueName('payments')
    const options = busOptions(t, target)
    const calls: Array<[string, number]> = []
    class Payments {
      handle(payment: Payment, ctx: SpoolContext) {
        calls.push([payment.paymentId, ctx.getAttempt()])
        if (payment.paymentId === 'poison') throw new Error('ledger unavailable')
      }
    }
    decorateMethod(
      Payments,
      'handle',
      EventPattern(PaymentCompleted.type),
      param(0, Payload()),
      param(1, Ctx()),
    )
    decorateClass(Payments, Controller())
    class Producer {
      readonly client: SpoolClient
      constructor(client: SpoolClient) {
        this.client = client
      }
    }
    decorateClass(Producer, Injectable(), param(0, Inject('EVENTS')))
    class AppModule {}
    decorateClass(
      AppModule,
      Module({
        imports: [
          ClientsModule.register([
            {
              name: 'EVENTS',
              customClass: SpoolClient,
              options: { ...options, clientId: uniqueName('client'), catalog: [PaymentCompleted] },
            },
          ]),
        ],
        controllers: [Payments],
        providers: [Producer],
      }),
    )
    const transport = new SpoolTransport({
      ...options,
      catalog: [PaymentCompleted],
      group,
      retry: { attempts: 1, topics: [50] },
    })
    const app = closeAfter(
      t,
      await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
        strategy: transport,
        logger: false,
      }),
    )
    app.useGlobalInterceptors(new SpoolErrorInterceptor())
    await app.listen()
    const client = app.get(Producer).client
    assert.notEqual(client.bus, transport.bus, 'each made its own bus')
    await lastValueFrom(client.emit(PaymentCompleted.type, { paymentId: 'ok', userId: 'u', amount: 1 }))
    await lastValueFrom(client.emit(PaymentCompleted.type, { paymentId: 'poison', userId: 'u', amount: 1 }))
    await waitFor(() => transport.bus.consumer(group).status().deadLettered === 1, 'the dead letter')
    assert.deepEqual(
      calls.filter(([id]) => id === 'poison'),
      [
        ['poison', 1],
        ['poison', 2],
      ],
      'one attempt, then the retry topic',
    )
    const [dead] = await transport.bus.deadLetters.list(`${payments}.dlq`)
    assert.equal(dead!.error.message, 'ledger unavailable')
    await app.close()
    assert.deepEqual(transport.bus.getActiveConsumerGroups(), [])
  })
})
