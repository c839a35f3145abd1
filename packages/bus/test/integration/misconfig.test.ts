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
