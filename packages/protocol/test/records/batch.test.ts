import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import fc from 'fast-check'
import {
  decodeRecords,
  encodeBatch,
  readBatchHeader,
  setBaseOffset,
  setLogAppendTime,
  setPartitionLeaderEpoch,
  splitBatches,
  validateBatch,
} from '../../src/records/batch.ts'

const java: Record<string, string> = JSON.parse(
  readFileSync(new URL('../fixtures/kafka-java.json', import.meta.url), 'utf8'),
).hex
const fixture = (name: string) => Buffer.from(java[name]!, 'hex')

/** The records the Java fixtures were built from (see fixtures/KafkaJavaFixtures.java). */
const RECORDS = [
  {
    timestamp: 1700000000000n,
    key: 'key-1',
    value: 'value-1',
    headers: [
      { key: 'trace', value: 'abc' },
      { key: 'empty', value: null },
    ],
  },
  { timestamp: 1700000000005n, key: null, value: 'value-2' },
  { timestamp: 1699999999990n, key: 'key-3', value: null },
]

const text = (b: Buffer | null) => (b === null ? null : b.toString())

for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const) {
  test(`decodes a ${codec} batch written by Kafka's Java client`, () => {
    const batch = fixture(`batch_${codec}`)
    const header = validateBatch(batch)
    assert.equal(header.compression, codec)
    assert.equal(header.baseOffset, 42n)
    assert.equal(header.lastOffsetDelta, 2)
    assert.equal(header.recordCount, 3)
    assert.equal(header.baseTimestamp, 1700000000000n)
    assert.equal(header.maxTimestamp, 1700000000005n)
    assert.equal(header.producerId, -1n)
    assert.equal(header.timestampType, 'create')
    const { records } = decodeRecords(batch)
    assert.deepEqual(
      records.map((r) => [r.offset, r.timestamp, text(r.key), text(r.value)]),
      [
        [42n, 1700000000000n, 'key-1', 'value-1'],
        [43n, 1700000000005n, null, 'value-2'],
        [44n, 1699999999990n, 'key-3', null],
      ],
    )
    assert.deepEqual(
      records[0]!.headers.map((h) => [h.key, text(h.value)]),
      [
        ['trace', 'abc'],
        ['empty', null],
      ],
    )
  })
}

test('encodes byte-for-byte what the Java client writes for an uncompressed batch', () => {
  assert.ok(encodeBatch({ baseOffset: 42n, records: RECORDS }).equals(fixture('batch_none')))
})

test('Java-compatible compressed batches: ours decode to the same records as theirs', () => {
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    const ours = encodeBatch({ baseOffset: 42n, records: RECORDS, compression: codec })
    validateBatch(ours)
    const strip = (b: Buffer) => decodeRecords(b).records
    assert.deepStrictEqual(strip(ours), strip(fixture(`batch_${codec}`)), codec)
  }
})

test('multi-block snappy and lz4 batches from Java', () => {
  for (const codec of ['snappy', 'lz4']) {
    const batch = fixture(`big_${codec}`)
    validateBatch(batch)
    const { records } = decodeRecords(batch)
    assert.equal(records.length, 300)
    assert.equal(text(records[299]!.value), `value-299-${'x'.repeat(400)}`)
    assert.equal(records[299]!.offset, 299n)
  }
})

test('transactional, idempotent, LogAppendTime batch from Java', () => {
  const batch = fixture('batch_txn')
  const h = validateBatch(batch)
  assert.equal(h.isTransactional, true)
  assert.equal(h.isControl, false)
  assert.equal(h.timestampType, 'log-append')
  assert.equal(h.producerId, 1234n)
  assert.equal(h.producerEpoch, 3)
  assert.equal(h.baseSequence, 17)
  assert.equal(h.partitionLeaderEpoch, 5)
  // Under LogAppendTime every record takes the batch's max timestamp.
  for (const r of decodeRecords(batch).records) assert.equal(r.timestamp, h.maxTimestamp)
  const ours = encodeBatch({
    baseOffset: 7n,
    records: RECORDS,
    partitionLeaderEpoch: 5,
    timestampType: 'log-append',
    isTransactional: true,
    producerId: 1234n,
    producerEpoch: 3,
    baseSequence: 17,
    baseTimestamp: h.baseTimestamp,
  })
  setLogAppendTime(ours, h.maxTimestamp)
  assert.ok(ours.equals(batch))
})

test('offsets and leader epoch are rewritten in place without breaking the CRC', () => {
  const batch = encodeBatch({ records: [{ value: 'a' }, { value: 'b' }] })
  setBaseOffset(batch, 1000n)
  setPartitionLeaderEpoch(batch, 12)
  const h = validateBatch(batch)
  assert.equal(h.baseOffset, 1000n)
  assert.equal(h.partitionLeaderEpoch, 12)
  assert.deepEqual(
    decodeRecords(batch).records.map((r) => r.offset),
    [1000n, 1001n],
  )
})

test('setLogAppendTime updates the attributes and the CRC', () => {
  const batch = encodeBatch({ records: [{ value: 'a', timestamp: 5 }] })
  setLogAppendTime(batch, 99n)
  const h = validateBatch(batch)
  assert.equal(h.timestampType, 'log-append')
  assert.equal(decodeRecords(batch).records[0]!.timestamp, 99n)
})

test('corruption is detected with SPOOL_ERR_CORRUPT_RECORD', () => {
  const good = encodeBatch({ records: [{ key: 'k', value: 'v' }] })
  const flipped = Buffer.from(good)
  flipped[flipped.length - 1]! ^= 1
  assert.throws(() => validateBatch(flipped), { code: 'SPOOL_ERR_CORRUPT_RECORD', message: /CRC/ })
  assert.throws(() => validateBatch(good.subarray(0, good.length - 1)), { code: 'SPOOL_ERR_CORRUPT_RECORD' })
  const magic1 = Buffer.from(good)
  magic1[16] = 1
  assert.throws(() => readBatchHeader(magic1), { code: 'SPOOL_ERR_CORRUPT_RECORD', message: /magic 1/ })
  assert.throws(() => readBatchHeader(good.subarray(0, 60)), {
    code: 'SPOOL_ERR_PROTOCOL',
    message: /Truncated/,
  })
})

test('splitBatches returns whole batches and reports a partial tail', () => {
  const a = encodeBatch({ records: [{ value: 'a' }] })
  const b = encodeBatch({ baseOffset: 1n, records: [{ value: 'bb' }, { value: 'cc' }], compression: 'gzip' })
  const all = Buffer.concat([a, b])
  const whole = splitBatches(all)
  assert.equal(whole.batches.length, 2)
  assert.equal(whole.partialBytes, 0)
  assert.ok(whole.batches[1]!.equals(b))
  const cut = splitBatches(all.subarray(0, all.length - 3))
  assert.equal(cut.batches.length, 1)
  assert.equal(cut.partialBytes, b.length - 3)
  assert.equal(splitBatches(Buffer.alloc(0)).batches.length, 0)
})

test('an empty record list is refused', () => {
  assert.throws(() => encodeBatch({ records: [] }), /at least one record/)
})

const recordArb = fc.record({
  key: fc.option(fc.uint8Array({ maxLength: 40 }).map((u) => Buffer.from(u))),
  value: fc.option(fc.uint8Array({ maxLength: 300 }).map((u) => Buffer.from(u))),
  headers: fc.array(
    fc.record({
      key: fc.string(),
      value: fc.option(fc.uint8Array({ maxLength: 20 }).map((u) => Buffer.from(u))),
    }),
    { maxLength: 3 },
  ),
  timestamp: fc.bigInt({ min: 0n, max: 2n ** 45n }),
})

test('property: any records round-trip through any codec with a valid CRC', () => {
  fc.assert(
    fc.property(
      fc.array(recordArb, { minLength: 1, maxLength: 20 }),
      fc.constantFrom('none', 'gzip', 'snappy', 'lz4', 'zstd' as const),
      fc.bigInt({ min: 0n, max: 2n ** 62n }),
      (records, compression, baseOffset) => {
        const batch = encodeBatch({ records, compression, baseOffset })
        const header = validateBatch(batch)
        assert.equal(header.recordCount, records.length)
        assert.equal(header.lastOffsetDelta, records.length - 1)
        let max = records[0]!.timestamp
        for (const r of records) if (r.timestamp > max) max = r.timestamp
        assert.equal(header.maxTimestamp, max)
        const decoded = decodeRecords(batch).records
        decoded.forEach((r, i) => {
          const want = records[i]!
          assert.equal(r.offset, baseOffset + BigInt(i))
          assert.equal(r.timestamp, want.timestamp)
          assert.deepEqual(r.key, want.key)
          assert.deepEqual(r.value, want.value)
          assert.deepEqual(
            r.headers,
            want.headers.map((h) => ({ key: h.key, value: h.value })),
          )
        })
      },
    ),
    { numRuns: 150 },
  )
})

test('property: a flipped bit anywhere after the CRC field is caught', () => {
  const batch = encodeBatch({ records: [{ key: 'k', value: 'some value' }, { value: 'other' }] })
  fc.assert(
    fc.property(fc.integer({ min: 21, max: batch.length - 1 }), fc.integer({ min: 0, max: 7 }), (at, bit) => {
      const copy = Buffer.from(batch)
      copy[at]! ^= 1 << bit
      assert.throws(() => validateBatch(copy), { code: 'SPOOL_ERR_CORRUPT_RECORD' })
    }),
  )
})
