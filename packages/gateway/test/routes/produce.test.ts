import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import { auth, keys, makeBus, makeGateway } from '../helpers.ts'

const url = '/api/kafka/topics/orders/messages'

// Every case here is refused before anything reaches Kafka: the bus points at a closed port.
describe('gateway: POST /api/kafka/topics/:topic/messages refuses bad input', () => {
  const post = async (t: TestContext, payload: unknown) => {
    const gateway = makeGateway(t, { bus: makeBus(t) })
    const res = await gateway.inject({ method: 'POST', url, payload: payload as object })
    return { res, body: res.json() }
  }
  const issues = (body: { error: { issues?: Array<{ path: string; message: string }> } }) =>
    (body.error.issues ?? []).map((i) => `${i.path} ${i.message}`).sort()

  it('names every bad field: value missing, key and partition mistyped, unknown properties', async (t) => {
    const { res, body } = await post(t, { key: 5, partition: -1, color: 'red' })
    assert.equal(res.statusCode, 400)
    assert.equal(body.error.code, 'SPOOL_ERR_VALIDATION')
    assert.deepEqual(issues(body), [
      'color is not a known property',
      'key must be string,null',
      'partition must be >= 0',
      'value is required',
    ])
    assert.match(body.error.message, /partition must be >= 0/)
  })

  it('a partition must be an integer', async (t) => {
    for (const partition of [1.5, '1', null, 2 ** 31]) {
      const { res, body } = await post(t, { value: 'v', partition })
      assert.equal(res.statusCode, 400, JSON.stringify(partition))
      assert.deepEqual(
        body.error.issues.map((i: { path: string }) => i.path),
        ['partition'],
        JSON.stringify(partition),
      )
    }
  })

  it('headers must be an object of strings with names of 1-256 characters, at most 64', async (t) => {
    const mistyped = await post(t, { value: 'v', headers: { a: 1, b: { c: 'd' }, ok: 'fine', e: null } })
    assert.equal(mistyped.res.statusCode, 400)
    assert.deepEqual(issues(mistyped.body), [
      'headers.a must be string',
      'headers.b must be string',
      'headers.e must be string',
    ])
    const notObject = await post(t, { value: 'v', headers: ['a', 'b'] })
    assert.deepEqual(issues(notObject.body), ['headers must be object'])
    const longName = await post(t, { value: 'v', headers: { ['n'.repeat(257)]: 'x' } })
    assert.equal(longName.res.statusCode, 400)
    assert.deepEqual(
      longName.body.error.issues.map((i: { path: string }) => i.path),
      [`headers.${'n'.repeat(257)}`],
    )
    const many = await post(t, {
      value: 'v',
      headers: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`h${i}`, 'x'])),
    })
    assert.deepEqual(issues(many.body), ['headers must NOT have more than 64 properties'])
  })

  it('a topic name Kafka would refuse is a 400 naming the topic', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t) })
    const res = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/topics/bad%20name!/messages',
      payload: { value: 'v' },
    })
    assert.equal(res.statusCode, 400)
    assert.equal(res.json().error.code, 'SPOOL_ERR_INVALID_ARGUMENT')
    assert.equal(res.json().error.details.property, 'topic')
    assert.match(res.json().error.message, /"bad name!"/)
  })

  it('needs the publish role and counts against the publish rate limit', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), auth, rateLimit: { max: 2, timeWindow: 60_000 } })
    const post = (key?: { key: string }) =>
      gateway.inject({
        method: 'POST',
        url,
        payload: { partition: -1 }, // invalid: every accepted call stops at validation
        headers: key ? { 'x-api-key': key.key } : {},
      })
    assert.equal((await post()).statusCode, 401)
    const reader = await post(keys.reader)
    assert.equal(reader.statusCode, 403)
    assert.match(reader.json().error.message, /"dashboard" lacks the "publish" role/)
    assert.equal((await post(keys.publisher)).statusCode, 400, 'past auth: the body is the only problem')
    assert.equal((await post(keys.publisher)).statusCode, 400)
    const limited = await post(keys.publisher)
    assert.equal(limited.statusCode, 429)
    assert.equal(limited.json().error.code, 'SPOOL_ERR_RATE_LIMITED')
    assert.equal((await post(keys.admin)).statusCode, 400, 'admin holds every role, with its own budget')
  })

  it('Kafka unreachable is a 503 SPOOL_ERR_KAFKA_UNAVAILABLE, as on every admin route, not a 500', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t) })
    for (const [method, path] of [
      ['POST', url],
      ['GET', '/api/kafka/topics'],
    ] as const) {
      const res = await gateway.inject({
        method,
        url: path,
        payload: method === 'POST' ? { value: 'v' } : undefined,
      })
      assert.equal(res.statusCode, 503, `${method} ${path}: ${res.body}`)
      assert.equal(res.json().error.code, 'SPOOL_ERR_KAFKA_UNAVAILABLE')
      assert.match(res.json().error.message, /Kafka at 127\.0\.0\.1:1 is unreachable/)
    }
  })

  it('is in the OpenAPI document with its body and its 201/202 replies', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), docs: true })
    const doc = (await gateway.inject({ url: '/api/openapi.json' })).json()
    const op = doc.paths['/api/kafka/topics/{topic}/messages'].post
    assert.ok(op, 'POST /api/kafka/topics/{topic}/messages is documented')
    assert.deepEqual(op.tags, ['topics'])
    const schema = op.requestBody.content['application/json'].schema
    assert.deepEqual(schema.required, ['value'])
    assert.deepEqual(Object.keys(schema.properties).sort(), ['headers', 'key', 'partition', 'value'])
    for (const status of ['201', '202', '400', '404', '429']) assert.ok(op.responses[status], status)
    assert.ok(doc.paths['/api/kafka/topics/{topic}/messages'].get, 'the browser route is still there')
  })
})
