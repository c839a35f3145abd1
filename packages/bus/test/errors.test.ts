import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSpoolError } from '@spool/errors'
import {
  ConfigError,
  HandlerRegistrationError,
  InvalidArgumentError,
  isRetryable,
  KafkaRequestError,
  NonRetryableError,
  NotConnectedError,
  PublishError,
  SpoolBusError,
  StateError,
  TimeoutError,
} from '../src/errors.ts'

const classes = [
  [ConfigError, 'SPOOL_ERR_INVALID_OPTION', false],
  [NotConnectedError, 'SPOOL_ERR_KAFKA_UNAVAILABLE', true],
  [PublishError, 'SPOOL_ERR_PUBLISH', false],
  [TimeoutError, 'SPOOL_ERR_TIMEOUT', true],
  [StateError, 'SPOOL_ERR_STATE', false],
  [NonRetryableError, 'SPOOL_ERR_NON_RETRYABLE', false],
  [KafkaRequestError, 'SPOOL_ERR_KAFKA_REQUEST', false],
  [HandlerRegistrationError, 'SPOOL_ERR_HANDLER', false],
] as const

for (const [ErrorClass, code, retryable] of classes) {
  test(`${ErrorClass.name}: code ${code}, retryable ${retryable}, name, cause, details`, () => {
    const cause = new Error('root cause')
    const error = new ErrorClass('what happened', { cause, details: { topic: 'orders' } })
    assert.ok(error instanceof SpoolBusError)
    assert.ok(error instanceof Error)
    assert.equal(error.name, ErrorClass.name)
    assert.equal(error.code, code)
    assert.equal(error.retryable, retryable)
    assert.equal(isRetryable(error), retryable)
    assert.equal(error.message, 'what happened')
    assert.equal(error.cause, cause)
    assert.deepEqual(error.details, { topic: 'orders' })
    assert.match(String(error.stack), new RegExp(`^${ErrorClass.name}: what happened`))
    assert.ok(isSpoolError(error))
  })
}

test('InvalidArgumentError names the property', () => {
  const error = new InvalidArgumentError('records[0].topic', 'records[0].topic must be a non-empty string')
  assert.equal(error.code, 'SPOOL_ERR_INVALID_ARGUMENT')
  assert.equal(error.property, 'records[0].topic')
  assert.deepEqual(error.details, { property: 'records[0].topic' })
  assert.equal(error.retryable, false)
})

test('without options there is no cause property and details are empty', () => {
  const error = new PublishError('record too large')
  assert.equal('cause' in error, false)
  assert.deepEqual(error.details, {})
})

test('retryable can be overridden, except on NonRetryableError', () => {
  assert.equal(new NotConnectedError('down', { retryable: false }).retryable, false)
  assert.equal(new PublishError('flaky', { retryable: true }).retryable, true)
  const forced = new NonRetryableError('bad data', { retryable: true } as object)
  assert.equal(forced.retryable, false)
  assert.equal(isRetryable(forced), false)
})

test('the base class takes any code of the table', () => {
  const error = new SpoolBusError('SPOOL_ERR_INTERNAL', 'custom', { retryable: true })
  assert.equal(error.code, 'SPOOL_ERR_INTERNAL')
  assert.equal(error.name, 'SpoolBusError')
  assert.equal(error.retryable, true)
})

test('isRetryable: anything that does not say retryable: false may be retried', () => {
  assert.equal(isRetryable(new Error('plain')), true)
  assert.equal(isRetryable(new TypeError('bug')), true)
  assert.equal(isRetryable('a string'), true)
  assert.equal(isRetryable(undefined), true)
  assert.equal(isRetryable(null), true)
  assert.equal(isRetryable({ retryable: true }), true)
  assert.equal(isRetryable({ retryable: undefined }), true)
  assert.equal(isRetryable({ retryable: false }), false)
  assert.equal(isRetryable(Object.assign(new Error('flagged'), { retryable: false })), false)
})

test('isRetryable honours errors of other parts (catalog-style) that say retryable: false', () => {
  // Shaped like the catalog's own errors: their own base class, a code, retryable as a field.
  class CatalogStyleError extends Error {
    readonly code = 'SPOOL_ERR_VALIDATION'
    readonly retryable = false
  }
  class CatalogStyleTransient extends Error {
    readonly code = 'SPOOL_ERR_SCHEMA_FETCH'
    readonly retryable = true
  }
  assert.equal(isRetryable(new CatalogStyleError('amount must be positive')), false)
  assert.equal(isRetryable(new CatalogStyleTransient('registry timed out')), true)
})
