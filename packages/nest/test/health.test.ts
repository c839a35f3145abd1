import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { Module, ServiceUnavailableException } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { HealthCheckService, TerminusModule } from '@nestjs/terminus'
import { SpoolHealthIndicator, SpoolModule, type SpoolModuleOptions } from '@spool/nest'
import { decorateClass } from './decorate.ts'
import { closeAfter, offlineOptions } from './helpers.ts'

// A bus that has not reached Kafka (yet): the mapping from bus.health() to Terminus, without a broker.
async function check(t: import('node:test').TestContext, options: SpoolModuleOptions) {
  class AppModule {}
  decorateClass(
    AppModule,
    Module({
      imports: [
        SpoolModule.forRoot({ ...offlineOptions(), ...options }),
        TerminusModule.forRoot({ logger: false }),
      ],
      providers: [SpoolHealthIndicator],
    }),
  )
  const app = closeAfter(t, await NestFactory.createApplicationContext(AppModule, { logger: false }))
  const indicator = app.get(SpoolHealthIndicator)
  return app.get(HealthCheckService).check([() => indicator.isHealthy('broker')])
}

describe('nest: SpoolHealthIndicator without Kafka', () => {
  it('is degraded while the offline spool takes events', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-nest-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const result = await check(t, { offline: 'spool', offlinePath: join(dir, 'offline.db') })
    assert.equal(result.status, 'degraded')
    assert.deepEqual(result.details.broker, {
      status: 'degraded',
      state: 'degraded',
      brokers: ['127.0.0.1:1'],
      producer: { connected: false, lastError: undefined },
      consumers: [],
      spool: { enabled: true, depth: 0 },
    })
  })

  it('is down without a spool, and Terminus answers 503', async (t) => {
    await assert.rejects(check(t, { offline: 'fail' }), (error: unknown) => {
      assert.ok(error instanceof ServiceUnavailableException)
      const body = error.getResponse() as { status: string; error: { broker: { status: string } } }
      assert.equal(body.status, 'error')
      assert.equal(body.error.broker.status, 'down')
      return true
    })
  })
})
