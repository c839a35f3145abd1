import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSpoolError } from '@spool/errors'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { z } from 'zod'
import { definitionInternals } from '../src/define.ts'
import {
  DefinitionError,
  defineEvent,
  type EventData,
  type EventInput,
  type EventOptions,
  type EventTypeOf,
  type eventOptionsSchema,
  isEventDefinition,
} from '../src/index.ts'
import { MissionCompleted, type OrderPlaced, type QuizCreated, tinyObject } from './fixtures.ts'

const schema = z.object({ id: z.string() })

/** A definition object `defineEvent` refuses: SPOOL_ERR_INVALID_OPTION naming the option. */
function invalidDefinition(property: string, pattern?: RegExp) {
  return (err: unknown) => {
    assert.ok(isSpoolError(err), `expected a SpoolError, got ${String(err)}`)
    assert.equal(err.code, 'SPOOL_ERR_INVALID_OPTION')
    assert.ok(err.message.startsWith(`defineEvent: option '${property}' `), err.message)
    if (pattern) assert.match(err.message, pattern)
    return true
  }
}

/** A definition whose key or subject gives a value that is not text (found when data is encoded). */
function definitionError(property: string, pattern?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof DefinitionError, `expected DefinitionError, got ${String(err)}`)
    assert.equal(err.property, property)
    assert.equal(err.code, 'SPOOL_ERR_DEFINITION')
    if (pattern) assert.match(err.message, pattern)
    return true
  }
}

test('a definition keeps its properties, defaults version to 1 and is frozen', () => {
  assert.equal(MissionCompleted.type, 'mission.completed')
  assert.equal(MissionCompleted.topic, 'mission-events')
  assert.equal(MissionCompleted.version, 1)
  assert.equal(MissionCompleted.key, 'userId')
  assert.equal(MissionCompleted.description, 'Published when a user completes a mission')
  assert.ok(Object.isFrozen(MissionCompleted))
  assert.ok(isEventDefinition(MissionCompleted))
  assert.equal(isEventDefinition({ type: 'x', topic: 'y' }), false)
})

test('types are inferred from the schema', () => {
  const data: EventData<typeof MissionCompleted> = {
    userId: 'u',
    missionId: 'm',
    missionName: 'n',
    duration: 1,
    xpEarned: 0,
  }
  // @ts-expect-error xpEarned must be a number
  const bad: EventData<typeof MissionCompleted> = { ...data, xpEarned: '5' }
  // The input of a schema with a default may omit the field; the output always has it.
  const input: EventInput<typeof QuizCreated> = { quizId: 'q' }
  const output: EventData<typeof QuizCreated> = { quizId: 'q', title: 't' }
  const type: EventTypeOf<typeof OrderPlaced> = 'order.placed'
  // @ts-expect-error the type is a literal
  const wrongType: EventTypeOf<typeof OrderPlaced> = 'order.other'
  assert.ok(data && bad && input && output && type && wrongType)
})

test('key and subject accept only fields of the data (compile time)', () => {
  defineEvent({
    type: 'typed.key',
    topic: 't',
    schema,
    // @ts-expect-error 'nope' is not a field of the data
    key: 'nope',
  })
  defineEvent({ type: 'typed.key2', topic: 't', schema, key: (data) => data.id })
})

test('type must be a non-empty string', () => {
  assert.throws(() => defineEvent({ type: '', topic: 't', schema }), invalidDefinition('type'))
  assert.throws(
    () => defineEvent({ type: 5 as unknown as string, topic: 't', schema }),
    invalidDefinition('type'),
  )
})

test('legal Kafka topic names are accepted', () => {
  for (const topic of ['a', 'mission-events', 'content.quiz.created', 'A_b-C.9', 'x'.repeat(249), '...']) {
    assert.equal(defineEvent({ type: 'x', topic, schema }).topic, topic)
  }
})

test('bad topic names are rejected naming topic', () => {
  const bad = ['', '.', '..', 'has space', 'slash/topic', 'ünï', 'colon:x', 'x'.repeat(250)]
  for (const topic of bad) {
    assert.throws(() => defineEvent({ type: 'x', topic, schema }), invalidDefinition('topic'), topic)
  }
  assert.throws(
    () => defineEvent({ type: 'x', topic: 'x'.repeat(250), schema }),
    invalidDefinition('topic', /249/),
  )
})

test('version must be a positive integer', () => {
  for (const version of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => defineEvent({ type: 'x', topic: 't', schema, version }), invalidDefinition('version'))
  }
})

test('schema must implement Standard Schema v1', () => {
  for (const bad of [undefined, null, {}, { '~standard': { version: 2, validate: () => ({}) } }]) {
    assert.throws(
      () => defineEvent({ type: 'x', topic: 't', schema: bad as never }),
      invalidDefinition('schema', /Standard Schema/),
    )
  }
  assert.equal(defineEvent({ type: 'x', topic: 't', schema: tinyObject({ a: 'string' }) }).type, 'x')
})

test('upcasters must cover every version below version, when any are given', () => {
  const up = (d: unknown) => d
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, version: 3, upcasters: { 1: up } }),
    invalidDefinition('upcasters.2', /missing/),
  )
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, version: 2, upcasters: { 1: up, 2: up } }),
    invalidDefinition('upcasters.2', /not a version below 2/),
  )
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, version: 2, upcasters: { 1: 'no' as never } }),
    invalidDefinition('upcasters.1', /function/),
  )
  // No upcasters at all is allowed: old data is then validated as it is.
  assert.equal(defineEvent({ type: 'x', topic: 't', schema, version: 3 }).version, 3)
  const ok = defineEvent({ type: 'x', topic: 't', schema, version: 3, upcasters: { 1: up, 2: up } })
  assert.equal(ok[definitionInternals].upcastChain?.length, 3)
})

test('key and subject must be a field name or a function', () => {
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, key: 5 as never }),
    invalidDefinition('key'),
  )
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, subject: '' as never }),
    invalidDefinition('subject'),
  )
})

test('key accessors turn primitives into text and reject objects', () => {
  const def = defineEvent({
    type: 'x',
    topic: 't',
    schema: z.object({ n: z.number(), o: z.object({}) }),
    key: 'n',
    subject: 'o',
  })
  const internals = def[definitionInternals]
  assert.equal(internals.partitionKey?.({ n: 42, o: {} }), '42')
  assert.equal(internals.partitionKey?.({ o: {} }), undefined)
  assert.throws(
    () => internals.subject?.({ n: 1, o: {} }),
    definitionError('subject', /field 'o' gave a object/),
  )
  assert.equal(internals.versionText, '1')
})

test('an example that does not match the schema is rejected naming its fields', () => {
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, example: { id: 5 as unknown as string } }),
    invalidDefinition('example', /does not match the schema: example\.id/),
  )
})

test('description and jsonSchema are type-checked', () => {
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, description: 1 as never }),
    invalidDefinition('description'),
  )
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, jsonSchema: 'x' as never }),
    invalidDefinition('jsonSchema'),
  )
  assert.throws(() => defineEvent(null as never), invalidDefinition('(options)'))
})

test('an unknown key of the definition is named, with the nearest known one', () => {
  assert.throws(
    () => defineEvent({ type: 'x', topc: 't', schema } as never),
    (err: unknown) =>
      isSpoolError(err) &&
      err.code === 'SPOOL_ERR_INVALID_OPTION' &&
      err.message === "defineEvent: unknown option 'topc' (did you mean 'topic'?)",
  )
  assert.throws(
    () => defineEvent({ type: 'x', topic: 't', schema, descripton: 'd' } as never),
    /unknown option 'descripton' \(did you mean 'description'\?\)/,
  )
})

test('the schema, its key functions and its example pass through as given', () => {
  const key = (data: { id: string }) => data.id
  const example = { id: 'a' }
  const def = defineEvent({ type: 'x', topic: 't', schema, key, example })
  assert.equal(def.schema, schema)
  assert.equal(def.key, key)
  assert.equal(def.example, example)
  assert.ok(!Object.isFrozen(example))
})

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

test('EventOptions and the schema defineEvent checks have the same keys (compile time)', () => {
  const same: Equal<keyof EventOptions<string, StandardSchemaV1>, keyof z.input<typeof eventOptionsSchema>> =
    true
  assert.ok(same)
})
