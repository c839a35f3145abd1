/**
 * Conformance: keyed ordering. Each client produces interleaved records for 24 keys to a topic of
 * 6 partitions; on each broker every key must land in one partition — the one the Java client's
 * partitioner picks, murmur2(key) & 0x7fffffff % 6 (the Java console producer's own placement is
 * checked against the same formula) — with that key's records in the order they were sent.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { murmur2 } from '@platformatic/kafka'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { clients } from './clients/index.ts'
import { createTopicWire, readTopic } from './support/neutral.ts'

const partitions = 6
const keys = Array.from({ length: 24 }, (_, i) => `user-${i * 7919}`)
const rounds = 5

/** Where the Java client's default partitioner puts a key. */
export const javaPartition = (key: string, count: number): number =>
  (murmur2(Buffer.from(key)) & 0x7fffffff) % count

describeOnBrokers('conformance: keyed ordering', (target) => {
  for (const client of clients) {
    it(`${client.name}: same key → same partition (the Java client's), in send order`, {
      skip: client.skip,
    }, async () => {
      const conn = { bootstrap: target.bootstrap! }
      const topic = uniqueName(`keyed-${client.name}`)
      await createTopicWire(conn.bootstrap, topic, partitions)
      const records = []
      for (let round = 0; round < rounds; round++)
        for (const key of keys) records.push({ key, value: `${key}#${round}` })
      await client.produce(conn, topic, records)

      const stored = await readTopic(conn.bootstrap, topic)
      const seen = new Map<string, { partition: number; rounds: number[] }>()
      for (const p of stored) {
        for (const r of p.records) {
          const [key, round] = r.value.split('#')
          assert.equal(r.key, key)
          const s = seen.get(key!) ?? { partition: p.partition, rounds: [] }
          assert.equal(s.partition, p.partition, `${key} in partitions ${s.partition} and ${p.partition}`)
          s.rounds.push(Number(round))
          seen.set(key!, s)
        }
      }
      assert.equal(seen.size, keys.length)
      for (const key of keys) {
        const s = seen.get(key)!
        assert.equal(s.partition, javaPartition(key, partitions), `partition of ${key}`)
        assert.deepEqual(s.rounds, [0, 1, 2, 3, 4], `order of ${key}`)
      }
      assert.ok(new Set([...seen.values()].map((s) => s.partition)).size > 3, 'keys spread over partitions')
    })
  }
})
