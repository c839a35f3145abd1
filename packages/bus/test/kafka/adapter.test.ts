import assert from 'node:assert/strict'
import { test } from 'node:test'
import { NetworkError, ProtocolError } from '@platformatic/kafka'
import { isSpoolError } from '@spool/errors'
import { NotFoundError } from '../../src/admin/errors.ts'
import { KafkaRequestError, NotConnectedError } from '../../src/errors.ts'
import { kafkaFailure } from '../../src/kafka/adapter.ts'

const brokers = ['127.0.0.1:1']

test('kafkaFailure: an unreachable cluster is KAFKA_UNAVAILABLE, naming the brokers', () => {
  const network = new NetworkError('Connection to 127.0.0.1:1 failed.')
  const error = kafkaFailure(network, 'listing topics', brokers)
  assert.ok(error instanceof NotConnectedError)
  assert.equal(error.code, 'SPOOL_ERR_KAFKA_UNAVAILABLE')
  assert.equal(error.retryable, true)
  assert.equal(error.cause, network)
  assert.match(error.message, /^listing topics failed: Kafka at 127\.0\.0\.1:1 is unreachable/)
})

test("kafkaFailure: Kafka's error is named, and retryable as Kafka marks it", () => {
  const retriable = kafkaFailure(new ProtocolError('NOT_LEADER_OR_FOLLOWER'), 'fetching', brokers)
  assert.ok(retriable instanceof KafkaRequestError)
  assert.equal(retriable.code, 'SPOOL_ERR_KAFKA_REQUEST')
  assert.equal(retriable.retryable, true)
  assert.equal(retriable.details.kafkaError, 'NOT_LEADER_OR_FOLLOWER')
  assert.match(retriable.message, /^fetching failed \(NOT_LEADER_OR_FOLLOWER\): /)

  const refused = kafkaFailure(new ProtocolError('POLICY_VIOLATION'), 'creating "x"', brokers)
  assert.equal(refused.code, 'SPOOL_ERR_KAFKA_REQUEST')
  assert.equal(refused.retryable, false)
})

test('kafkaFailure: a Spool error is kept, anything else is INTERNAL with its cause', () => {
  const notFound = new NotFoundError('topic', 'orders')
  assert.equal(kafkaFailure(notFound, 'x', brokers), notFound)
  const bug = new TypeError('cannot read properties of undefined')
  const internal = kafkaFailure(bug, 'starting consumer group "g"', brokers)
  assert.ok(isSpoolError(internal))
  assert.equal(internal.code, 'SPOOL_ERR_INTERNAL')
  assert.equal(internal.cause, bug)
})
