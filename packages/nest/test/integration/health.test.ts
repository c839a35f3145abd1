import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Injectable, Module, ServiceUnavailableException } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { HealthCheckService, TerminusModule } from '@nestjs/terminus'
import { Bus, createBus } from '@spool/bus'
import {
  SpoolHandler,
  type SpoolHealthDetails,
  SpoolHealthIndicator,
  SpoolModule,
  type SpoolModuleOptions,
} from '@spool/nest'
import { describeOnBrokers, realKafkaSkipReason, startKafka, uniqueName } from '@spool/testing'
import { decorateClass, decorateMethod } from '../decorate.ts'
import { busOptions, closeAfter, events, waitFor } from '../helpers.ts'

/** An app with a handler group and the health indicator, as a Terminus health module has it. */
async function healthApp(t: import('node:test').TestContext, options: SpoolModuleOptions, group: string) {
  const { MissionCompleted } = events('health')
  let mode: 'ok' | 'slow' | 'fail' = 'ok'
  class Xp {
    async award() {
      if (mode === 'fail') throw new Error('xp store down')
      if (mode === 'slow') await new Promise((r) => setTimeout(r, 150))
    }
  }
  decorateMethod(Xp, 'award', SpoolHandler(MissionCompleted, { group, lagInterval: 100 }))
  decorateClass(Xp, Injectable())
  class HealthModule {}
  decorateClass(
    HealthModule,
    Module({ imports: [TerminusModule.forRoot({ logger: false })], providers: [SpoolHealthIndicator] }),
  )
  class AppModule {}
  decorateClass(
    AppModule,
    Module({
      imports: [SpoolModule.forRoot({ ...options, catalog: [MissionCompleted] }), HealthModule],
      providers: [Xp],
    }),
  )
  const app = closeAfter(t, await NestFactory.createApplicationContext(AppModule, { logger: false }))
  const health = app.get(HealthCheckService)
  const indicator = app.get(SpoolHealthIndicator)
  const bus = app.get(Bus)
  return {
    app,
    bus,
    indicator,
    publish: (n = 1) =>
      Promise.all(
        Array.from({ length: n }, () =>
          bus.publish(MissionCompleted, { userId: 'u1', missionId: 'm', xpEarned: 1 }),
        ),
      ),
    check: (opts?: Parameters<SpoolHealthIndicator['isHealthy']>[1]) =>
      health.check([() => indicator.isHealthy('kafka', opts)]),
    handler: (m: typeof mode) => {
      mode = m
    },
  }
}

const kafkaDetails = (result: { details: Record<string, unknown> }) =>
  result.details.kafka as SpoolHealthDetails & { status: string }

describeOnBrokers('nest: Terminus health indicator', (target) => {
  it('reports up with details, then degraded for a paused group, lag and handler failures, down when asked', async (t) => {
    const group = uniqueName('xp')
    const h = await healthApp(t, { ...busOptions(t, target), retry: { attempts: 1, topics: [] } }, group)

    const up = await h.check()
    assert.equal(up.status, 'ok')
    const details = kafkaDetails(up)
    assert.equal(details.status, 'up')
    assert.equal(details.producer.connected, true)
    assert.deepEqual(
      details.consumers.map((c) => [c.group, c.state, c.lag]),
      [[group, 'running', 0]],
    )
    assert.deepEqual(details.spool, { enabled: true, depth: 0 })

    // A slow handler lets lag build up on a running group: over maxLag, that is degraded.
    h.handler('slow')
    await h.publish(10)
    await waitFor(() => h.bus.consumer(group).status().lag >= 4, 'lag sampled')
    assert.equal((await h.check()).status, 'ok', 'lag alone is not a problem by default')
    const lagging = await h.check({ maxLag: 2 })
    assert.equal(lagging.status, 'degraded')
    assert.ok(kafkaDetails(lagging).consumers[0]!.lag > 2)
    h.handler('ok')
    await waitFor(() => h.bus.consumer(group).status().handled === 10, 'the backlog handled')

    h.bus.consumer(group).pause()
    const paused = await h.check()
    assert.equal(paused.status, 'degraded', 'Terminus answers 200 for degraded')
    assert.equal(kafkaDetails(paused).consumers[0]!.state, 'paused')
    await assert.rejects(h.check({ degradedAs: 'down' }), (error: unknown) => {
      assert.ok(error instanceof ServiceUnavailableException)
      assert.equal(error.getStatus(), 503)
      return true
    })
    h.bus.consumer(group).resume()
    assert.equal((await h.check()).status, 'ok')

    h.handler('fail')
    await h.publish(1)
    await waitFor(() => h.bus.consumer(group).status().deadLettered === 1, 'the dead letter')
    const failing = await h.check()
    assert.equal(failing.status, 'degraded', 'a handler failed in the last minute')
    assert.equal(kafkaDetails(failing).consumers[0]!.lastError, 'xp store down')
    assert.equal(kafkaDetails(failing).consumers[0]!.deadLettered, 1)

    // The store is back: the next event handled clears the degradation; the error stays reported.
    h.handler('ok')
    await h.publish(1)
    await waitFor(() => h.bus.consumer(group).status().handled === 11, 'an event handled after the failure')
    const recovered = await h.check()
    assert.equal(recovered.status, 'ok')
    assert.equal(kafkaDetails(recovered).state, 'up')
    assert.equal(kafkaDetails(recovered).consumers[0]!.lastError, 'xp store down')
  })
})

it('nest: health follows Kafka going away — degraded while spooling, down without a spool, connected once back', {
  skip: realKafkaSkipReason(),
  timeout: 240_000,
}, async (t) => {
  const kafka = await startKafka({})
  t.after(() => kafka.stop())
  const fast = {
    brokers: kafka.bootstrap.split(','),
    retries: 1,
    initialRetryTime: 100,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    deliveryTimeout: 2_000,
  }
  const target = { name: 'kafka' as const, bootstrap: kafka.bootstrap }
  // The apps below give up on requests fast (to notice Kafka leaving quickly); let a patient bus
  // wait for the fresh cluster's group coordinator first.
  const { env: _env, ...patient } = busOptions(t, target)
  const warm = createBus(patient)
  warm.consumer({ group: uniqueName('warm-up') }).on(events('warm').MissionCompleted, () => {})
  await warm.start()
  await warm.close()
  const spooling = await healthApp(t, { ...busOptions(t, target), ...fast }, uniqueName('a'))
  const failing = await healthApp(t, { ...busOptions(t, target), ...fast, offline: 'fail' }, uniqueName('b'))
  assert.equal((await spooling.check()).status, 'ok')
  assert.equal((await failing.check()).status, 'ok')

  await kafka.nodes[0]!.kill()
  const [receipt] = await spooling.publish(1)
  assert.equal(receipt!.spooled, true, 'the publish went to the offline spool')
  await assert.rejects(failing.publish(1), { code: 'SPOOL_ERR_KAFKA_UNAVAILABLE' })

  const degraded = await spooling.check()
  assert.equal(degraded.status, 'degraded')
  assert.equal(kafkaDetails(degraded).producer.connected, false)
  assert.deepEqual(kafkaDetails(degraded).spool, { enabled: true, depth: 1 })
  await assert.rejects(failing.check(), (error: unknown) => {
    assert.ok(error instanceof ServiceUnavailableException)
    const body = error.getResponse() as {
      status: string
      error: { kafka: SpoolHealthDetails & { status: string } }
    }
    assert.equal(body.status, 'error')
    assert.equal(body.error.kafka.status, 'down')
    assert.equal(body.error.kafka.producer.connected, false)
    return true
  })

  await kafka.nodes[0]!.start()
  await waitFor(() => spooling.bus.health().spool.depth === 0, 'the spool delivered', 90_000)
  // Back: the producer reconnected, the group runs again and, once it handled the spooled event
  // after its connection errors, the bus is up again.
  await waitFor(
    () => spooling.bus.health().status === 'up',
    'up again after the spooled event was handled',
    30_000,
  )
  const back = kafkaDetails(await spooling.check())
  assert.equal(back.producer.connected, true)
  assert.deepEqual(back.spool, { enabled: true, depth: 0 })
  assert.equal(back.consumers[0]!.state, 'running')
})
