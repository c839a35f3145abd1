/**
 * The decorators as users write them. Node runs no decorator syntax, so the fixtures are compiled
 * with the repository's TypeScript (`tsc`, native in TypeScript 7) — type-checked, as in a NestJS
 * build — into a folder under node_modules/.cache from where their imports resolve, then run.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { after, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { NestFactory } from '@nestjs/core'
import type { MicroserviceOptions } from '@nestjs/microservices'
import { createBus } from '@spool/bus'
import { SpoolLifecycle, SpoolTransport } from '@spool/nest'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { busOptions, closeAfter, waitFor } from '../helpers.ts'

const packageDir = join(import.meta.dirname, '../..')
const outDir = join(packageDir, 'node_modules/.cache', uniqueName('spool-nest-compiled'))
after(() => rmSync(outDir, { recursive: true, force: true }))

const compiled = new Map<string, Promise<string>>()
/** Compiles `test/fixtures/<name>/app.mts` once per process; resolves to the compiled module's URL. */
function compile(name: 'decorated' | 'standard'): Promise<string> {
  let done = compiled.get(name)
  if (!done) {
    const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc')
    const out = join(outDir, name)
    mkdirSync(out, { recursive: true })
    done = new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [tsc, '-p', join(packageDir, 'test/fixtures', name, 'tsconfig.json'), '--outDir', out],
        { timeout: 120_000 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`tsc failed on the ${name} fixture:\n${stdout}${stderr}`))
          else resolve(pathToFileURL(join(out, 'nest/test/fixtures', name, 'app.mjs')).href)
        },
      )
    })
    compiled.set(name, done)
  }
  return done
}

describeOnBrokers('nest: decorators compiled by TypeScript', (target) => {
  it('experimentalDecorators + emitDecoratorMetadata: injection by type, @SpoolHandler, @EventPattern/@Payload/@Ctx', async (t) => {
    const fixture = await import(await compile('decorated'))
    const events = fixture.events(uniqueName('c-missions'), uniqueName('c-payments'))
    const group = uniqueName('compiled')
    const { env: _env, ...options } = busOptions(t, target)
    const bus = createBus({
      ...options,
      catalog: [events.MissionCompleted, events.PaymentCompleted],
      retry: { attempts: 1, topics: [] },
    })
    const { AppModule, Missions, XpHandlers, Payments } = fixture.build({ events, group, bus })
    const app = closeAfter(
      t,
      await NestFactory.createMicroservice<MicroserviceOptions>(AppModule, {
        strategy: new SpoolTransport({ bus, group: `${group}-payments` }),
        logger: false,
      }),
    )
    await app.listen()
    assert.equal(app.get(Missions).bus, bus, 'Bus injected by its emitted parameter type')
    assert.equal(
      app.get(Payments).missions,
      app.get(Missions),
      'a provider injected into a controller by type',
    )

    await bus.publish(events.PaymentCompleted, { paymentId: 'p1', userId: 'u1', amount: 42 })
    await bus.publish(events.PaymentCompleted, { paymentId: 'refund', userId: 'u2', amount: -5 })
    // payment (transport) -> Missions.complete (typed publisher) -> XpHandlers.award (@SpoolHandler)
    const xp = app.get(XpHandlers)
    await waitFor(() => xp.awarded.length === 1, 'the mission event handled')
    assert.deepEqual(xp.awarded, [{ userId: 'u1', xp: 42, group }])
    assert.deepEqual(app.get(Payments).paid, [
      { paymentId: 'p1', topic: events.PaymentCompleted.topic, attempt: 1 },
    ])
    await waitFor(
      () => bus.consumer(`${group}-payments`).status().deadLettered === 1,
      'the refund dead-lettered',
    )
    const [dead] = await bus.deadLetters.list(`${events.PaymentCompleted.topic}.dlq`)
    assert.equal(dead!.error.message, 'refunds are not payments: refund')
  })

  it('standard (TC39) decorators: @SpoolHandler and @SpoolTopicHandler are found at bootstrap', async (t) => {
    const fixture = await import(await compile('standard'))
    const events = fixture.events(uniqueName('s-missions'))
    const rawTopic = uniqueName('s-raw')
    const group = uniqueName('standard')
    const { env: _env, ...options } = busOptions(t, target)
    const bus = createBus({ ...options, catalog: [events.MissionCompleted] })
    const { AppModule, XpHandlers } = fixture.build({ events, rawTopic, group, bus })
    const app = closeAfter(t, await NestFactory.createApplicationContext(AppModule, { logger: false }))
    assert.deepEqual(
      app
        .get(SpoolLifecycle)
        .handlers.map((h) => h.source)
        .sort(),
      ['XpHandlers.award', 'XpHandlers.legacy'],
    )
    await bus.publish(events.MissionCompleted, { userId: 'u9', xpEarned: 3 })
    await bus.sendMessage({ topic: rawTopic, value: 'plain text' })
    const xp = app.get(XpHandlers)
    await waitFor(() => xp.awarded.length === 1 && xp.raw.length === 1, 'both handlers')
    assert.deepEqual(xp.awarded, [{ userId: 'u9', attempt: 1 }])
    assert.deepEqual(xp.raw, ['plain text'])
  })
})
