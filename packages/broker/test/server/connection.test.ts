import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, decodeResponse, ErrorCodes, encodeBatch, encodeRequest } from '@spool/protocol'
import { broker, wire } from '../helpers/wire.ts'

const header = (apiKey: number, apiVersion: number, correlationId: number) => {
  const clientId = Buffer.from('raw')
  const b = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length)
  b.writeInt32BE(b.length - 4, 0)
  b.writeInt16BE(apiKey, 4)
  b.writeInt16BE(apiVersion, 6)
  b.writeInt32BE(correlationId, 8)
  b.writeInt16BE(clientId.length, 12)
  clientId.copy(b, 14)
  return b
}

describe('connection', () => {
  it('answers pipelined requests in order, even when an earlier one waits (long poll)', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await c.request(ApiKeys.CREATE_TOPICS, 7, {
      topics: [{ name: 'p', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
      validateOnly: false,
    })
    const frames = [
      // A fetch that waits 300 ms for data that never comes…
      c.encode(
        ApiKeys.FETCH,
        12,
        {
          maxWaitMs: 300,
          minBytes: 1,
          topics: [{ topic: 'p', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1024 }] }],
        },
        100,
      ),
      // …then quick ones, sent at once behind it.
      c.encode(ApiKeys.API_VERSIONS, 3, { clientSoftwareName: 'x', clientSoftwareVersion: '1' }, 101),
      c.encode(ApiKeys.METADATA, 12, { topics: null }, 102),
      c.encode(ApiKeys.API_VERSIONS, 0, {}, 103),
    ]
    const started = Date.now()
    c.write(Buffer.concat(frames))
    const ids: number[] = []
    for (let i = 0; i < 4; i++) ids.push((await c.frame())!.readInt32BE(0))
    assert.deepEqual(ids, [100, 101, 102, 103])
    assert.ok(Date.now() - started >= 250, 'the fetch did wait')
  })

  it('closes only the connection that sent a malformed frame', async (t) => {
    const b = await broker(t)
    const good = await wire(t, b)
    const bad = await wire(t, b)
    // A Metadata v12 request whose body is cut short.
    const full = encodeRequest(
      { apiKey: ApiKeys.METADATA, apiVersion: 12, correlationId: 1, clientId: 'x' },
      { topics: [{ name: 'abc', topicId: '00000000-0000-0000-0000-000000000000' }] },
    )
    const cut = full.subarray(0, full.length - 6)
    cut.writeInt32BE(cut.length - 4, 0)
    bad.write(cut)
    assert.equal(await bad.waitClosed(), true)
    const res = await good.request(ApiKeys.API_VERSIONS, 3, {
      clientSoftwareName: 'x',
      clientSoftwareVersion: '1',
    })
    assert.equal(res.errorCode, 0)
  })

  it('closes a connection whose frame is larger than maxRequestBytes, before reading it', async (t) => {
    const b = await broker(t, { maxRequestBytes: 4096 })
    const good = await wire(t, b)
    const bad = await wire(t, b)
    const size = Buffer.alloc(4)
    size.writeInt32BE(10_000, 0)
    bad.write(size)
    assert.equal(await bad.waitClosed(), true)
    assert.equal((await good.request(ApiKeys.METADATA, 12, { topics: null })).brokers.length, 1)
  })

  it('keeps a truncated frame pending without harming other connections', async (t) => {
    const b = await broker(t)
    const good = await wire(t, b)
    const slow = await wire(t, b)
    const full = slow.encode(ApiKeys.API_VERSIONS, 0, {}, 9)
    slow.write(full.subarray(0, 7))
    assert.equal((await good.request(ApiKeys.API_VERSIONS, 0, {})).errorCode, 0)
    slow.write(full.subarray(7))
    const frame = await slow.frame()
    assert.equal(decodeResponse(ApiKeys.API_VERSIONS, 0, frame!).correlationId, 9)
  })

  it('closes the connection on an unknown API key, and on Produce v0-2 (advertised, refused)', async (t) => {
    const b = await broker(t)
    const unknown = await wire(t, b)
    unknown.write(header(999, 0, 1))
    assert.equal(await unknown.waitClosed(), true)
    const old = await wire(t, b)
    old.write(header(ApiKeys.PRODUCE, 2, 1))
    assert.equal(await old.waitClosed(), true)
  })

  it('answers an ApiVersions version it does not know in v0 with UNSUPPORTED_VERSION and the key list', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    c.write(header(ApiKeys.API_VERSIONS, 99, 77))
    const frame = await c.frame()
    const res = decodeResponse(ApiKeys.API_VERSIONS, 0, frame!)
    assert.equal(res.correlationId, 77)
    assert.equal(res.body.errorCode, ErrorCodes.UNSUPPORTED_VERSION)
    const produce = res.body.apiKeys.find((k) => k.apiKey === ApiKeys.PRODUCE)
    assert.deepEqual(produce, { apiKey: 0, minVersion: 0, maxVersion: 13 })
    assert.equal(c.closed, false)
  })

  it('stops reading from a client that does not read its responses, without stalling others', async (t) => {
    const b = await broker(t, { maxQueuedRequests: 4 })
    const c = await wire(t, b)
    await c.request(ApiKeys.CREATE_TOPICS, 7, {
      topics: [{ name: 'bp', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
      validateOnly: false,
    })
    const value = Buffer.alloc(512 * 1024, 1)
    const batch = encodeBatch({ records: [{ key: null, value, headers: [], timestamp: 1n }] })
    await c.request(ApiKeys.PRODUCE, 9, {
      acks: 1,
      timeoutMs: 1000,
      topicData: [{ name: 'bp', partitionData: [{ index: 0, records: batch }] }],
    })
    // A reader that never reads: pause its socket and pipeline many 512 KiB fetches.
    c.socket.pause()
    const fetch = c.encode(ApiKeys.FETCH, 12, {
      maxWaitMs: 0,
      minBytes: 0,
      topics: [{ topic: 'bp', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
    })
    for (let i = 0; i < 200; i++) c.write(fetch)
    await new Promise((r) => setTimeout(r, 300))
    const other = await wire(t, b)
    const res = await other.request(ApiKeys.API_VERSIONS, 3, {
      clientSoftwareName: 'x',
      clientSoftwareVersion: '1',
    })
    assert.equal(res.errorCode, 0)
    // Bounded: the broker holds at most about its write high-water mark, not 200 × 512 KiB.
    const rss = process.memoryUsage().rss
    assert.ok(rss < 1.5 * 1024 * 1024 * 1024, `rss ${rss}`)
  })
})
