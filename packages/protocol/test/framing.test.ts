import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  decodeRequest,
  decodeResponse,
  encodeRequest,
  encodeResponse,
  encodeResponseChunks,
} from '../src/framing.ts'
import { ApiKeys, type RequestOf } from '../src/messages/index.ts'
import { advertisedApiVersions } from '../src/versions.ts'

/** ApiVersions v3 from client 'spool', written out from the protocol guide. */
const API_VERSIONS_V3 = Buffer.from([
  ...[0, 0, 0, 27], // size
  ...[0, 18, 0, 3, 0, 0, 0, 1], // api key, version, correlation id
  ...[0, 5, ...Buffer.from('spool')], // client id: int16 string even in header v2
  0, // header tagged fields
  ...[6, ...Buffer.from('spool')], // client software name: compact string
  ...[4, ...Buffer.from('1.0')], // client software version
  0, // body tagged fields
])

test('decodes a hand-built ApiVersions v3 request', () => {
  const req = decodeRequest(API_VERSIONS_V3.subarray(4))
  assert.equal(req.unsupported, null)
  assert.deepEqual(req.header, { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'spool' })
  assert.deepEqual(req.body, {
    clientSoftwareName: 'spool',
    clientSoftwareVersion: '1.0',
    clusterId: null,
    nodeId: -1,
  })
})

test('encodes the same bytes', () => {
  const frame = encodeRequest(
    { apiKey: ApiKeys.API_VERSIONS, apiVersion: 3, correlationId: 1, clientId: 'spool' },
    { clientSoftwareName: 'spool', clientSoftwareVersion: '1.0' },
  )
  assert.ok(frame.equals(API_VERSIONS_V3))
})

test('ApiVersions responses always use header v0, even when flexible', () => {
  const frame = encodeResponse(ApiKeys.API_VERSIONS, 3, 9, {
    apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 13 }],
  })
  assert.deepEqual(
    [...frame],
    [
      ...[0, 0, 0, 19], // size
      ...[0, 0, 0, 9], // correlation id, no header tagged fields
      ...[0, 0], // error code
      ...[2, 0, 0, 0, 0, 0, 13, 0], // compact array of one api key (+ its tagged fields)
      ...[0, 0, 0, 0], // throttle time
      0, // body tagged fields
    ],
  )
  const { correlationId, body } = decodeResponse(ApiKeys.API_VERSIONS, 3, frame.subarray(4))
  assert.equal(correlationId, 9)
  assert.deepEqual(body.apiKeys, [{ apiKey: 0, minVersion: 0, maxVersion: 13 }])
})

test('flexible responses get header v1', () => {
  const frame = encodeResponse(ApiKeys.HEARTBEAT, 4, 5, { errorCode: 27 })
  assert.deepEqual([...frame], [0, 0, 0, 12, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 27, 0])
})

test('a request for an unsupported version still yields its header', () => {
  const frame = encodeRequest(
    { apiKey: ApiKeys.API_VERSIONS, apiVersion: 3, correlationId: 4, clientId: 'c' },
    {},
  )
  frame.writeInt16BE(99, 6) // pretend the client speaks ApiVersions v99
  const req = decodeRequest(frame.subarray(4))
  assert.equal(req.unsupported, 'version')
  assert.equal(req.body, null)
  assert.deepEqual(req.header, { apiKey: 18, apiVersion: 99, correlationId: 4, clientId: 'c' })
  // The answer Kafka gives: v0 layout, UNSUPPORTED_VERSION, and the full key list.
  const answer = encodeResponse(ApiKeys.API_VERSIONS, 0, 4, {
    errorCode: 35,
    apiKeys: advertisedApiVersions(),
  })
  const decoded = decodeResponse(ApiKeys.API_VERSIONS, 0, answer.subarray(4)).body
  assert.equal(decoded.errorCode, 35)
  assert.equal(decoded.apiKeys.length, 31)
})

test('Produce v0-2 (advertised but removed in Kafka 4) and unknown keys are reported, not thrown', () => {
  const frame = encodeRequest(
    { apiKey: ApiKeys.PRODUCE, apiVersion: 3, correlationId: 1, clientId: null },
    {},
  )
  frame.writeInt16BE(2, 6)
  assert.equal(decodeRequest(frame.subarray(4)).unsupported, 'version')
  frame.writeInt16BE(4242, 4)
  assert.equal(decodeRequest(frame.subarray(4)).unsupported, 'api-key')
})

test('request bodies are typed by API key', () => {
  const frame = encodeRequest(
    { apiKey: ApiKeys.METADATA, apiVersion: 12, correlationId: 3, clientId: 'x' },
    { topics: [{ name: 'orders' }], allowAutoTopicCreation: false },
  )
  const req = decodeRequest(frame.subarray(4))
  assert.equal(req.unsupported, null)
  const body = req.body as RequestOf<typeof ApiKeys.METADATA>
  assert.equal(body.topics?.[0]?.name, 'orders')
  assert.equal(body.allowAutoTopicCreation, false)
})

test('malformed frames throw ProtocolError naming what was being read', () => {
  assert.throws(() => decodeRequest(Buffer.from([0, 3])), {
    code: 'SPOOL_ERR_PROTOCOL',
    message: /api_version/,
  })
  const frame = encodeRequest(
    { apiKey: ApiKeys.METADATA, apiVersion: 12, correlationId: 3, clientId: 'x' },
    {
      topics: [{ name: 'orders' }],
    },
  )
  assert.throws(() => decodeRequest(frame.subarray(4, frame.length - 5)), /MetadataRequest\.topics/)
})

test('encoding for a version without schema is refused', () => {
  assert.throws(() => encodeResponse(ApiKeys.FETCH, 3, 1, {}), { code: 'SPOOL_ERR_UNSUPPORTED_VERSION' })
})

test('encodeResponseChunks: the same frame as encodeResponse, record batches sent as given', () => {
  const batches = [Buffer.alloc(5000, 1), Buffer.alloc(3000, 2)]
  const body = {
    responses: [
      {
        topic: 'orders',
        partitions: batches.map((records, partitionIndex) => ({
          partitionIndex,
          highWatermark: 10n,
          records,
        })),
      },
    ],
  }
  for (const version of [4, 12]) {
    const chunks = encodeResponseChunks(ApiKeys.FETCH, version, 7, body)
    const whole = encodeResponse(ApiKeys.FETCH, version, 7, body)
    assert.ok(Buffer.concat(chunks).equals(whole), `v${version}: same bytes`)
    assert.equal(whole.readInt32BE(0), whole.length - 4)
    for (const b of batches)
      assert.ok(
        chunks.some((c) => c.buffer === b.buffer && c.byteOffset === b.byteOffset && c.length === b.length),
        `v${version}: a record batch is one of the chunks, not a copy`,
      )
  }
})
