import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { catalog, makeBus, makeGateway } from '../helpers.ts'

describe('gateway: catalog, OpenAPI and health without Kafka', () => {
  it('GET /api/kafka/events lists every type with required fields, description, topic, version, schema, example', async (t) => {
    const events = catalog()
    const gateway = makeGateway(t, { bus: makeBus(t, { catalog: events.all }) })
    const res = await gateway.inject({ url: '/api/kafka/events' })
    assert.equal(res.statusCode, 200)
    const { status, data } = res.json()
    assert.equal(status, 'success')
    const mission = data.eventTypes['mission.completed']
    assert.deepEqual(mission.required, ['userId', 'missionId', 'missionName', 'duration', 'xpEarned'])
    assert.equal(mission.description, 'Published when a user completes a mission')
    assert.equal(mission.topic, events.missions)
    assert.equal(mission.version, 1)
    assert.equal(mission.schema.type, 'object')
    assert.equal(mission.schema.properties.duration.type, 'integer')
    assert.deepEqual(mission.example, events.MissionCompleted.example)
    assert.equal(data.eventTypes['notification.sent'].description, null)
  })

  it('serves an OpenAPI 3 document listing every route, and Swagger UI', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), docs: true, stream: {} })
    const doc = (await gateway.inject({ url: '/api/openapi.json' })).json()
    assert.match(doc.openapi, /^3\./)
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => `${m.toUpperCase()} ${path}`),
    )
    for (const route of [
      'POST /api/kafka/events',
      'GET /api/kafka/events',
      'GET /api/kafka/status',
      'POST /api/kafka/status',
      'GET /health',
      'GET /health/kafka',
      'GET /metrics',
      'GET /api/kafka/topics',
      'POST /api/kafka/topics',
      'GET /api/kafka/topics/{topic}',
      'DELETE /api/kafka/topics/{topic}',
      'GET /api/kafka/topics/{topic}/messages',
      'GET /api/kafka/groups',
      'GET /api/kafka/groups/{group}',
      'POST /api/kafka/groups/{group}/reset',
      'GET /api/kafka/dead-letters',
      'GET /api/kafka/dead-letters/{topic}',
      'POST /api/kafka/dead-letters/{topic}/redrive',
      'GET /api/kafka/stream',
    ]) {
      assert.ok(routes.includes(route), `${route} is documented`)
    }
    const publish = doc.paths['/api/kafka/events'].post
    assert.ok(publish.requestBody.content['application/json'].schema.properties.eventType)
    assert.ok(
      publish.responses['202'] &&
        publish.responses['400'] &&
        publish.responses['404'] &&
        publish.responses['413'],
    )
    const data = publish.requestBody.content['application/json'].schema.properties.data
    assert.deepEqual(
      data.oneOf.map((r: { $ref: string }) => r.$ref),
      ['#/components/schemas/event.mission.completed', '#/components/schemas/event.notification.sent'],
      "the catalog's payload schemas document the body",
    )
    const missionSchema = doc.components.schemas['event.mission.completed']
    assert.deepEqual(missionSchema.required, ['userId', 'missionId', 'missionName', 'duration', 'xpEarned'])
    assert.ok(missionSchema.example)
    const ui = await gateway.inject({ url: '/api/docs/' })
    assert.equal(ui.statusCode, 200)
    assert.match(ui.body, /swagger/i)
  })

  it('is live while Kafka is down, and /health/kafka says 503 with why', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t) })
    assert.equal((await gateway.inject({ url: '/health' })).json().data.status, 'up')
    const ready = await gateway.inject({ url: '/health/kafka' })
    assert.equal(ready.statusCode, 503)
    const body = ready.json()
    assert.equal(body.status, 'error')
    assert.equal(body.error.code, 'SPOOL_ERR_NOT_READY')
    assert.equal(body.data.broker.reachable, false)
    assert.equal(body.data.status, 'down')
    const metrics = await gateway.inject({ url: '/metrics' })
    assert.equal(metrics.statusCode, 200)
    assert.match(metrics.headers['content-type'] as string, /text\/plain/)
    assert.match(metrics.body, /spool_offline_spool_depth/)
  })

  it('GET /api/kafka/status has the seed shape', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t) })
    const { data } = (await gateway.inject({ url: '/api/kafka/status' })).json()
    assert.equal(data.consumerRunning, false)
    assert.equal(typeof data.timestamp, 'string')
    assert.deepEqual(data.consumers, [])
  })
})
