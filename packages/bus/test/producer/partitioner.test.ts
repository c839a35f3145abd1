import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { OutgoingMessage } from '../../src/kafka/adapter.ts'
import { StickyPartitioner } from '../../src/producer/partitioner.ts'

/**
 * Ground truth from the Java client (kafka-clients 4.4.0): for each key,
 * `Utils.toPositive(Utils.murmur2(keyBytes))` and that value modulo 3, 6 and 12 partitions, computed
 * by Kafka's own org.apache.kafka.common.utils.Utils.murmur2 and checked against
 * BuiltInPartitioner.partitionForKey. Keys are UTF-8 text or raw bytes (hex).
 */
const javaPartitions: [
  encoding: 'utf8' | 'hex',
  key: string,
  positiveHash: number,
  p3: number,
  p6: number,
  p12: number,
][] = [
  ['utf8', 'a', 584102524, 1, 4, 4],
  ['utf8', 'ab', 316155434, 2, 2, 2],
  ['utf8', 'abc', 479470107, 0, 3, 3],
  ['utf8', 'abcd', 823834100, 2, 2, 8],
  ['utf8', 'abcde', 461995741, 1, 1, 1],
  ['utf8', 'order-1', 1221710326, 1, 4, 10],
  ['utf8', 'order-2', 1091984643, 0, 3, 3],
  ['utf8', 'order-42', 501153024, 0, 0, 0],
  ['utf8', 'customer:1001', 2000451828, 0, 0, 0],
  ['utf8', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', 149263511, 2, 5, 11],
  ['utf8', 'user@example.com', 679799700, 0, 0, 0],
  ['utf8', 'Z\u00fcrich', 596342833, 1, 1, 1],
  ['utf8', '\u6771\u4eac', 779097643, 1, 1, 7],
  ['utf8', 'caf\u00e9-\u2615', 1578663716, 2, 2, 8],
  ['utf8', '\ud83d\ude80rocket', 1573878511, 1, 1, 7],
  ['utf8', ' ', 1160251521, 0, 3, 9],
  ['utf8', 'Hello, Kafka!', 1099006511, 2, 5, 11],
  ['utf8', 'x'.repeat(100), 1249054468, 1, 4, 4],
  ['utf8', 'The quick brown fox jumps over the lazy dog', 495243318, 0, 0, 6],
  ['utf8', '0', 971027396, 2, 2, 8],
  ['utf8', '-1', 1531782027, 0, 3, 3],
  ['hex', '00', 375494588, 2, 2, 8],
  ['hex', 'ff', 1836015963, 0, 3, 3],
  ['hex', '00000000', 850957120, 1, 4, 4],
  ['hex', 'deadbeef', 833564499, 0, 3, 3],
  ['hex', 'ffffffffff', 1783645026, 0, 0, 6],
  ['hex', '0102030405060708090a', 1978723107, 0, 3, 3],
]

/** The empty key (a non-null, zero-length byte array), from the same Java run. */
const javaEmptyKey = { positiveHash: 275646681, p3: 0, p6: 3, p12: 9 }

function message(topic: string, key?: Buffer, partition?: number): OutgoingMessage {
  return { topic, key, value: Buffer.from('{}'), partition }
}

test('keyed records land where the Java client puts them (3, 6 and 12 partitions)', () => {
  const partitioner = new StickyPartitioner()
  for (const [encoding, text, positiveHash, p3, p6, p12] of javaPartitions) {
    const key = Buffer.from(text, encoding)
    const raw = partitioner.partition(message('orders', key), key)
    const label = `${encoding}:${text.slice(0, 20)}`
    assert.equal(raw, positiveHash, `${label}: toPositive(murmur2)`)
    assert.deepEqual([raw % 3, raw % 6, raw % 12], [p3, p6, p12], label)
  }
})

test('the empty key is a key, as in the Java client (only a missing key is unkeyed)', () => {
  const partitioner = new StickyPartitioner()
  const key = Buffer.alloc(0)
  const raw = partitioner.partition(message('orders', key), key)
  assert.equal(raw, javaEmptyKey.positiveHash)
  assert.deepEqual([raw % 3, raw % 6, raw % 12], [javaEmptyKey.p3, javaEmptyKey.p6, javaEmptyKey.p12])
})

test('the same key always gets the same partition, whatever the topic or batch', () => {
  const partitioner = new StickyPartitioner()
  const key = Buffer.from('order-1')
  const first = partitioner.partition(message('a', key), key)
  partitioner.rotate()
  assert.equal(partitioner.partition(message('b', key), key), first)
  assert.equal(partitioner.partition(message('a', key), key), first)
})

test('an explicit partition wins over the key', () => {
  const partitioner = new StickyPartitioner()
  const key = Buffer.from('order-1')
  const m = message('orders', key, 5)
  assert.equal(partitioner.partition(m, key), 5)
  assert.equal(partitioner.assign(m, 12), 5)
})

test('assign() sets the partition of a record for a topic size and returns it', () => {
  const partitioner = new StickyPartitioner()
  const keyed = message('orders', Buffer.from('alice'))
  const raw = partitioner.partition(keyed, keyed.key)
  assert.equal(partitioner.assign(keyed, 6), raw % 6)
  assert.equal(keyed.partition, raw % 6)
  const explicit = message('orders', undefined, 4)
  assert.equal(partitioner.assign(explicit, 6), 4)
})

test('unkeyed records of one batch stick to one partition; rotate() moves to the next', () => {
  const partitioner = new StickyPartitioner()
  const batch = () => Array.from({ length: 20 }, () => partitioner.partition(message('orders'), undefined))
  const first = batch()
  assert.equal(new Set(first).size, 1, 'one batch spread over several partitions')
  const n = first[0]!
  assert.ok(Number.isInteger(n) && n >= 0)
  partitioner.rotate()
  const second = batch()
  assert.deepEqual(new Set(second), new Set([n + 1]))
  for (const partitions of [3, 6, 12]) assert.notEqual(second[0]! % partitions, n % partitions)
  partitioner.rotate()
  assert.equal(partitioner.partition(message('orders'), undefined), n + 2)
})

test('each topic has its own sticky partition, and rotate() moves them all', () => {
  const partitioner = new StickyPartitioner()
  const a = partitioner.partition(message('a'), undefined)
  const b = partitioner.partition(message('b'), undefined)
  assert.equal(partitioner.partition(message('a'), undefined), a)
  assert.equal(partitioner.partition(message('b'), undefined), b)
  partitioner.rotate()
  assert.equal(partitioner.partition(message('a'), undefined), a + 1)
  assert.equal(partitioner.partition(message('b'), undefined), b + 1)
})

test('sticky starting points differ between partitioners (not every producer starts at 0)', () => {
  const starts = new Set(
    Array.from({ length: 20 }, () => new StickyPartitioner().partition(message('orders'), undefined) % 12),
  )
  assert.ok(starts.size > 1, 'twenty producers all started on the same partition')
})
