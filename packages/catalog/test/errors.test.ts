import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  AsyncSchemaError,
  DecodeError,
  DefinitionError,
  InvalidOptionError,
  SpoolCatalogError,
  UnknownEventError,
  ValidationError,
} from '../src/index.ts'

test('every error has a stable code, is a SpoolCatalogError and is not retryable', () => {
  const cases: Array<[SpoolCatalogError, string]> = [
    [new ValidationError('Event x data', [{ path: 'data.a', message: 'bad' }]), 'SPOOL_ERR_VALIDATION'],
    [new UnknownEventError('x', ['a']), 'SPOOL_ERR_UNKNOWN_EVENT'],
    [new DecodeError('nope'), 'SPOOL_ERR_DECODE'],
    [new DefinitionError('topic', 'is bad'), 'SPOOL_ERR_DEFINITION'],
    [new InvalidOptionError('source', 'is bad'), 'SPOOL_ERR_INVALID_OPTION'],
    [new AsyncSchemaError('x'), 'SPOOL_ERR_ASYNC_SCHEMA'],
  ]
  for (const [err, code] of cases) {
    assert.ok(err instanceof SpoolCatalogError)
    assert.ok(err instanceof Error)
    assert.equal(err.code, code)
    assert.equal(err.retryable, false)
  }
})

test('ValidationError lists every issue in its message', () => {
  const err = new ValidationError("Event 'order.placed' data", [
    { path: 'data.orderId', message: 'Required' },
    { path: 'data.items.0.price', message: 'Too small' },
  ])
  assert.equal(
    err.message,
    "Event 'order.placed' data is invalid: data.orderId: Required; data.items.0.price: Too small",
  )
  assert.equal(err.issues.length, 2)
  assert.equal(err.name, 'ValidationError')
})

test('cause is kept and retryable can be set on the base class', () => {
  const cause = new Error('root')
  const err = new SpoolCatalogError('wrapped', { code: 'SPOOL_ERR_INTERNAL', cause, retryable: true })
  assert.equal(err.cause, cause)
  assert.equal(err.retryable, true)
  assert.equal(new DecodeError('x', cause).cause, cause)
  assert.equal('cause' in new DecodeError('x'), false)
})

test('UnknownEventError names the type and the known types', () => {
  const err = new UnknownEventError('order.shipped', ['order.placed', 'mission.completed'])
  assert.equal(err.type, 'order.shipped')
  assert.match(err.message, /'order\.shipped'/)
  assert.match(err.message, /order\.placed, mission\.completed/)
  assert.match(new UnknownEventError('x', []).message, /catalog is empty/)
})

test('DefinitionError and InvalidOptionError name the property', () => {
  const def = new DefinitionError('upcasters.2', 'is missing')
  assert.equal(def.property, 'upcasters.2')
  assert.match(def.message, /upcasters\.2 is missing/)
  const opt = new InvalidOptionError('mode', 'is bad')
  assert.equal(opt.property, 'mode')
  assert.match(opt.message, /mode is bad/)
})
