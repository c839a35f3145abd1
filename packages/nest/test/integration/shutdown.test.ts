import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { it } from 'node:test'
import { Injectable, Module } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { Bus, createBus } from '@spool/bus'
import { defineEvent, type EnvelopeOf } from '@spool/catalog'
import { SpoolHandler, SpoolModule } from '@spool/nest'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { z } from 'zod'
import { decorateClass, decorateMethod } from '../decorate.ts'
import { busOptions, closeAfter, quietLogger, waitFor } from '../helpers.ts'

function tickEvent() {
  const topic = uniqueName('nest-ticks')
  return defineEvent({ type: 'tick', topic, key: 'k', schema: z.object({ k: z.string(), seq: z.number() }) })
}

describeOnBrokers('nest: graceful shutdown', (target) => {
  it('app.close() lets handlers in flight finish and commit; a restarted app loses nothing', async (t) => {
    const Tick = tickEvent()
    const group = uniqueName('ticks')
    const handled = new Map<number, number>()
    let inFlight = 0
    class Ticks {
      async handle(event: EnvelopeOf<typeof Tick>) {
        inFlight++
        await new Promise((r) => setTimeout(r, 5))
        handled.set(event.data.seq, (handled.get(event.data.seq) ?? 0) + 1)
        inFlight--
      }
    }
    decorateMethod(Ticks, 'handle', SpoolHandler(Tick, { group }))
    decorateClass(Ticks, Injectable())
    const makeApp = async () => {
      class AppModule {}
      decorateClass(
        AppModule,
        Module({
          imports: [SpoolModule.forRoot({ ...busOptions(t, target), catalog: [Tick] })],
          providers: [Ticks],
        }),
      )
      return closeAfter(t, await NestFactory.createApplicationContext(AppModule, { logger: false }))
    }

    const first = await makeApp()
    const total = 400
    const bus = first.get(Bus)
    await bus.publishBatch(
      Array.from({ length: total }, (_, seq) => ({ event: Tick, data: { k: `k${seq % 8}`, seq } })),
    )
    await waitFor(() => handled.size > 50, 'consumption under way')
    await first.close()
    assert.equal(inFlight, 0, 'no handler was cut off')
    assert.ok(handled.size < total, 'closed mid-stream')
    const byFirst = handled.size

    await makeApp()
    await waitFor(() => handled.size === total, `all ${total} events handled`, 60_000)
    const twice = [...handled.values()].filter((n) => n > 1).length
    assert.equal(twice, 0, `events the first app handled were committed (${twice} handled twice)`)
    assert.ok(byFirst > 0)
  })

  it('SIGTERM with enableShutdownHooks drains the consumer before the process exits', async (t) => {
    const Tick = tickEvent()
    const group = uniqueName('ticks')
    const brokers = bootstrapList(target.bootstrap!)
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, '../fixtures/shutdown-app.ts'),
        brokers.join(','),
        uniqueName('child'),
        group,
        Tick.topic,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    t.after(() => child.kill('SIGKILL'))
    const lines: string[] = []
    child.stdout
      .setEncoding('utf8')
      .on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)))
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    )
    await waitFor(() => lines.includes('ready'), 'the child app', 60_000)

    const producer = createBus({
      brokers,
      clientId: uniqueName('producer'),
      catalog: [Tick],
      logger: quietLogger,
      offline: 'fail',
    })
    t.after(() => producer.close(5_000))
    const total = 200
    await producer.publishBatch(
      Array.from({ length: total }, (_, seq) => ({ event: Tick, data: { k: `k${seq % 4}`, seq } })),
    )
    const handledByChild = () => lines.filter((l) => l.startsWith('handled '))
    await waitFor(() => handledByChild().length > 20, 'the child handling events')
    child.kill('SIGTERM')
    const { code, signal } = await exited
    assert.ok(
      code === 0 || signal === 'SIGTERM',
      `the child shut down on SIGTERM (code ${code}, signal ${signal})`,
    )
    assert.ok(
      lines.includes('shutdown SIGTERM inFlight=0'),
      `handlers drained before shutdown hooks ran: ${lines.slice(-3)}`,
    )
    const first = new Set(handledByChild().map((l) => Number(l.slice(8))))
    assert.ok(first.size < total, 'stopped mid-stream')

    // The same group in this process picks up exactly where the child committed.
    const rest = new Map<number, number>()
    const consumer = createBus({
      brokers,
      clientId: uniqueName('after'),
      catalog: [Tick],
      logger: quietLogger,
    })
    t.after(() => consumer.close(5_000))
    consumer.consumer({ group }).on(Tick, (e) => void rest.set(e.data.seq, (rest.get(e.data.seq) ?? 0) + 1))
    await consumer.start()
    await waitFor(() => first.size + rest.size >= total, 'the rest handled after the restart', 60_000)
    const all = new Set([...first, ...rest.keys()])
    assert.equal(all.size, total, 'nothing lost')
    const again = [...rest.keys()].filter((s) => first.has(s))
    assert.deepEqual(again, [], 'events the child handled were committed before it exited')
  })
})
