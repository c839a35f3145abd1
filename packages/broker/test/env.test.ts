import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSpoolError } from '@spool/errors'
import { brokerLogLevel } from '../src/index.ts'

test("SPOOL_LOG_LEVEL sets the level of the broker's own logger; silent without it", () => {
  assert.equal(brokerLogLevel({}), 'silent')
  assert.equal(brokerLogLevel({ SPOOL_LOG_LEVEL: 'info' }), 'info')
  assert.equal(brokerLogLevel({ LOG_LEVEL: 'info' }), 'silent', 'the bus-only LOG_LEVEL is not read here')
})

test('a bad SPOOL_LOG_LEVEL is a SPOOL_ERR_INVALID_OPTION naming the variable', () => {
  assert.throws(
    () => brokerLogLevel({ SPOOL_LOG_LEVEL: 'wran' }),
    (e: unknown) =>
      isSpoolError(e) &&
      e.code === 'SPOOL_ERR_INVALID_OPTION' &&
      e.message.startsWith('SPOOL_LOG_LEVEL must be one of') &&
      e.message.endsWith("(did you mean 'warn'?)"),
  )
})
