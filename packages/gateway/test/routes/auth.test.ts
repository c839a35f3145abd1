import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { auth, keys, makeBus, makeGateway } from '../helpers.ts'

describe('gateway: API keys and roles', () => {
  it('with auth on, only /health answers without a key', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), auth, docs: true })
    assert.equal((await gateway.inject({ url: '/health' })).statusCode, 200)
    for (const url of [
      '/health/kafka',
      '/metrics',
      '/api/kafka/events',
      '/api/kafka/status',
      '/api/kafka/topics',
      '/api/kafka/groups',
      '/api/kafka/dead-letters',
      '/api/openapi.json',
      '/api/docs',
      '/api/kafka/stream',
      '/api/kafka/no-such-route',
    ]) {
      const res = await gateway.inject({ url })
      assert.equal(res.statusCode, 401, `${url} without a key: ${res.body}`)
      assert.equal(res.json().error.code, 'SPOOL_ERR_UNAUTHORIZED')
    }
    const post = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/events',
      payload: { eventType: 'x', data: {} },
    })
    assert.equal(post.statusCode, 401, 'publishing needs a key too')
  })

  it('accepts the key in x-api-key or as a bearer token, and refuses unknown keys', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), auth })
    assert.equal(
      (await gateway.inject({ url: '/api/kafka/events', headers: { 'x-api-key': keys.reader.key } }))
        .statusCode,
      200,
    )
    assert.equal(
      (
        await gateway.inject({
          url: '/api/kafka/events',
          headers: { authorization: `Bearer ${keys.reader.key}` },
        })
      ).statusCode,
      200,
    )
    const wrong = await gateway.inject({
      url: '/api/kafka/events',
      headers: { 'x-api-key': 'not-a-key-at-all' },
    })
    assert.equal(wrong.statusCode, 401)
    assert.equal(wrong.json().error.message, 'unknown API key')
    const query = await gateway.inject({ url: `/api/kafka/events?apiKey=${keys.reader.key}` })
    assert.equal(query.statusCode, 401, 'a key in the query string is only for the stream')
  })

  it('enforces roles: read cannot publish or administer, publish cannot read, admin can do all', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), auth })
    const as = (k: { key: string }) => ({ 'x-api-key': k.key })
    const publishBody = { eventType: 'mission.exploded', data: {} }
    const readerPublish = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/events',
      payload: publishBody,
      headers: as(keys.reader),
    })
    assert.equal(readerPublish.statusCode, 403)
    assert.match(readerPublish.json().error.message, /"dashboard" lacks the "publish" role/)
    const readerAdmin = await gateway.inject({
      method: 'DELETE',
      url: '/api/kafka/topics/x',
      headers: as(keys.reader),
    })
    assert.equal(readerAdmin.statusCode, 403)
    const publisherRead = await gateway.inject({ url: '/api/kafka/events', headers: as(keys.publisher) })
    assert.equal(publisherRead.statusCode, 403)
    const publisherPublish = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/events',
      payload: publishBody,
      headers: as(keys.publisher),
    })
    assert.equal(publisherPublish.statusCode, 404, 'past auth: the unknown type is the only problem')
    const adminPublish = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/events',
      payload: publishBody,
      headers: as(keys.admin),
    })
    assert.equal(adminPublish.statusCode, 404)
    const adminStatus = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/status',
      payload: { action: 'pause' },
      headers: as(keys.admin),
    })
    assert.equal(adminStatus.statusCode, 200)
  })

  it('refuses bad key lists at construction, naming the property', async (t) => {
    const bus = makeBus(t)
    assert.throws(() => makeGateway(t, { bus, auth: { keys: [] } }), /auth\.keys/)
    assert.throws(
      () => makeGateway(t, { bus, auth: { keys: [{ key: 'short', roles: ['read'] }] } }),
      /auth\.keys\[0\]\.key/,
    )
    assert.throws(
      () => makeGateway(t, { bus, auth: { keys: [{ key: 'long-enough-key', roles: ['root' as never] }] } }),
      /auth\.keys\[0\]\.roles/,
    )
  })
})

describe('gateway: publish rate limit', () => {
  it('answers 429 past the limit, per client, and keeps other routes open', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), auth, rateLimit: { max: 3, timeWindow: 60_000 } })
    const publish = (key: string) =>
      gateway.inject({
        method: 'POST',
        url: '/api/kafka/events',
        payload: { eventType: 'x', data: {} },
        headers: { 'x-api-key': key },
      })
    for (let i = 0; i < 3; i++) assert.equal((await publish(keys.publisher.key)).statusCode, 404)
    const limited = await publish(keys.publisher.key)
    assert.equal(limited.statusCode, 429)
    assert.equal(limited.json().error.code, 'SPOOL_ERR_RATE_LIMITED')
    assert.match(limited.json().error.message, /at most 3 publishes/)
    assert.ok(limited.headers['retry-after'], 'says when to retry')
    assert.equal((await publish(keys.admin.key)).statusCode, 404, 'another key has its own budget')
    assert.equal(
      (await gateway.inject({ url: '/api/kafka/events', headers: { 'x-api-key': keys.reader.key } }))
        .statusCode,
      200,
    )
  })
})
