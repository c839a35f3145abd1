import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Controller, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { EventPattern, type MicroserviceOptions } from '@nestjs/microservices'
import { SPOOL_TRANSPORT, SpoolTransport, UnsupportedError } from '@spool/nest'
import { decorateClass, decorateMethod } from '../decorate.ts'
import { closeAfter, events, offlineOptions } from '../helpers.ts'

const { MissionCompleted } = events('transport')

/** A microservice whose transport fails while registering handlers, before any connection. */
async function listen(
  t: import('node:test').TestContext,
  handlers: Record<string, Array<(...args: any[]) => unknown>>,
) {
  class Handlers {}
  for (const name of Object.keys(handlers)) {
    Object.defineProperty(Handlers.prototype, name, { value() {}, writable: true, configurable: true })
    decorateMethod(Handlers, name, ...handlers[name]!)
  }
  decorateClass(Handlers, Controller())
  class AppModule {}
  decorateClass(AppModule, Module({ controllers: [Handlers] }))
  const { autoStart: _a, ...options } = offlineOptions()
  const transport = new SpoolTransport({ ...options, catalog: [MissionCompleted] })
  const app = closeAfter(
    t,
    await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
      strategy: transport,
      logger: false,
    }),
  )
  return app.listen()
}

describe('nest: SpoolTransport registration', () => {
  it('refuses a pattern that is neither a catalog type nor a topic name', async (t) => {
    await assert.rejects(listen(t, { a: [EventPattern({ cmd: 'sum' })] }), {
      code: 'SPOOL_ERR_INVALID_OPTION',
      message:
        /@EventPattern\(\{"cmd":"sum"\}\) is neither an event type of the catalog nor a valid topic name/,
    })
  })

  it('refuses handlers of one pattern that name different groups', async (t) => {
    await assert.rejects(
      listen(t, {
        a: [EventPattern(MissionCompleted.type, { group: 'one' })],
        b: [EventPattern(MissionCompleted.type, { group: 'two' })],
      }),
      /handlers of @EventPattern\(mission\.completed\) name different groups \((one, two|two, one)\)/,
    )
  })

  it('refuses a raw handler and an event handler of the same topic in one group', async (t) => {
    await assert.rejects(
      listen(t, { a: [EventPattern(MissionCompleted.type)], b: [EventPattern(MissionCompleted.topic)] }),
      {
        code: 'SPOOL_ERR_HANDLER',
        message: new RegExp(`handles topic "${MissionCompleted.topic}" both raw and by event type`),
      },
    )
  })

  it('is a transport of its own, with no transport events', () => {
    const { autoStart: _a, ...options } = offlineOptions()
    const transport = new SpoolTransport(options)
    assert.equal(transport.transportId, SPOOL_TRANSPORT)
    assert.equal(transport.unwrap(), transport.bus)
    assert.throws(() => transport.on(), UnsupportedError)
  })
})
