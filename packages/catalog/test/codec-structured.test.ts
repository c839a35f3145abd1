import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  isStructuredContentType,
  structuredAttributes,
  structuredHeaders,
  structuredValue,
} from '../src/codec-structured.ts'
import { buildEnvelope } from '../src/envelope.ts'
import { DecodeError, InvalidOptionError } from '../src/errors.ts'
import { MissionCompleted } from './fixtures.ts'

test('structured content types are detected by prefix, case-insensitively', () => {
  assert.equal(isStructuredContentType('application/cloudevents+json; charset=UTF-8'), true)
  assert.equal(isStructuredContentType('APPLICATION/CLOUDEVENTS+JSON'), true)
  assert.equal(isStructuredContentType('application/json'), false)
})

test('headers: the JSON event format content type plus user headers', () => {
  assert.deepEqual(structuredHeaders({ traceparent: 'x' }), {
    'content-type': 'application/cloudevents+json; charset=UTF-8',
    traceparent: 'x',
  })
  assert.throws(() => structuredHeaders({ 'content-type': 'x' }), InvalidOptionError)
})

test('value and attributes are inverse', () => {
  const envelope = buildEnvelope(
    MissionCompleted,
    { a: [1, 'b'] },
    { source: '/s', id: 'i' },
    't',
    undefined,
    'sub',
  )
  assert.deepEqual(structuredAttributes(structuredValue(envelope), 'application/cloudevents+json'), envelope)
})

test('data_base64 that is not a string is refused', () => {
  const value = JSON.stringify({ specversion: '1.0', data_base64: 5 })
  assert.throws(() => structuredAttributes(value, undefined), DecodeError)
})
