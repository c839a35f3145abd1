import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { createBus } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { waitFor } from '@spool/testing'
import { pino } from 'pino'
import { z } from 'zod'

const Ping = defineEvent({ type: 'ping', topic: 'pings', schema: z.object({ n: z.number() }) })

/** A loopback port with nothing listening on it (connections are refused at once). */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

it('starts with Kafka unreachable and keeps publishes in the offline spool', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-unreachable-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const bus = createBus({
    brokers: [`127.0.0.1:${await closedPort()}`],
    catalog: [Ping],
    offlinePath: join(dir, 'offline.db'),
    logger: pino({ level: 'silent' }),
    retries: 0,
    connectionTimeout: 500,
  })
  t.after(() => bus.close(500))
  await bus.connect()
  assert.equal(bus.isProducerConnected(), false)
  const receipt = await bus.publish(Ping, { n: 1 })
  assert.equal(receipt.spooled, true)
  assert.equal(receipt.offset, undefined)
  // Kafka has not answered once: down (not merely degraded), and the reason says so.
  const health = bus.health()
  assert.equal(health.status, 'down')
  assert.match(health.reason ?? '', /has not answered since the start: Cannot connect to any broker/)
  assert.equal(health.spool.depth, 1)
})

it('with offline "fail", connect and publish fail fast instead', async (t) => {
  const bus = createBus({
    brokers: [`127.0.0.1:${await closedPort()}`],
    catalog: [Ping],
    offline: 'fail',
    logger: pino({ level: 'silent' }),
    retries: 0,
    connectionTimeout: 500,
  })
  t.after(() => bus.close(500))
  const started = Date.now()
  await assert.rejects(bus.connect())
  assert.ok(Date.now() - started < 5_000, 'fails fast')
  assert.equal(bus.health().status, 'down')
})

it('an empty spool does not make the producer connected: only an answer from Kafka does', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-unreachable-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const lines: string[] = []
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) })
  const bus = createBus({
    brokers: [`127.0.0.1:${await closedPort()}`],
    catalog: [Ping],
    offlinePath: join(dir, 'offline.db'),
    logger,
    retries: 0,
    connectionTimeout: 500,
  })
  t.after(() => bus.close(500))
  await bus.connect()
  // The spool's delivery loop ran with nothing to deliver, twice, and asked Kafka each time (or,
  // as it once did, announced Kafka back without asking).
  await waitFor(
    () =>
      lines.some((l) => l.includes('Kafka reachable again')) ||
      lines.filter((l) => l.includes('Kafka still unreachable')).length >= 2,
    'two delivery rounds with an empty spool',
    10_000,
  )
  assert.equal(bus.isProducerConnected(), false)
  assert.equal(bus.health().status, 'down')
  assert.equal(bus.health().producer.connected, false)
  assert.ok(!lines.some((l) => l.includes('Kafka reachable again')), 'never announced as reachable')
})
