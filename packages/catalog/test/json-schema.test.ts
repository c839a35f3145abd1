import assert from 'node:assert/strict'
import { test } from 'node:test'
import { z } from 'zod'
import { createCatalog, defineEvent, eventJSONSchema, requiredFields } from '../src/index.ts'
import { MissionCompleted, OrderPlaced, QuizCreated, tinyObject } from './fixtures.ts'

test('zod schema: draft 2020-12 with the right required fields', () => {
  const schema = eventJSONSchema(OrderPlaced)
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema')
  assert.equal(schema.type, 'object')
  assert.deepEqual(schema.required, ['orderId', 'items'])
  const items = (schema.properties as Record<string, Record<string, unknown>>).items
  assert.equal(items.type, 'array')
  assert.deepEqual((items.items as Record<string, unknown>).required, ['sku', 'price'])
})

test('requiredFields leaves out optional fields and, for input, fields with defaults', () => {
  assert.deepEqual(requiredFields(MissionCompleted), [
    'userId',
    'missionId',
    'missionName',
    'duration',
    'xpEarned',
  ])
  assert.deepEqual(requiredFields(QuizCreated), ['quizId'])
  assert.deepEqual(eventJSONSchema(QuizCreated, { io: 'output' }).required, ['quizId', 'title'])
})

test('requiredFields is empty for a non-object schema', () => {
  const def = defineEvent({ type: 'str', topic: 't', schema: z.string() })
  assert.deepEqual(requiredFields(def), [])
})

test('unrepresentable zod parts become {} instead of throwing', () => {
  const def = defineEvent({ type: 'dated', topic: 't', schema: z.object({ at: z.date(), n: z.number() }) })
  const schema = eventJSONSchema(def)
  assert.deepEqual(schema.required, ['at', 'n'])
})

test('draft-07 target', () => {
  assert.equal(
    eventJSONSchema(OrderPlaced, { target: 'draft-07' }).$schema,
    'http://json-schema.org/draft-07/schema#',
  )
})

test('results are cached and deeply frozen', () => {
  const a = eventJSONSchema(OrderPlaced)
  assert.equal(eventJSONSchema(OrderPlaced), a)
  assert.ok(Object.isFrozen(a))
  assert.ok(Object.isFrozen(a.properties))
})

test('non-zod: Standard JSON Schema of the validator is used', () => {
  const def = defineEvent({
    type: 'tiny',
    topic: 't',
    schema: tinyObject({ a: 'string', n: 'number' }, { jsonSchema: true }),
  })
  const schema = eventJSONSchema(def)
  assert.deepEqual(schema.required, ['a', 'n'])
  assert.deepEqual(schema.properties, { a: { type: 'string' }, n: { type: 'number' } })
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema')
})

test('non-zod without Standard JSON Schema: explicit jsonSchema, else {}', () => {
  const explicit = defineEvent({
    type: 'tiny.explicit',
    topic: 't',
    schema: tinyObject({ a: 'string' }),
    jsonSchema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
  })
  assert.deepEqual(requiredFields(explicit), ['a'])
  const bare = defineEvent({ type: 'tiny.bare', topic: 't', schema: tinyObject({ a: 'string' }) })
  assert.deepEqual(eventJSONSchema(bare), {})
  assert.deepEqual(requiredFields(bare), [])
})

test('an explicit jsonSchema wins over the zod conversion', () => {
  const def = defineEvent({
    type: 'z.explicit',
    topic: 't',
    schema: z.object({ a: z.string() }),
    jsonSchema: { type: 'object' },
  })
  assert.deepEqual(eventJSONSchema(def), {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
  })
})

test('catalog.toJSONSchema maps every type to its data schema', () => {
  const out = createCatalog([MissionCompleted, OrderPlaced]).toJSONSchema()
  assert.deepEqual(Object.keys(out), ['mission.completed', 'order.placed'])
  assert.equal(out['order.placed'], eventJSONSchema(OrderPlaced))
})
