import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { createBus } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { isSpoolError } from '@spool/errors'
import { pino } from 'pino'
import { z } from 'zod'

const Ping = defineEvent({ type: 'ping', topic: 'pings', schema: z.object({ n: z.number() }) })
const silent = pino({ level: 'silent' })

/** A listening port that counts the connections it accepts. */
async function countingServer(t: { after(fn: () => unknown): void }) {
  let connections = 0
  const server = createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const { port } = server.address() as { port: number }
  return {
    address: `127.0.0.1:${port}`,
    /** Connects once itself and resolves with the count once that sentinel connection arrived. */
    async countAfterSentinel(): Promise<number> {
      const before = connections
      await new Promise<void>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1')
        socket.on('error', reject)
        socket.on('close', () => resolve())
      })
      while (connections === before) await new Promise((r) => setImmediate(r))
      return connections - 1
    },
  }
}

function invalidOption(message: string) {
  return (error: unknown) => {
    assert.ok(isSpoolError(error), `expected a SpoolError, got ${String(error)}`)
    assert.equal(error.code, 'SPOOL_ERR_INVALID_OPTION')
    assert.equal(error.message, message)
    return true
  }
}

test('createBus rejects a misspelt option by name before opening or connecting anything', async (t) => {
  const kafka = await countingServer(t)
  const dir = mkdtempSync(join(tmpdir(), 'spool-bus-options-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const offlinePath = join(dir, 'offline.db')
  assert.throws(
    () => createBus({ brokrs: [kafka.address], offlinePath, logger: silent } as never),
    invalidOption("createBus: unknown option 'brokrs' (did you mean 'brokers'?)"),
  )
  assert.throws(
    () => createBus({ brokers: [kafka.address], offlinePath, retry: { maxDelays: 1 } } as never),
    invalidOption("createBus: unknown option 'retry.maxDelays' (did you mean 'retry.maxDelay'?)"),
  )
  assert.throws(
    () => createBus({ brokers: [kafka.address], offlinePath, sessionTimeout: '30s' } as never),
    /^SpoolError: createBus: option 'sessionTimeout' /,
  )
  assert.throws(
    () => createBus({ brokers: [kafka.address], offlinePath, catalog: [{ type: 'ping' }] } as never),
    /^SpoolError: createBus: option 'catalog\[0\]' must be an event definition made by defineEvent$/,
  )
  assert.equal(existsSync(offlinePath), false, 'the offline spool was opened')
  assert.equal(await kafka.countAfterSentinel(), 0, 'the bus connected to Kafka')
})

test('createBus with valid options keeps them, resolved and frozen', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-bus-options-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const bus = createBus({
    brokers: ['127.0.0.1:1'],
    clientId: 'orders',
    catalog: [Ping],
    offlinePath: join(dir, 'offline.db'),
    logger: silent,
    retry: { attempts: 5 },
  })
  t.after(() => bus.close(100))
  assert.equal(bus.options.clientId, 'orders')
  assert.deepEqual(bus.options.retry, { attempts: 5, initialDelay: 100, maxDelay: 5_000, topics: [] })
  assert.equal(bus.options.logger, silent)
  assert.ok(Object.isFrozen(bus.options) && Object.isFrozen(bus.options.retry))
  assert.equal(bus.catalog?.has('ping'), true)
  assert.equal('catalog' in bus.options, false)
})

test('consumer, on and subscribe options: unknown keys and wrong values are named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-bus-options-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const bus = createBus({ catalog: [Ping], offlinePath: join(dir, 'offline.db'), logger: silent })
  t.after(() => bus.close(100))
  const handler = () => {}
  assert.throws(
    () => bus.on(Ping, handler, { gruop: 'xp' } as never),
    invalidOption("bus.on: unknown option 'gruop' (did you mean 'group'?)"),
  )
  assert.throws(
    () => bus.subscribe('raw', handler, { group: '' }),
    /^SpoolError: bus\.subscribe: option 'group' /,
  )
  assert.throws(
    () => bus.consumer({ group: 'billing', form: 'latest' } as never),
    invalidOption("bus.consumer: unknown option 'form' (did you mean 'from'?)"),
  )
  assert.throws(
    () => bus.consumer({ group: 'billing', retry: { atempts: 2 } } as never),
    invalidOption("bus.consumer: unknown option 'retry.atempts' (did you mean 'retry.attempts'?)"),
  )
  assert.throws(
    () => bus.consumer({ group: 'billing', from: 'newest' } as never),
    /^SpoolError: bus\.consumer: option 'from' /,
  )
  assert.throws(
    () => bus.consumer({ group: 'billing', idempotency: true } as never),
    /^SpoolError: bus\.consumer: option 'idempotency' must be false or an idempotency store/,
  )
  const billing = bus.consumer({ group: 'billing', from: 'latest', retry: { attempts: 4 } })
  assert.deepEqual(
    { from: billing.options.from, retry: billing.options.retry, lag: billing.options.lagInterval },
    { from: 'latest', retry: { attempts: 4 }, lag: 5_000 },
  )
  assert.ok(Object.isFrozen(billing.options))
  bus.on(Ping, handler, { group: 'xp' })
  assert.deepEqual(bus.consumers.get('xp')?.topics, ['pings'])
})

test('publish names an unknown per-call option before sending anything', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-bus-options-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const bus = createBus({ catalog: [Ping], offlinePath: join(dir, 'offline.db'), logger: silent })
  t.after(() => bus.close(100))
  await assert.rejects(
    bus.publish(Ping, { n: 1 }, { kye: 'k' } as never),
    invalidOption("bus.publish: unknown option 'kye' (did you mean 'key'?)"),
  )
  await assert.rejects(
    bus.publishBatch([{ event: Ping, data: { n: 1 }, options: { subjet: 'u1' } as never }]),
    invalidOption("bus.publish: unknown option 'subjet' (did you mean 'subject'?)"),
  )
  assert.equal(bus.health().spool.depth, 0, 'something was spooled')
})
