/**
 * Where keys land, checked against KafkaJS 2.2.4 itself: its `Partitioners.LegacyPartitioner` for
 * the `kafkajs-legacy` partitioner, its Java-compatible `Partitioners.DefaultPartitioner` for the
 * default one.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import kafkajs from 'kafkajs'
import { javaPartition } from '../../src/kafka/adapter.ts'
import { legacyPartition } from '../../src/producer/legacy-murmur2.ts'

const { Partitioners } = kafkajs

/** 1,000 keys of every length from 0 to 40, ASCII and multi-byte UTF-8, ids and free text. */
function keys(): string[] {
  const out: string[] = []
  for (let i = 0; i < 1_000; i++) {
    if (i % 4 === 0) out.push(`user-${i}`)
    else if (i % 4 === 1) out.push(`${'k'.repeat(i % 41)}`)
    else if (i % 4 === 2) out.push(`Z\u00fcrich-\u6771\u4eac-\ud83d\ude80-${i}`.slice(0, i % 23))
    else out.push(crypto.randomUUID().slice(0, i % 37))
  }
  return out
}

const partitionCounts = [1, 2, 3, 5, 6, 7, 12, 16, 31, 64, 100]

function kafkajsPartitions(
  partitioner: ReturnType<typeof Partitioners.LegacyPartitioner>,
  key: string,
  n: number,
) {
  const partitionMetadata = Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    offlineReplicas: [],
    partitionErrorCode: 0,
  }))
  return partitioner({ topic: 't', partitionMetadata, message: { key, value: null } })
}

test('kafkajs-legacy places 1,000 keys as KafkaJS LegacyPartitioner does, over 11 partition counts', () => {
  const legacy = Partitioners.LegacyPartitioner()
  let differsFromJava = 0
  for (const key of keys()) {
    const bytes = Buffer.from(key)
    for (const n of partitionCounts) {
      assert.equal(
        legacyPartition(bytes) % n,
        kafkajsPartitions(legacy, key, n),
        `key '${key}' over ${n} partitions`,
      )
      if (n === 12 && legacyPartition(bytes) % n !== javaPartition({ topic: 't' }, bytes) % n)
        differsFromJava++
    }
  }
  // Why the option exists: most keys land elsewhere with the Java partitioner.
  assert.ok(differsFromJava > 800, `only ${differsFromJava} of 1,000 keys differ over 12 partitions`)
})

test('the default (Java) partitioner places 1,000 keys as KafkaJS DefaultPartitioner does', () => {
  const java = Partitioners.DefaultPartitioner()
  for (const key of keys()) {
    const bytes = Buffer.from(key)
    for (const n of partitionCounts) {
      assert.equal(
        javaPartition({ topic: 't' }, bytes) % n,
        kafkajsPartitions(java, key, n),
        `key '${key}' over ${n} partitions`,
      )
    }
  }
})
