import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Controller, Injectable, Module, Scope } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { Bus } from '@spool/bus'
import {
  HandlerRegistrationError,
  SpoolHandler,
  SpoolLifecycle,
  SpoolModule,
  type SpoolModuleOptions,
  SpoolTopicHandler,
} from '@spool/nest'
import { decorateClass, decorateMethod } from '../decorate.ts'
import { closeAfter, events, offlineOptions } from '../helpers.ts'

const { MissionCompleted, PaymentCompleted } = events('explorer')

async function appWith(
  t: import('node:test').TestContext,
  providers: unknown[],
  controllers: unknown[] = [],
  extra: SpoolModuleOptions = {},
) {
  class AppModule {}
  decorateClass(
    AppModule,
    Module({
      imports: [
        SpoolModule.forRoot({ ...offlineOptions(), catalog: [MissionCompleted, PaymentCompleted], ...extra }),
      ],
      providers: providers as never[],
      controllers: controllers as never[],
    }),
  )
  return closeAfter(
    t,
    await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false }),
  )
}

describe('nest: handler discovery', () => {
  it('binds handlers of providers and controllers to their instances, in groups with merged options', async (t) => {
    const calls: unknown[] = []
    class Xp {
      readonly name = 'xp'
      award() {
        calls.push(this.name)
      }
      audit() {}
    }
    decorateMethod(Xp, 'award', SpoolHandler(MissionCompleted))
    decorateMethod(Xp, 'audit', SpoolHandler(PaymentCompleted, { group: 'audit', retry: { attempts: 7 } }))
    decorateClass(Xp, Injectable())
    class Legacy {
      raw() {}
    }
    decorateMethod(
      Legacy,
      'raw',
      SpoolTopicHandler(['a', 'b'], { group: 'audit', retry: { attempts: 7 }, from: 'latest' }),
    )
    decorateClass(Legacy, Controller())

    const app = await appWith(t, [Xp], [Legacy], {
      group: 'xp-service',
      consumer: { unknownEvents: 'dead-letter' },
    })
    const bus = app.get(Bus)
    assert.deepEqual(
      app
        .get(SpoolLifecycle)
        .handlers.map((h) => `${h.group} ${h.subject} ${h.source}`)
        .sort(),
      [
        'audit payment.completed Xp.audit',
        'audit topic:a Legacy.raw',
        'audit topic:b Legacy.raw',
        'xp-service mission.completed Xp.award',
      ],
    )
    const xpService = bus.consumer('xp-service')
    assert.deepEqual(xpService.topics, [MissionCompleted.topic])
    assert.equal(xpService.options.unknownEvents, 'dead-letter', 'module consumer defaults apply')
    const audit = bus.consumer('audit')
    assert.deepEqual(audit.topics.sort(), [PaymentCompleted.topic, 'a', 'b'].sort())
    assert.equal(audit.options.from, 'latest', 'one handler set it; the group has it')
    assert.equal(audit.options.retry?.attempts, 7)
    assert.equal(xpService.state, 'idle', 'autoStart: false leaves groups idle')
    assert.deepEqual(calls, [])
  })

  it('defaults the group to the bus clientId', async (t) => {
    class Xp {
      award() {}
    }
    decorateMethod(Xp, 'award', SpoolHandler(MissionCompleted))
    decorateClass(Xp, Injectable())
    const app = await appWith(t, [Xp], [], { clientId: 'content-service' })
    assert.deepEqual(
      app.get(SpoolLifecycle).handlers.map((h) => h.group),
      ['content-service'],
    )
  })

  const failures: Array<[string, () => unknown[], RegExp]> = [
    [
      'handlers of one group that disagree on an option',
      () => {
        class A {
          one() {}
          two() {}
        }
        decorateMethod(A, 'one', SpoolHandler(MissionCompleted, { group: 'g', retry: { attempts: 2 } }))
        decorateMethod(A, 'two', SpoolHandler(PaymentCompleted, { group: 'g', retry: { attempts: 3 } }))
        decorateClass(A, Injectable())
        return [A]
      },
      /handlers of consumer group "g" disagree on option "retry": A\.(one|two) and A\.(one|two)/,
    ],
    [
      'two handlers of one event type in one group',
      () => {
        class A {
          one() {}
        }
        class B {
          two() {}
        }
        decorateMethod(A, 'one', SpoolHandler(MissionCompleted, { group: 'g' }))
        decorateMethod(B, 'two', SpoolHandler(MissionCompleted, { group: 'g' }))
        decorateClass(A, Injectable())
        decorateClass(B, Injectable())
        return [A, B]
      },
      /B\.two: group "g" already has a handler for "mission\.completed"/,
    ],
    [
      'a handler in a request-scoped provider',
      () => {
        class PerRequest {
          one() {}
        }
        decorateMethod(PerRequest, 'one', SpoolHandler(MissionCompleted))
        decorateClass(PerRequest, Injectable({ scope: Scope.REQUEST }))
        class Singleton {}
        decorateClass(Singleton, Injectable())
        return [PerRequest, Singleton]
      },
      /PerRequest\.one handles events but its provider is request-scoped/,
    ],
  ]
  for (const [what, providers, message] of failures) {
    it(`refuses ${what}, naming the handlers`, async (t) => {
      await assert.rejects(appWith(t, providers()), (error: unknown) => {
        assert.ok(error instanceof HandlerRegistrationError, String(error))
        assert.equal(error.code, 'SPOOL_ERR_HANDLER')
        assert.match(error.message, message)
        return true
      })
    })
  }
})
