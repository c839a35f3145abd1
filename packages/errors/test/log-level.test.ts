import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSpoolError, readLogLevel } from '../src/index.ts'

test('SPOOL_LOG_LEVEL sets the level, case and spaces ignored', () => {
  assert.equal(readLogLevel({ SPOOL_LOG_LEVEL: ' DEBUG ' }), 'debug')
  assert.equal(readLogLevel({ SPOOL_LOG_LEVEL: 'silent' }), 'silent')
  assert.equal(readLogLevel({}), undefined)
  assert.equal(readLogLevel({ SPOOL_LOG_LEVEL: '' }), undefined)
})

test('an older variable is read only when SPOOL_LOG_LEVEL is not set', () => {
  assert.equal(readLogLevel({ LOG_LEVEL: 'warn' }, ['LOG_LEVEL']), 'warn')
  assert.equal(readLogLevel({ LOG_LEVEL: 'warn', SPOOL_LOG_LEVEL: 'error' }, ['LOG_LEVEL']), 'error')
  assert.equal(readLogLevel({ LOG_LEVEL: 'warn' }), undefined)
})

test('a value that is not a level is named, with a suggestion for a near miss', () => {
  assert.throws(
    () => readLogLevel({ SPOOL_LOG_LEVEL: 'debgu' }),
    (err: unknown) =>
      isSpoolError(err) &&
      err.code === 'SPOOL_ERR_INVALID_OPTION' &&
      err.message.startsWith(
        'SPOOL_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent',
      ) &&
      err.message.endsWith(`got "debgu" (did you mean 'debug'?)`),
  )
  assert.throws(() => readLogLevel({ LOG_LEVEL: 'loud' }, ['LOG_LEVEL']), /^SpoolError: LOG_LEVEL must be/)
})
