import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Injectable, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { Bus } from '@spool/bus'
import {
  EventPublisher,
  InjectBus,
  InjectPublisher,
  NestConfigError,
  publisherToken,
  SPOOL_OPTIONS,
  SpoolClient,
  SpoolModule,
  type SpoolModuleOptions,
} from '@spool/nest'
import type { z } from 'zod'
import type { asyncOptionsSchema, SpoolModuleAsyncOptions } from '../src/module.ts'
import { decorateClass, param, paramTypes } from './decorate.ts'
import { closeAfter, events, offlineOptions } from './helpers.ts'

const { MissionCompleted, PaymentCompleted } = events('module')

function moduleOf(metadata: Parameters<typeof Module>[0]) {
  class M {}
  decorateClass(M, Module(metadata))
  return M
}

const create = (t: import('node:test').TestContext, root: unknown) =>
  NestFactory.createApplicationContext(root as never, { logger: false, abortOnError: false }).then((app) =>
    closeAfter(t, app),
  )

describe('nest: SpoolModule wiring', () => {
  it('forFeature gives a feature module typed publishers; the bus and client are global', async (t) => {
    class Subscriptions {
      readonly bus: Bus
      readonly payments: EventPublisher<typeof PaymentCompleted>
      readonly client: SpoolClient
      constructor(bus: Bus, payments: EventPublisher<typeof PaymentCompleted>, client: SpoolClient) {
        this.bus = bus
        this.payments = payments
        this.client = client
      }
    }
    decorateClass(
      Subscriptions,
      Injectable(),
      param(0, InjectBus()),
      param(1, InjectPublisher(PaymentCompleted)),
      paramTypes(Bus, EventPublisher, SpoolClient),
    )
    const Feature = moduleOf({
      imports: [SpoolModule.forFeature([PaymentCompleted])],
      providers: [Subscriptions],
    })
    const root = moduleOf({
      imports: [
        SpoolModule.forRoot({ ...offlineOptions(), catalog: [MissionCompleted, PaymentCompleted] }),
        Feature,
      ],
    })
    const app = await create(t, root)
    const subscriptions = app.get(Subscriptions)
    assert.equal(subscriptions.bus, app.get(Bus))
    assert.equal(subscriptions.client.bus, app.get(Bus))
    assert.ok(subscriptions.payments instanceof EventPublisher)
    assert.equal(subscriptions.payments.definition, PaymentCompleted)
    // forRoot provides publishers for its static catalog too.
    const missions = app.get<EventPublisher>(publisherToken(MissionCompleted))
    assert.equal(missions.definition, MissionCompleted)
    await assert.rejects(missions.publish({ userId: 'u', missionId: 'm', xpEarned: -1 } as never), {
      code: 'SPOOL_ERR_VALIDATION',
    })
  })

  it('forRootAsync with useClass builds the options in the container', async (t) => {
    class SpoolConfig {
      createSpoolOptions(): SpoolModuleOptions {
        return { ...offlineOptions('async-client'), catalog: [MissionCompleted] }
      }
    }
    decorateClass(SpoolConfig, Injectable())
    const root = moduleOf({
      imports: [SpoolModule.forRootAsync({ useClass: SpoolConfig, events: [MissionCompleted] })],
    })
    const app = await create(t, root)
    assert.equal(app.get(Bus).options.clientId, 'async-client')
    assert.equal(app.get(SPOOL_OPTIONS).autoStart, false)
    assert.equal(app.get<EventPublisher>(publisherToken(MissionCompleted)).definition, MissionCompleted)
  })

  it('global: false keeps the bus inside the importing module', async (t) => {
    class Elsewhere {
      readonly bus: Bus
      constructor(bus: Bus) {
        this.bus = bus
      }
    }
    decorateClass(Elsewhere, Injectable(), paramTypes(Bus))
    const Feature = moduleOf({ providers: [Elsewhere] })
    const root = moduleOf({ imports: [SpoolModule.forRoot({ ...offlineOptions(), global: false }), Feature] })
    await assert.rejects(create(t, root), /can't resolve dependencies of the Elsewhere/i)
  })

  it('refuses a publisher for an event outside the catalog at bootstrap', async (t) => {
    class Needs {}
    decorateClass(Needs, Injectable(), param(0, InjectPublisher(PaymentCompleted)))
    const root = moduleOf({
      imports: [
        SpoolModule.forRoot({ ...offlineOptions(), catalog: [MissionCompleted] }),
        SpoolModule.forFeature([PaymentCompleted]),
      ],
      providers: [Needs],
    })
    await assert.rejects(create(t, root), (error: unknown) => {
      assert.ok(error instanceof NestConfigError, String(error))
      assert.match(
        error.message,
        /"payment\.completed" was requested, but the bus's catalog does not list it/,
      )
      return true
    })
  })

  it('validates forRootAsync and forFeature arguments', () => {
    assert.throws(
      () => SpoolModule.forRootAsync({}),
      /exactly one of useFactory, useClass, useExisting; got none/,
    )
    assert.throws(
      () => SpoolModule.forRootAsync({ useFactory: () => ({}), useExisting: 'x' }),
      /exactly one of useFactory, useClass, useExisting; got useFactory, useExisting/,
    )
    assert.throws(
      () => SpoolModule.forFeature([{ type: 'x' }] as never),
      /events\[0\] is not an event definition/,
    )
    assert.throws(
      () => SpoolModule.forRoot({ ...offlineOptions(), global: 'yes' as never }),
      /SpoolModule\.forRoot: option 'global' /,
    )
  })
})

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

describe('SpoolModule.forRootAsync options', () => {
  it('SpoolModuleAsyncOptions and the schema forRootAsync checks have the same keys (compile time)', () => {
    const same: Equal<keyof SpoolModuleAsyncOptions, keyof z.input<typeof asyncOptionsSchema>> = true
    assert.ok(same)
  })
})
