import assert from 'node:assert/strict'
import { test } from 'node:test'
import { buildProgram, readCliEnv } from '@spool/cli'
import { isSpoolError } from '@spool/errors'
import { exitCodeOf, exitCodes } from '../src/errors.ts'

test('SPOOL_LOG_LEVEL is read as a level, case ignored; unset leaves the default to the program', () => {
  assert.equal(readCliEnv({ SPOOL_LOG_LEVEL: 'Debug' }).logLevel, 'debug')
  assert.equal(readCliEnv({}).logLevel, undefined)
})

test('a bad SPOOL_LOG_LEVEL is a usage error naming the variable', () => {
  assert.throws(
    () => buildProgram({ out: process.stdout, env: { SPOOL_LOG_LEVEL: 'loud' } }),
    (error: unknown) => {
      assert.ok(isSpoolError(error))
      assert.equal(error.code, 'SPOOL_ERR_INVALID_OPTION')
      assert.match(
        error.message,
        /^SPOOL_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent; got "loud"/,
      )
      assert.equal(exitCodeOf(error), exitCodes.usage)
      return true
    },
  )
})
