import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  readRequestHeader,
  requestHeaderVersion,
  responseHeaderVersion,
  writeRequestHeader,
  writeResponseHeader,
} from '../src/header.ts'
import { Reader } from '../src/primitives/reader.ts'
import { Writer } from '../src/primitives/writer.ts'

test('header versions follow flexibility, except the ApiVersions response', () => {
  assert.equal(requestHeaderVersion(3, 8), 1)
  assert.equal(requestHeaderVersion(3, 9), 2)
  assert.equal(responseHeaderVersion(3, 8), 0)
  assert.equal(responseHeaderVersion(3, 9), 1)
  assert.equal(requestHeaderVersion(18, 3), 2)
  assert.equal(responseHeaderVersion(18, 3), 0)
  assert.equal(responseHeaderVersion(18, 5), 0)
  assert.equal(requestHeaderVersion(60, 0), 2)
  assert.equal(responseHeaderVersion(17, 1), 0)
  // Unknown APIs are read with the v1 layout common to all versions.
  assert.equal(requestHeaderVersion(9999, 0), 1)
})

test('request header v2 keeps client_id as an int16-length string, then tagged fields', () => {
  const w = new Writer()
  writeRequestHeader(w, { apiKey: 18, apiVersion: 3, correlationId: 7, clientId: 'ab' }, 2)
  assert.deepEqual([...w.toBuffer()], [0, 18, 0, 3, 0, 0, 0, 7, 0, 2, 0x61, 0x62, 0])
  const h = readRequestHeader(new Reader(w.toBuffer()), 2)
  assert.deepEqual(h, { apiKey: 18, apiVersion: 3, correlationId: 7, clientId: 'ab' })
})

test('request header v1 allows a null client id', () => {
  const w = new Writer()
  writeRequestHeader(w, { apiKey: 0, apiVersion: 3, correlationId: -1, clientId: null }, 1)
  assert.deepEqual([...w.toBuffer()], [0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
  assert.equal(readRequestHeader(new Reader(w.toBuffer()), 1).clientId, null)
})

test('response headers: v0 is the correlation id, v1 adds an empty tagged-field section', () => {
  const v0 = new Writer()
  writeResponseHeader(v0, 258, 0)
  assert.deepEqual([...v0.toBuffer()], [0, 0, 1, 2])
  const v1 = new Writer()
  writeResponseHeader(v1, 258, 1)
  assert.deepEqual([...v1.toBuffer()], [0, 0, 1, 2, 0])
})

test('a truncated header names the header field', () => {
  assert.throws(() => readRequestHeader(new Reader(Buffer.from([0, 18, 0, 3, 0, 0])), 2), /correlation_id/)
})
