import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { makeBus, makeGateway, mission } from '../helpers.ts'

// Every case here is refused before anything reaches Kafka: the bus points at a closed port.
describe('gateway: bad input to POST /api/kafka/events', () => {
  const post = async (
    t: import('node:test').TestContext,
    payload: unknown,
    headers: Record<string, string> = {},
  ) => {
    const gateway = makeGateway(t, { bus: makeBus(t) })
    const res = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/events',
      payload: payload as string,
      headers: { 'content-type': 'application/json', ...headers },
    })
    return { res, body: res.json(), gateway }
  }

  it('malformed JSON is a 400 SPOOL_ERR_BAD_JSON', async (t) => {
    const { res, body } = await post(t, '{"eventType": "mission.completed", "data": {')
    assert.equal(res.statusCode, 400)
    assert.equal(body.status, 'error')
    assert.equal(body.error.code, 'SPOOL_ERR_BAD_JSON')
  })

  it('a wrong content type is a 415', async (t) => {
    const { res, body } = await post(t, 'eventType=mission.completed', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    assert.equal(res.statusCode, 415)
    assert.equal(body.error.code, 'SPOOL_ERR_UNSUPPORTED_MEDIA_TYPE')
    const text = await post(t, 'hello', { 'content-type': 'text/plain' })
    assert.equal(text.res.statusCode, 415)
  })

  it('names every missing, mistyped and unknown field, envelope and data together', async (t) => {
    const { res, body } = await post(
      t,
      JSON.stringify({
        eventType: 'mission.completed',
        data: { userId: 'u1', missionId: 7, missionName: 'x', duration: -1 },
        userId: 42,
        color: 'red',
      }),
    )
    assert.equal(res.statusCode, 400)
    assert.equal(body.error.code, 'SPOOL_ERR_VALIDATION')
    const paths = body.error.issues.map((i: { path: string }) => i.path).sort()
    assert.deepEqual(paths, ['color', 'data.duration', 'data.missionId', 'data.xpEarned', 'userId'])
    assert.ok(body.error.issues.every((i: { message: string }) => i.message.length > 0))
    assert.match(body.error.message, /data\.missionId/)
  })

  it('a missing eventType and data are both named', async (t) => {
    const { res, body } = await post(t, JSON.stringify({}))
    assert.equal(res.statusCode, 400)
    assert.deepEqual(
      body.error.issues.map((i: { path: string; message: string }) => `${i.path} ${i.message}`).sort(),
      ['data is required', 'eventType is required'],
    )
  })

  it('an unknown event type is a 404 listing the known ones', async (t) => {
    const { res, body } = await post(t, JSON.stringify({ eventType: 'mission.exploded', data: {} }))
    assert.equal(res.statusCode, 404)
    assert.equal(body.error.code, 'SPOOL_ERR_UNKNOWN_EVENT')
    assert.match(body.error.message, /mission\.exploded.*mission\.completed/)
  })

  it('a 10 MB body is a 413 and the gateway keeps serving', async (t) => {
    const big = JSON.stringify({
      eventType: 'mission.completed',
      data: { ...mission(), missionName: 'x'.repeat(10 * 1_048_576) },
    })
    const { res, body, gateway } = await post(t, big)
    assert.equal(res.statusCode, 413)
    assert.equal(body.error.code, 'SPOOL_ERR_PAYLOAD_TOO_LARGE')
    assert.equal((await gateway.inject({ url: '/health' })).statusCode, 200)
  })

  it('a body that is not valid UTF-8 is a 400', async (t) => {
    const bytes = Buffer.concat([
      Buffer.from('{"eventType":"mission.completed","data":{"missionName":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}}'),
    ])
    const { res, body } = await post(t, bytes)
    assert.equal(res.statusCode, 400)
    assert.equal(body.error.code, 'SPOOL_ERR_BAD_JSON')
  })

  it('metadata must be CloudEvents extension names with scalar values', async (t) => {
    const { res, body } = await post(
      t,
      JSON.stringify({
        eventType: 'mission.completed',
        data: mission(),
        metadata: { Source: 'x', ok: { nested: 1 } },
      }),
    )
    assert.equal(res.statusCode, 400)
    const paths = body.error.issues.map((i: { path: string }) => i.path).sort()
    assert.deepEqual(paths, ['metadata.Source', 'metadata.ok'])
  })

  it('an empty body with a JSON content type is a 400', async (t) => {
    const { res, body } = await post(t, '')
    assert.equal(res.statusCode, 400)
    assert.equal(body.error.code, 'SPOOL_ERR_BAD_JSON')
  })
})

describe('gateway: bad input to the admin routes', () => {
  it('refuses bad browse parameters, unknown routes and bad bodies with a clear 4xx', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t) })
    const cases: Array<[string, string, unknown, number, string]> = [
      ['GET', '/api/kafka/topics/orders/messages?offset=-1', undefined, 400, 'query.offset'],
      ['GET', '/api/kafka/topics/orders/messages?offset=abc', undefined, 400, 'query.offset'],
      ['GET', '/api/kafka/topics/orders/messages?partition=-2', undefined, 400, 'query.partition'],
      ['GET', '/api/kafka/topics/orders/messages?partition=x', undefined, 400, 'query.partition'],
      ['GET', '/api/kafka/topics/orders/messages?limit=5000', undefined, 400, 'query.limit'],
      ['GET', '/api/kafka/topics/orders/messages?from=middle', undefined, 400, 'query.from'],
      [
        'GET',
        '/api/kafka/topics/orders/messages?filter=' + 'x'.repeat(2_000),
        undefined,
        400,
        'query.filter',
      ],
      ['GET', '/api/kafka/topics/orders/messages?sort=asc', undefined, 400, 'query.sort'],
      ['POST', '/api/kafka/topics', { name: 'bad name!' }, 400, 'name'],
      ['POST', '/api/kafka/topics', { name: 'ok', partitions: 0 }, 400, 'partitions'],
      ['POST', '/api/kafka/groups/g1/reset', { topic: 't', to: 'sideways' }, 400, 'to'],
      ['POST', '/api/kafka/groups/g1/reset', { to: 'earliest' }, 400, 'topic'],
      ['POST', '/api/kafka/dead-letters/orders/redrive', {}, 400, 'params.topic'],
      [
        'POST',
        '/api/kafka/dead-letters/orders.dlq/redrive',
        { select: [{ partition: 0, offset: 'x' }] },
        400,
        'select.0.offset',
      ],
      ['POST', '/api/kafka/status', { action: 'explode' }, 400, 'action'],
    ]
    for (const [method, url, payload, status, path] of cases) {
      const res = await gateway.inject({ method: method as 'GET', url, payload: payload as object })
      assert.equal(res.statusCode, status, `${method} ${url}: ${res.body}`)
      const body = res.json()
      assert.equal(body.status, 'error')
      assert.ok(
        body.error.issues?.some((i: { path: string }) => i.path === path),
        `${method} ${url} names ${path}: ${res.body}`,
      )
    }
    const unknown = await gateway.inject({ url: '/api/kafka/nothing-here' })
    assert.equal(unknown.statusCode, 404)
    assert.equal(unknown.json().error.code, 'SPOOL_ERR_NOT_FOUND')
    const group = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/status',
      payload: { action: 'stop', group: 'ghost' },
    })
    assert.equal(group.statusCode, 404)
    assert.match(group.json().error.message, /ghost/)
    assert.equal((await gateway.inject({ url: '/health' })).statusCode, 200, 'still serving')
  })
})
