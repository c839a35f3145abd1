import assert from 'node:assert/strict'
import { it } from 'node:test'
import { startBroker, type Target } from '@spool/testing'
import { events, makeBus } from './helpers.ts'

const users = [{ username: 'alice', password: 'right' }]

it('wrong SASL credentials: connect() fails at once naming the mechanism and the user', async (t) => {
  const broker = await startBroker({ memory: true, sasl: { users } })
  t.after(() => broker.stop())
  const target: Target = { name: 'embedded', bootstrap: broker.bootstrap }
  const { OrderPlaced } = events('sasl')
  // The defaults (startup in the background, offline spool) would keep trying an unreachable
  // Kafka; refused credentials are not that.
  const bus = makeBus(t, target, [OrderPlaced], {
    sasl: { mechanism: 'scram-sha-256', username: 'alice', password: 'wrong' },
  })
  const started = Date.now()
  await assert.rejects(bus.connect(), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'SPOOL_ERR_KAFKA_AUTH')
    assert.match(error.message, /refused to authenticate the client, SASL SCRAM-SHA-256 as user "alice"/)
    return true
  })
  assert.ok(Date.now() - started < 5_000, `failed in ${Date.now() - started} ms`)
})

it('wrong SASL user: start() fails naming the mechanism and the user; right ones work', async (t) => {
  const broker = await startBroker({ memory: true, sasl: { users } })
  t.after(() => broker.stop())
  const target: Target = { name: 'embedded', bootstrap: broker.bootstrap }
  const { OrderPlaced } = events('sasl-start')
  const wrong = makeBus(t, target, [OrderPlaced], {
    sasl: { mechanism: 'plain', username: 'mallory', password: 'right' },
  })
  wrong.on(OrderPlaced, () => {})
  await assert.rejects(wrong.start(), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'SPOOL_ERR_KAFKA_AUTH')
    assert.match(error.message, /SASL PLAIN as user "mallory"/)
    return true
  })
  const right = makeBus(t, target, [OrderPlaced], {
    sasl: { mechanism: 'plain', username: 'alice', password: 'right' },
  })
  await right.connect()
  assert.equal(right.isProducerConnected(), true)
})

it('a missing topic with auto-create off: publish and start fail soon, naming the topic', {
  timeout: 60_000,
}, async (t) => {
  const broker = await startBroker({ memory: true, autoCreateTopics: false })
  t.after(() => broker.stop())
  const target: Target = { name: 'embedded', bootstrap: broker.bootstrap }
  const { OrderPlaced, orders } = events('missing')
  const bus = makeBus(t, target, [OrderPlaced], { ensureTopics: false })
  await bus.connect()
  const named = (error: Error & { code?: string }) => {
    assert.equal(error.code, 'SPOOL_ERR_NOT_FOUND', error.message)
    assert.ok(error.message.includes(`topic "${orders}" does not exist`), error.message)
    assert.match(error.message, /auto\.create\.topics\.enable is off/)
    return true
  }
  let started = Date.now()
  await assert.rejects(bus.publish(OrderPlaced, { orderId: 'o', customerId: 'c', total: 1, seq: 1 }), named)
  assert.ok(Date.now() - started < 5_000, `publish failed after ${Date.now() - started} ms`)
  assert.equal(bus.health().spool.depth, 0, 'not spooled: Kafka answered')
  bus.on(OrderPlaced, () => {})
  started = Date.now()
  await assert.rejects(bus.start(), named)
  assert.ok(Date.now() - started < 5_000, `start failed after ${Date.now() - started} ms`)
})
