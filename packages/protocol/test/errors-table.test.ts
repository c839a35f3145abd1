import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ErrorCodes, errorByCode, isRetriable, KAFKA_ERRORS } from '../src/errors-table.ts'

test('codes the broker answers with most often', () => {
  assert.equal(ErrorCodes.NONE, 0)
  assert.equal(ErrorCodes.UNKNOWN_SERVER_ERROR, -1)
  assert.equal(ErrorCodes.OFFSET_OUT_OF_RANGE, 1)
  assert.equal(ErrorCodes.CORRUPT_MESSAGE, 2)
  assert.equal(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, 3)
  assert.equal(ErrorCodes.NOT_LEADER_OR_FOLLOWER, 6)
  assert.equal(ErrorCodes.MESSAGE_TOO_LARGE, 10)
  assert.equal(ErrorCodes.COORDINATOR_NOT_AVAILABLE, 15)
  assert.equal(ErrorCodes.NOT_COORDINATOR, 16)
  assert.equal(ErrorCodes.RECORD_LIST_TOO_LARGE, 18)
  assert.equal(ErrorCodes.ILLEGAL_GENERATION, 22)
  assert.equal(ErrorCodes.UNKNOWN_MEMBER_ID, 25)
  assert.equal(ErrorCodes.REBALANCE_IN_PROGRESS, 27)
  assert.equal(ErrorCodes.UNSUPPORTED_VERSION, 35)
  assert.equal(ErrorCodes.TOPIC_ALREADY_EXISTS, 36)
  assert.equal(ErrorCodes.INVALID_PRODUCER_EPOCH, 47)
  assert.equal(ErrorCodes.MEMBER_ID_REQUIRED, 79)
  assert.equal(ErrorCodes.UNKNOWN_TOPIC_ID, 100)
  assert.equal(ErrorCodes.TRANSACTION_ABORTABLE, 120)
})

test('retriability follows the protocol guide', () => {
  assert.equal(isRetriable(ErrorCodes.NOT_LEADER_OR_FOLLOWER), true)
  assert.equal(isRetriable(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION), true)
  assert.equal(isRetriable(ErrorCodes.CORRUPT_MESSAGE), true)
  assert.equal(isRetriable(ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS), true)
  assert.equal(isRetriable(ErrorCodes.OFFSET_OUT_OF_RANGE), false)
  assert.equal(isRetriable(ErrorCodes.UNSUPPORTED_VERSION), false)
  assert.equal(isRetriable(ErrorCodes.REBALANCE_IN_PROGRESS), false)
  assert.equal(isRetriable(9999), false)
})

test('the table is complete and consistent', () => {
  const codes = KAFKA_ERRORS.map((e) => e.code)
  assert.equal(new Set(codes).size, codes.length)
  // Every code from -1 up to the highest is defined: Kafka never left gaps.
  assert.deepEqual(
    codes,
    Array.from({ length: codes.length }, (_, i) => i - 1),
  )
  assert.ok(codes.length >= 138)
  assert.equal(errorByCode(35)?.name, 'UNSUPPORTED_VERSION')
  assert.equal(errorByCode(4242), undefined)
})
