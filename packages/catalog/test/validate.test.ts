import assert from 'node:assert/strict'
import { test } from 'node:test'
import { z } from 'zod'
import { ValidationError, validate } from '../src/index.ts'
import { isPromiseLike, toIssues } from '../src/validate.ts'
import { tinyObject } from './fixtures.ts'

test('a synchronous schema returns the value synchronously', () => {
  const out = validate(z.object({ a: z.string().default('x') }), {}, 't')
  assert.equal(isPromiseLike(out), false)
  assert.deepEqual(out, { a: 'x' })
})

test('an asynchronous schema returns a promise of the value', async () => {
  const out = validate(tinyObject({ a: 'string' }, { async: true }), { a: 'y' }, 't')
  assert.equal(isPromiseLike(out), true)
  assert.deepEqual(await out, { a: 'y' })
})

test('an asynchronous schema rejects with a ValidationError', async () => {
  await assert.rejects(
    async () => validate(tinyObject({ a: 'string' }, { async: true }), { a: 1 }, 't'),
    (err: unknown) => err instanceof ValidationError && err.issues[0].path === 'data.a',
  )
})

test('issues carry dotted paths under the root, with PathSegment objects and numbers', () => {
  const issues = toIssues(
    [
      { message: 'm1', path: ['items', 0, 'price'] },
      { message: 'm2', path: [{ key: 'a' }, { key: 1 }] },
      { message: 'm3' },
      { message: 'm4', path: [Symbol('s')] },
    ],
    'data',
  )
  assert.deepEqual(
    issues.map((i) => i.path),
    ['data.items.0.price', 'data.a.1', 'data', 'data.s'],
  )
})

test('every zod issue is reported, not only the first', () => {
  const schema = z.object({ a: z.string(), b: z.number(), c: z.object({ d: z.boolean() }) })
  assert.throws(
    () => validate(schema, { a: 1, b: 'x', c: { d: 'no' } }, 'x.y'),
    (err: unknown) => {
      assert.ok(err instanceof ValidationError)
      assert.deepEqual(
        err.issues.map((i) => i.path),
        ['data.a', 'data.b', 'data.c.d'],
      )
      assert.match(err.message, /^Event 'x\.y' data is invalid: data\.a: .*; data\.b: .*; data\.c\.d: /)
      return true
    },
  )
})

test('isPromiseLike accepts thenables and rejects plain values', () => {
  // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is what is tested here
  assert.equal(isPromiseLike({ then: () => {} }), true)
  assert.equal(isPromiseLike(Promise.resolve(1)), true)
  assert.equal(isPromiseLike({ value: 1 }), false)
  assert.equal(isPromiseLike(null), false)
})
