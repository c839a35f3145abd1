import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  binaryData,
  binaryHeaders,
  binaryValue,
  bytesToText,
  isJsonContentType,
} from '../src/codec-binary.ts'
import { buildEnvelope } from '../src/envelope.ts'
import { DecodeError } from '../src/errors.ts'
import { MissionCompleted } from './fixtures.ts'

test('JSON media types are recognised, with parameters and +json suffixes', () => {
  for (const type of [
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'text/json',
    'application/vnd.x+json',
  ]) {
    assert.equal(isJsonContentType(type), true, type)
  }
  for (const type of ['text/plain', 'application/avro', 'application/octet-stream']) {
    assert.equal(isJsonContentType(type), false, type)
  }
})

test('headers come in the spec order with optional ones only when set', () => {
  const envelope = buildEnvelope(MissionCompleted, {}, { source: '/s', id: 'i' }, 't', 'k', undefined)
  const headers = binaryHeaders(envelope, '1', { trace: 'x' }, { extra: 'y' })
  assert.deepEqual(Object.keys(headers), [
    'content-type',
    'ce_specversion',
    'ce_id',
    'ce_source',
    'ce_type',
    'ce_time',
    'ce_dataversion',
    'ce_partitionkey',
    'ce_trace',
    'extra',
  ])
})

test('an event without data is written as JSON null', () => {
  assert.equal(binaryValue(undefined).toString(), 'null')
  assert.equal(binaryValue({ a: 'é' }).toString('utf8'), '{"a":"é"}')
})

test('binaryData parses JSON and refuses other content types', () => {
  assert.deepEqual(binaryData(Buffer.from('[1]'), 'application/json'), [1])
  assert.equal(binaryData(null, 'application/json'), undefined)
  assert.throws(() => binaryData(Buffer.from('x'), 'application/avro'), DecodeError)
})

test('bytesToText reads a Uint8Array view without its neighbours', () => {
  const whole = new TextEncoder().encode('xx{"a":1}yy')
  assert.equal(bytesToText(whole.subarray(2, 9)), '{"a":1}')
})
