import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, createTopic, fetchRecords, produce, WireClient, wire } from '../helpers/wire.ts'

describe('Fetch', () => {
  it('returns whole batches from the one holding fetchOffset', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'f')
    await produce(c, 'f', 0, ['a', 'b', 'c'])
    await produce(c, 'f', 0, ['d'])
    const { records, partition } = await fetchRecords(c, 'f', 0, 1n)
    // Offset 1 is inside the first batch: the whole batch comes back (the client skips a).
    assert.deepEqual(
      records.map((r) => r.offset),
      [0n, 1n, 2n, 3n],
    )
    assert.equal(partition.highWatermark, 4n)
    assert.equal(partition.lastStableOffset, 4n)
    assert.equal(partition.logStartOffset, 0n)
    assert.equal(partition.abortedTransactions, null)
  })

  it('waits up to maxWaitMs when there is less than minBytes, and is woken by a produce', async (t) => {
    const b = await broker(t)
    const consumer = await wire(t, b)
    const producer = await wire(t, b)
    await createTopic(producer, 'lp')
    const started = Date.now()
    const waiting = fetchRecords(consumer, 'lp', 0, 0n, { maxWaitMs: 10_000, minBytes: 1 })
    await new Promise((r) => setTimeout(r, 100))
    await produce(producer, 'lp', 0, ['wake'])
    const { records } = await waiting
    assert.deepEqual(
      records.map((r) => r.value),
      ['wake'],
    )
    assert.ok(Date.now() - started < 5_000, 'woken well before maxWaitMs')
  })

  it('answers an empty fetch after maxWaitMs', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'idle')
    const started = Date.now()
    const { records, partition } = await fetchRecords(c, 'idle', 0, 0n, { maxWaitMs: 200, minBytes: 1 })
    assert.equal(records.length, 0)
    assert.equal(partition.errorCode, 0)
    assert.ok(Date.now() - started >= 180)
  })

  it('answers OFFSET_OUT_OF_RANGE below the log start and above the log end', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'oor')
    await produce(c, 'oor', 0, ['a', 'b'])
    assert.equal((await fetchRecords(c, 'oor', 0, 5n)).partition.errorCode, ErrorCodes.OFFSET_OUT_OF_RANGE)
    await c.request(ApiKeys.DELETE_RECORDS, 2, {
      topics: [{ name: 'oor', partitions: [{ partitionIndex: 0, offset: 2n }] }],
      timeoutMs: 1000,
    })
    const below = await fetchRecords(c, 'oor', 0, 0n)
    assert.equal(below.partition.errorCode, ErrorCodes.OFFSET_OUT_OF_RANGE)
    assert.equal(below.partition.logStartOffset, 2n)
    // At the log end: no data, no error.
    assert.equal((await fetchRecords(c, 'oor', 0, 2n)).partition.errorCode, 0)
  })

  it('always returns at least one batch, even larger than maxBytes, but only for the first partition', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'big', 2)
    const value = 'x'.repeat(5000)
    await produce(c, 'big', 0, [value])
    await produce(c, 'big', 0, [value])
    await produce(c, 'big', 1, [value])
    const res = await c.request(ApiKeys.FETCH, 12, {
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 100,
      topics: [
        {
          topic: 'big',
          partitions: [
            { partition: 0, fetchOffset: 0n, partitionMaxBytes: 100 },
            { partition: 1, fetchOffset: 0n, partitionMaxBytes: 100 },
          ],
        },
      ],
    })
    const [p0, p1] = res.responses[0]!.partitions
    assert.ok(p0!.records!.length > 5000 && p0!.records!.length < 10_000, 'exactly one batch for partition 0')
    assert.equal(p1!.records!.length, 0, 'nothing left in the budget for partition 1')
    assert.equal(p1!.highWatermark, 1n)
  })

  it('uses topic ids from v13 (UNKNOWN_TOPIC_ID for an unknown one)', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const id = await createTopic(c, 'ids')
    await produce(c, 'ids', 0, ['a'])
    const unknown = '11111111-2222-4333-8444-555555555555'
    const res = await c.request(ApiKeys.FETCH, 13, {
      maxWaitMs: 0,
      minBytes: 0,
      topics: [
        { topicId: id, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] },
        { topicId: unknown, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] },
      ],
    })
    assert.equal(res.responses[0]!.topicId, id)
    assert.ok(res.responses[0]!.partitions[0]!.records!.length > 0)
    assert.equal(res.responses[1]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_ID)
  })

  it('creates no fetch session (session id 0) and refuses incremental ones', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 's')
    const full = await c.request(ApiKeys.FETCH, 12, {
      maxWaitMs: 0,
      minBytes: 0,
      sessionId: 0,
      sessionEpoch: 0,
      topics: [{ topic: 's', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1024 }] }],
    })
    assert.equal(full.errorCode, 0)
    assert.equal(full.sessionId, 0)
    const incremental = await c.request(ApiKeys.FETCH, 12, {
      maxWaitMs: 0,
      minBytes: 0,
      sessionId: 1234,
      sessionEpoch: 1,
      topics: [],
    })
    assert.equal(incremental.errorCode, ErrorCodes.FETCH_SESSION_ID_NOT_FOUND)
  })

  it('answers UNKNOWN_TOPIC_OR_PARTITION for unknown topics and partitions, without waiting', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'known')
    const started = Date.now()
    const res = await c.request(ApiKeys.FETCH, 12, {
      maxWaitMs: 5000,
      minBytes: 1,
      topics: [
        { topic: 'nope', partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1024 }] },
        { topic: 'known', partitions: [{ partition: 3, fetchOffset: 0n, partitionMaxBytes: 1024 }] },
      ],
    })
    assert.equal(res.responses[0]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    assert.equal(res.responses[1]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    assert.ok(Date.now() - started < 2000)
  })

  it('answers a waiting fetch at once when the broker stops', async (t) => {
    const b = await broker(t)
    const c = await WireClient.connect(b.port)
    t.after(() => c.close())
    await createTopic(c, 'stop')
    const waiting = fetchRecords(c, 'stop', 0, 0n, { maxWaitMs: 30_000, minBytes: 1 })
    await new Promise((r) => setTimeout(r, 50))
    const started = Date.now()
    await b.stop()
    const { records } = await waiting
    assert.equal(records.length, 0)
    assert.ok(Date.now() - started < 3_000)
  })
})
