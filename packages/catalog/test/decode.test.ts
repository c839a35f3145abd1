import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DecodeError, decodeEvent, encodeEventSync } from '../src/index.ts'
import { MissionCompleted, QuizCreated } from './fixtures.ts'

const data = { userId: 'u1', missionId: 'm1', missionName: 'Focus', duration: 25, xpEarned: 50 }
const fixed = { source: '/services/missions', id: 'evt-1', time: '2025-01-02T03:04:05.678Z' }

function decodeError(pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof DecodeError, `expected DecodeError, got ${String(err)}`)
    assert.equal(err.code, 'SPOOL_ERR_DECODE')
    assert.equal(err.retryable, false)
    assert.match(err.message, pattern)
    return true
  }
}

const binaryHeaders = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  ce_specversion: '1.0',
  ce_id: 'e1',
  ce_source: '/s',
  ce_type: 'mission.completed',
  ce_time: '2025-01-02T03:04:05.678Z',
  ...extra,
})

for (const mode of ['binary', 'structured'] as const) {
  test(`${mode} round trip gives back the envelope`, () => {
    const record = encodeEventSync(MissionCompleted, data, { ...fixed, mode, extensions: { traceid: 't1' } })
    const decoded = decodeEvent({ value: record.value, headers: record.headers, key: record.key })
    assert.deepEqual(decoded, record.envelope)
  })

  test(`${mode} round trip with Buffer headers in a Map (@platformatic/kafka shape)`, () => {
    const record = encodeEventSync(QuizCreated, { quizId: 'q' }, { ...fixed, mode })
    const headers = new Map<Buffer, Buffer>()
    for (const [name, value] of Object.entries(record.headers))
      headers.set(Buffer.from(name), Buffer.from(value))
    const decoded = decodeEvent({ value: record.value, headers, key: null })
    assert.deepEqual(decoded, record.envelope)
  })
}

test('binary header values may be Buffers, Uint8Arrays or arrays (last one wins)', () => {
  const decoded = decodeEvent({
    value: new TextEncoder().encode('{"a":1}'),
    headers: {
      'content-type': Buffer.from('application/json'),
      ce_specversion: new TextEncoder().encode('1.0'),
      ce_id: ['old', Buffer.from('e2')],
      ce_source: '/s',
      ce_type: 'x',
      ce_time: '2025-01-01T00:00:00Z',
      ignored: undefined,
    },
  })
  assert.equal(decoded.id, 'e2')
  assert.deepEqual(decoded.data, { a: 1 })
})

test('binary: dataversion header becomes a number; absent means 1', () => {
  const v2 = decodeEvent({ value: Buffer.from('{}'), headers: binaryHeaders({ ce_dataversion: '2' }) })
  assert.equal(v2.dataversion, 2)
  assert.equal(decodeEvent({ value: Buffer.from('{}'), headers: binaryHeaders() }).dataversion, 1)
  assert.throws(
    () => decodeEvent({ value: Buffer.from('{}'), headers: binaryHeaders({ ce_dataversion: 'two' }) }),
    decodeError(/ce_dataversion.*two/),
  )
})

test('the record key stands in for a missing partitionkey', () => {
  const decoded = decodeEvent({ value: Buffer.from('{}'), headers: binaryHeaders(), key: Buffer.from('k1') })
  assert.equal(decoded.partitionkey, 'k1')
  const own = decodeEvent({
    value: Buffer.from('{}'),
    headers: binaryHeaders({ ce_partitionkey: 'pk' }),
    key: 'k1',
  })
  assert.equal(own.partitionkey, 'pk')
})

test('the record timestamp stands in for a missing time', () => {
  const { ce_time: _, ...headers } = binaryHeaders()
  assert.equal(
    decodeEvent({ value: Buffer.from('{}'), headers, timestamp: 0n }).time,
    '1970-01-01T00:00:00.000Z',
  )
  assert.throws(() => decodeEvent({ value: Buffer.from('{}'), headers }), decodeError(/time/))
})

test('binary with no value decodes to an event without data', () => {
  const decoded = decodeEvent({ value: null, headers: binaryHeaders() })
  assert.equal(decoded.data, undefined)
})

test('structured without a content-type header is recognised from the JSON', () => {
  const record = encodeEventSync(MissionCompleted, data, { ...fixed, mode: 'structured' })
  assert.deepEqual(decodeEvent({ value: record.value, headers: {} }), record.envelope)
  assert.deepEqual(decodeEvent({ value: record.value.toString() }), record.envelope)
})

test('structured with data_base64 JSON is decoded', () => {
  const value = JSON.stringify({
    specversion: '1.0',
    id: 'e',
    source: '/s',
    type: 't',
    time: '2025-01-01T00:00:00Z',
    data_base64: Buffer.from('{"a":2}').toString('base64'),
  })
  const decoded = decodeEvent({ value, headers: { 'content-type': 'application/cloudevents+json' } })
  assert.deepEqual(decoded.data, { a: 2 })
  assert.equal('data_base64' in decoded, false)
})

test('content-type is matched case-insensitively', () => {
  const record = encodeEventSync(MissionCompleted, data, { ...fixed, mode: 'structured' })
  const decoded = decodeEvent({
    value: record.value,
    headers: { 'Content-Type': 'Application/CloudEvents+JSON' },
  })
  assert.equal(decoded.id, 'evt-1')
})

test('decode errors name what is missing or invalid', () => {
  const structured = { 'content-type': 'application/cloudevents+json; charset=UTF-8' }
  const base = { specversion: '1.0', id: 'e', source: '/s', type: 't', time: '2025-01-01T00:00:00Z' }
  const json = (o: object) => Buffer.from(JSON.stringify(o))
  const { id: _i, ...noId } = base
  const { type: _t, ...noType } = base
  const { specversion: _s, ...noSpec } = base
  const cases: Array<[Parameters<typeof decodeEvent>[0], RegExp]> = [
    [{ value: Buffer.from('{not json'), headers: structured }, /value is not JSON/],
    [{ value: Buffer.from('{not json'), headers: binaryHeaders() }, /value is not JSON/],
    [{ value: json([1, 2]), headers: structured }, /not a JSON object/],
    [{ value: json(noId), headers: structured }, /Missing required CloudEvents attribute id/],
    [{ value: json(noType), headers: structured }, /Missing required CloudEvents attribute type/],
    [{ value: json(noSpec), headers: structured }, /Missing required CloudEvents attribute specversion/],
    [
      { value: json({ ...base, specversion: '0.3' }), headers: structured },
      /specversion '0\.3': expected '1\.0'/,
    ],
    [{ value: json({ ...base, id: 7 }), headers: structured }, /attribute id: must be a non-empty string/],
    [{ value: null, headers: structured }, /has no value/],
    [
      { value: json(base), headers: { 'content-type': 'application/cloudevents+avro' } },
      /Unsupported CloudEvents format/,
    ],
    [{ value: json([base]), headers: { 'content-type': 'application/cloudevents-batch+json' } }, /batch/],
    [{ value: json({}), headers: { ce_id: 'e', ce_source: '/s', ce_type: 't' } }, /header ce_specversion/],
    [{ value: json({}), headers: binaryHeaders({ ce_specversion: '0.3' }) }, /header ce_specversion '0\.3'/],
    [{ value: json({}), headers: binaryHeaders({ ce_id: '' }) }, /header ce_id/],
    [{ value: Buffer.from('hi'), headers: binaryHeaders({ 'content-type': 'text/plain' }) }, /text\/plain/],
    [{ value: json({ a: 1 }), headers: {} }, /Not a CloudEvent/],
    [{ value: null }, /Not a CloudEvent/],
  ]
  for (const [message, pattern] of cases)
    assert.throws(() => decodeEvent(message), decodeError(pattern), String(pattern))
  const { ce_type: _ct, ...noTypeHeader } = binaryHeaders()
  assert.throws(() => decodeEvent({ value: json({}), headers: noTypeHeader }), decodeError(/header ce_type/))
  assert.throws(() => decodeEvent(null as never), decodeError(/must be an object/))
})
