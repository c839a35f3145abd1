/**
 * The behaviour every LogStore must show, run against each implementation by its own test file
 * (memory.test.ts, file.test.ts). Tests only assert what both stores promise.
 */
import assert from 'node:assert/strict'
import { describe, type TestContext, test } from 'node:test'
import { readBatchHeader, validateBatch } from '@spool/protocol'
import { OffsetOutOfRangeError } from '../../src/log/errors.ts'
import type { LogConfig, LogStore, PartitionLog } from '../../src/log/types.ts'
import { batch, batchCount, records, testConfig } from './helpers.ts'

/** How the contract reaches a store implementation. */
export interface ContractTarget {
  /** A new, empty store. */
  create(t: TestContext): Promise<LogStore>
  /** A store over the same data as `store`, which the suite has closed (a restart). */
  reopen(t: TestContext, store: LogStore): Promise<LogStore>
}

/** Every batch in its own segment (file store); the memory store works per batch anyway. */
const tinySegments: Partial<LogConfig> = { segmentBytes: 100 }

/** Runs the LogStore contract as a suite named `name`. */
export function logStoreContract(name: string, target: ContractTarget): void {
  async function setup(t: TestContext, config: Partial<LogConfig> = {}, topic = 'orders') {
    const store = await target.create(t)
    t.after(() => store.close())
    const log = await store.open(topic, 0, { ...testConfig, ...config })
    return { store, log }
  }

  const append = async (log: PartitionLog, ...batches: Buffer[]) => log.append(batches)

  describe(`${name} log store contract`, () => {
    test('an empty log reads empty at 0 and out of range elsewhere', async (t) => {
      const { log } = await setup(t)
      assert.equal(log.logStartOffset, 0n)
      assert.equal(log.logEndOffset, 0n)
      assert.equal(log.size, 0)
      const r = await log.read(0n, 1000)
      assert.equal(r.records.length, 0)
      assert.equal(r.highWatermark, 0n)
      await assert.rejects(log.read(1n, 1000), OffsetOutOfRangeError)
      await assert.rejects(log.read(-1n, 1000), { code: 'SPOOL_ERR_OFFSET_OUT_OF_RANGE' })
    })

    test('append gives consecutive offsets and rewrites base offsets in place', async (t) => {
      const { log } = await setup(t)
      const a = batch('a', 3)
      const b = batch('b', 2)
      const c = batch('c', 1)
      const r1 = await append(log, a, b)
      assert.equal(r1.baseOffset, 0n)
      assert.equal(r1.logAppendTime, -1n)
      assert.equal(readBatchHeader(b).baseOffset, 3n)
      const r2 = await append(log, c)
      assert.equal(r2.baseOffset, 5n)
      assert.equal((await append(log)).baseOffset, 6n, 'an empty append stores nothing')
      assert.equal(log.logEndOffset, 6n)
      assert.equal(log.size, a.length + b.length + c.length)
      const all = records((await log.read(0n, 1 << 20)).records)
      assert.deepEqual(
        all.map((r) => `${r.offset}:${r.value}`),
        ['0:a-0', '1:a-1', '2:a-2', '3:b-0', '4:b-1', '5:c-0'],
      )
    })

    test('stored batches keep a valid CRC and get the leader epoch', async (t) => {
      const { log } = await setup(t, { leaderEpoch: 7 })
      await append(log, batch('a', 2), batch('b', 2, { compression: 'gzip' }))
      const { records: buf } = await log.read(0n, 1 << 20)
      assert.equal(batchCount(buf), 2)
      const h = validateBatch(buf.subarray(0, 12 + buf.readInt32BE(8)))
      assert.equal(h.partitionLeaderEpoch, 7)
    })

    test('a read starts at the batch containing the offset and returns whole batches', async (t) => {
      const { log } = await setup(t)
      const sizes: number[] = []
      for (let i = 0; i < 5; i++) {
        const b = batch(`b${i}`, 4)
        sizes.push(b.length)
        await append(log, b)
      }
      const mid = await log.read(6n, 1 << 20)
      assert.equal(records(mid.records)[0]!.offset, 4, 'starts with the batch holding offset 6')
      assert.equal(mid.highWatermark, 20n)
      const two = await log.read(4n, sizes[1]! + sizes[2]!)
      assert.equal(batchCount(two.records), 2)
      const almostTwo = await log.read(4n, sizes[1]! + sizes[2]! - 1)
      assert.equal(batchCount(almostTwo.records), 1)
      const last = await log.read(19n, 1 << 20)
      assert.deepEqual(
        records(last.records).map((r) => r.offset),
        [16, 17, 18, 19],
      )
      assert.equal((await log.read(20n, 100)).records.length, 0)
      await assert.rejects(log.read(21n, 100), OffsetOutOfRangeError)
    })

    test('a read returns at least one whole batch even when it exceeds maxBytes', async (t) => {
      const { log } = await setup(t)
      const big = batch('big', 10, { valueBytes: 500 })
      await append(log, big, batch('next'))
      const r = await log.read(3n, 1)
      assert.equal(r.records.length, big.length)
      assert.equal(records(r.records).length, 10)
      const zero = await log.read(10n, 0)
      assert.equal(batchCount(zero.records), 1)
    })

    test('concurrent appends get distinct offsets in call order', async (t) => {
      const { log } = await setup(t)
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => append(log, batch(`c${i}`, 2))))
      assert.deepEqual(
        results.map((r) => r.baseOffset),
        Array.from({ length: 50 }, (_, i) => BigInt(i * 2)),
      )
      const all = records((await log.read(0n, 1 << 20)).records)
      assert.equal(all.length, 100)
      assert.equal(all[99]!.value, 'c49-1')
    })

    test('reads concurrent with appends only ever see whole batches below the high watermark', async (t) => {
      const { log } = await setup(t, { segmentBytes: 4096 })
      let writing = true
      const writer = (async () => {
        for (let i = 0; i < 40; i++) {
          await Promise.all(
            Array.from({ length: 5 }, (_, k) => append(log, batch(`x${i}.${k}`, 3, { valueBytes: 40 }))),
          )
        }
        writing = false
      })()
      const reader = (async () => {
        let next = 0n
        while (writing || next < log.logEndOffset) {
          const r = await log.read(next, 700)
          const recs = records(r.records)
          for (const rec of recs) assert.ok(BigInt(rec.offset) < r.highWatermark)
          if (recs.length > 0) next = BigInt(recs.at(-1)!.offset + 1)
          if (recs.length === 0) await new Promise((r) => setImmediate(r))
        }
        return next
      })()
      const [, end] = await Promise.all([writer, reader])
      assert.equal(end, 600n, 'the reader followed the writer to the end')
      assert.equal(log.logEndOffset, 600n)
    })

    test('LogAppendTime stamps the broker time and keeps the CRC valid', async (t) => {
      const { log } = await setup(t, { timestampType: 'LogAppendTime' })
      const before = Date.now()
      const res = await append(log, batch('t', 3, { timestamp: 1000 }))
      assert.ok(res.logAppendTime >= BigInt(before) && res.logAppendTime <= BigInt(Date.now()))
      const { records: buf } = await log.read(0n, 1 << 20)
      const h = validateBatch(buf)
      assert.equal(h.timestampType, 'log-append')
      assert.deepEqual(
        records(buf).map((r) => BigInt(r.timestamp)),
        [res.logAppendTime, res.logAppendTime, res.logAppendTime],
      )
    })

    test('a batch larger than maxMessageBytes is refused and nothing is stored', async (t) => {
      const { log } = await setup(t, { maxMessageBytes: 200 })
      await assert.rejects(append(log, batch('ok'), batch('big', 1, { valueBytes: 300 })), {
        code: 'SPOOL_ERR_RECORD_TOO_LARGE',
      })
      assert.equal(log.logEndOffset, 0n)
      await assert.rejects(append(log, Buffer.alloc(10)), { code: 'SPOOL_ERR_CORRUPT_RECORD' })
    })

    test('offsetForTimestamp finds the first record at or after a time, and the special times', async (t) => {
      const { log } = await setup(t, tinySegments)
      await append(log, batch('a', 3, { timestamps: [100, 300, 200] }))
      await append(log, batch('b', 2, { timestamps: [250, 400] }))
      await append(log, batch('c', 2, { timestamps: [500, 450] }))
      const at = async (ts: bigint) => {
        const hit = await log.offsetForTimestamp(ts)
        return hit && [Number(hit.offset), Number(hit.timestamp)]
      }
      assert.deepEqual(await at(0n), [0, 100])
      assert.deepEqual(await at(150n), [1, 300])
      assert.deepEqual(await at(300n), [1, 300])
      assert.deepEqual(await at(301n), [4, 400])
      assert.deepEqual(await at(460n), [5, 500])
      assert.equal(await at(501n), undefined)
      assert.deepEqual(await at(-1n), [7, -1])
      assert.deepEqual(await at(-2n), [0, -1])
      assert.deepEqual(await at(-3n), [5, 500])
      await log.deleteRecordsBefore(2n)
      assert.deepEqual(await at(150n), [2, 200], 'never answers below logStartOffset')
      assert.deepEqual(await at(-2n), [2, -1])
    })

    test('offsetForTimestamp on an empty log', async (t) => {
      const { log } = await setup(t)
      assert.equal(await log.offsetForTimestamp(0n), undefined)
      assert.equal(await log.offsetForTimestamp(-3n), undefined)
      assert.deepEqual(await log.offsetForTimestamp(-1n), { offset: 0n, timestamp: -1n })
    })

    test('deleteRecordsBefore moves logStartOffset, even into a batch', async (t) => {
      const { log } = await setup(t)
      for (let i = 0; i < 4; i++) await append(log, batch(`d${i}`, 5))
      assert.equal(await log.deleteRecordsBefore(7n), 7n)
      assert.equal(log.logStartOffset, 7n)
      await assert.rejects(log.read(6n, 1000), OffsetOutOfRangeError)
      const r = await log.read(7n, 1 << 20)
      assert.equal(r.logStartOffset, 7n)
      assert.equal(records(r.records)[0]!.offset, 5, 'the batch containing 7 is returned whole')
      assert.equal(await log.deleteRecordsBefore(3n), 7n, 'never moves back')
      await assert.rejects(log.deleteRecordsBefore(21n), OffsetOutOfRangeError)
      assert.equal(await log.deleteRecordsBefore(-1n), 20n, '-1 means the high watermark')
      assert.equal((await log.read(20n, 1000)).records.length, 0)
      const next = await append(log, batch('after'))
      assert.equal(next.baseOffset, 20n)
      assert.equal(next.logStartOffset, 20n)
    })

    test('retention by time deletes old data, oldest first', async (t) => {
      const now = 10_000_000
      const { log } = await setup(t, { ...tinySegments, retentionMs: 1000 })
      for (let i = 0; i < 6; i++) await append(log, batch(`r${i}`, 2, { timestamp: now - 5000 + i * 800 }))
      // Batch i's newest record is at now - 5000 + 800i + 1: batches 0-4 are older than now - 1000.
      const sizeBefore = log.size
      const freed = await log.enforceRetention(now)
      assert.ok(freed > 0)
      assert.equal(log.size, sizeBefore - freed)
      assert.equal(log.logStartOffset, 10n)
      assert.equal(log.logEndOffset, 12n)
      await assert.rejects(log.read(9n, 1000), OffsetOutOfRangeError)
      assert.equal(records((await log.read(10n, 1000)).records)[0]!.value, 'r5-0')
      assert.equal(await log.enforceRetention(now), 0)
    })

    test('retention by time can empty the log; appends continue at the end', async (t) => {
      const { log } = await setup(t, { ...tinySegments, retentionMs: 1000 })
      for (let i = 0; i < 3; i++) await append(log, batch(`e${i}`, 2, { timestamp: 1000 }))
      await log.enforceRetention(1_000_000)
      assert.equal(log.logStartOffset, 6n)
      assert.equal(log.logEndOffset, 6n)
      assert.equal(log.size, 0)
      assert.equal((await append(log, batch('new'))).baseOffset, 6n)
      assert.equal(records((await log.read(6n, 1000)).records)[0]!.value, 'new-0')
    })

    test('retention by size deletes the oldest data while the rest stays at least retentionBytes', async (t) => {
      const { log } = await setup(t, { ...tinySegments, retentionMs: -1 })
      const sizes: number[] = []
      for (let i = 0; i < 10; i++) {
        const b = batch(`s${i}`, 1)
        sizes.push(b.length)
        await append(log, b)
      }
      log.updateConfig({ retentionBytes: sizes[0]! * 3 })
      const freed = await log.enforceRetention(Date.now())
      assert.equal(freed, sizes[0]! * 7)
      assert.equal(log.logStartOffset, 7n)
      assert.equal(records((await log.read(7n, 1 << 20)).records)[0]!.value, 's7-0')
    })

    test('retention -1 keeps everything', async (t) => {
      const { log } = await setup(t, { ...tinySegments, retentionMs: -1, retentionBytes: -1 })
      for (let i = 0; i < 3; i++) await append(log, batch(`k${i}`, 1, { timestamp: 1 }))
      assert.equal(await log.enforceRetention(Date.now()), 0)
      assert.equal(log.logStartOffset, 0n)
    })

    test('a bad config is refused with the property named', async (t) => {
      const store = await target.create(t)
      t.after(() => store.close())
      await assert.rejects(store.open('bad', 0, { ...testConfig, segmentBytes: -5 }), /segmentBytes/)
      const log = await store.open('good', 0, testConfig)
      assert.throws(() => log.updateConfig({ timestampType: 'Nope' as never }), /timestampType/)
      // Long.MAX_VALUE, as kafka-configs sets "forever", arrives as a (huge) number.
      log.updateConfig({ retentionMs: Number('9223372036854775807') })
      await log.append([batch('kept', 1, { timestamp: 1 })])
      assert.equal(await log.enforceRetention(Date.now()), 0)
    })

    test('data, logStartOffset and logEndOffset survive a close and reopen', async (t) => {
      const { store, log } = await setup(t, { segmentBytes: 300 })
      for (let i = 0; i < 8; i++) await append(log, batch(`p${i}`, 3))
      await log.deleteRecordsBefore(10n)
      await store.close()
      const again = await target.reopen(t, store)
      t.after(() => again.close())
      assert.deepEqual(await again.existing(), [{ topic: 'orders', partition: 0 }])
      const log2 = await again.open('orders', 0, { ...testConfig, segmentBytes: 300 })
      assert.equal(log2.logStartOffset, 10n)
      assert.equal(log2.logEndOffset, 24n)
      assert.equal(records((await log2.read(23n, 1000)).records).at(-1)!.value, 'p7-2')
      assert.equal((await log2.append([batch('q')])).baseOffset, 24n)
      await assert.rejects(log2.read(9n, 100), OffsetOutOfRangeError)
    })

    test('open of an open partition returns the same log; a closed log refuses work', async (t) => {
      const { store, log } = await setup(t)
      assert.equal(await store.open('orders', 0, testConfig), log)
      await log.close()
      await assert.rejects(log.append([batch('late')]), { code: 'SPOOL_ERR_STATE' })
      const reopened = await store.open('orders', 0, testConfig)
      assert.notEqual(reopened, log)
      assert.equal(reopened.logEndOffset, 0n)
    })

    test('existing lists partitions, topic names with dashes included; remove deletes data', async (t) => {
      const store = await target.create(t)
      t.after(() => store.close())
      const a = await store.open('my-topic-2', 3, testConfig)
      await a.append([batch('x')])
      const b = await store.open('other', 0, testConfig)
      await b.append([batch('y')])
      const found = (await store.existing()).sort((x, y) => x.topic.localeCompare(y.topic))
      assert.deepEqual(found, [
        { topic: 'my-topic-2', partition: 3 },
        { topic: 'other', partition: 0 },
      ])
      await store.remove('my-topic-2', 3)
      assert.deepEqual(await store.existing(), [{ topic: 'other', partition: 0 }])
      await assert.rejects(a.append([batch('gone')]), { code: 'SPOOL_ERR_STATE' })
      const fresh = await store.open('my-topic-2', 3, testConfig)
      assert.equal(fresh.logEndOffset, 0n)
    })
  })
}
