import assert from 'node:assert/strict'
import { test } from 'node:test'
import { z } from 'zod'
import { createCatalog, defineEvent, toAsyncAPI } from '../src/index.ts'
import { MissionCompleted, OrderPlaced, QuizCreated } from './fixtures.ts'

const Started = defineEvent({
  type: 'mission.started',
  topic: 'mission-events',
  version: 2,
  schema: z.object({ missionId: z.string() }),
})
const doc = createCatalog([MissionCompleted, OrderPlaced, QuizCreated, Started]).toAsyncAPI({
  title: 'Missions',
  version: '1.2.3',
  description: 'Events',
  servers: { dev: { host: 'localhost:9092', protocol: 'kafka' } },
})

type Obj = Record<string, any>

test('document header', () => {
  assert.equal(doc.asyncapi, '3.0.0')
  assert.deepEqual(doc.info, { title: 'Missions', version: '1.2.3', description: 'Events' })
  assert.equal(doc.defaultContentType, 'application/json')
  assert.deepEqual(doc.servers, { dev: { host: 'localhost:9092', protocol: 'kafka' } })
})

test('one channel per topic, addressed by the topic, listing its messages', () => {
  assert.deepEqual(Object.keys(doc.channels), ['mission-events', 'order-events', 'content.quiz.created'])
  const missions = doc.channels['mission-events'] as Obj
  assert.equal(missions.address, 'mission-events')
  assert.deepEqual(missions.messages, {
    'mission.completed': { $ref: '#/components/messages/mission.completed' },
    'mission.started': { $ref: '#/components/messages/mission.started' },
  })
  assert.equal(missions.bindings.kafka.topic, 'mission-events')
})

test('one send operation per channel referencing its channel messages', () => {
  const op = doc.operations['mission-events.send'] as Obj
  assert.equal(op.action, 'send')
  assert.deepEqual(op.channel, { $ref: '#/channels/mission-events' })
  assert.deepEqual(op.messages, [
    { $ref: '#/channels/mission-events/messages/mission.completed' },
    { $ref: '#/channels/mission-events/messages/mission.started' },
  ])
})

test('messages carry the payload schema, headers, summary and example', () => {
  const message = doc.components.messages['mission.completed'] as Obj
  assert.equal(message.name, 'mission.completed')
  assert.equal(message.contentType, 'application/json')
  assert.equal(message.summary, 'Published when a user completes a mission')
  assert.equal(message.payload.schemaFormat, 'application/schema+json;version=draft-07')
  assert.deepEqual(message.payload.schema.required, [
    'userId',
    'missionId',
    'missionName',
    'duration',
    'xpEarned',
  ])
  assert.equal(message.headers.properties.ce_type.const, 'mission.completed')
  assert.deepEqual(message.examples, [{ name: 'example', payload: MissionCompleted.example }])
  assert.equal(
    (doc.components.messages['mission.started'] as Obj).headers.properties.ce_dataversion.const,
    '2',
  )
})

test('every $ref resolves inside the document', () => {
  const refs: string[] = []
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') refs.push(v)
      else walk(v)
    }
  }
  walk(doc)
  assert.ok(refs.length > 0)
  for (const ref of refs) {
    let node: unknown = doc
    for (const part of ref.slice(2).split('/')) node = (node as Obj)[part]
    assert.notEqual(node, undefined, ref)
  }
})

test('component keys are sanitised and kept unique', () => {
  const a = defineEvent({ type: 'a/b', topic: 't', schema: z.object({}) })
  const b = defineEvent({ type: 'a:b', topic: 't', schema: z.object({}) })
  const out = toAsyncAPI([a, b], { title: 't', version: '1' })
  assert.deepEqual(Object.keys(out.components.messages), ['a_b', 'a_b_2'])
  assert.equal((out.components.messages.a_b_2 as Obj).name, 'a:b')
  for (const key of Object.keys(out.components.messages)) assert.match(key, /^[a-zA-Z0-9._-]+$/)
})

test('the document is plain JSON', () => {
  assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc)
})
