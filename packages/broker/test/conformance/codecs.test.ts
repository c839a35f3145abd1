/**
 * Conformance: produce and consume with every compression codec each client supports, against
 * each broker. The broker must store each batch as the client framed it (the neutral reader checks
 * the codec in every stored batch header) and serve it back so that the same client reads every
 * record once, at the offset the broker gave it.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { clients } from './clients/index.ts'
import { createTopicWire, readTopic } from './support/neutral.ts'

const perCodec = 20
// Compressible values: librdkafka sends a batch uncompressed when compression would not shrink it.
const padding = 'x'.repeat(200)

describeOnBrokers('conformance: compression codecs', (target) => {
  for (const client of clients) {
    it(`${client.name}: produces with ${client.codecs.join(', ')} and consumes every record back`, {
      skip: client.skip,
    }, async () => {
      const conn = { bootstrap: target.bootstrap! }
      const topic = uniqueName(`codecs-${client.name}`)
      await createTopicWire(conn.bootstrap, topic, 2)
      for (const codec of client.codecs) {
        const records = Array.from({ length: perCodec }, (_, i) => ({
          key: `k${i % 4}`,
          value: `${codec}-${i}-${padding}`,
        }))
        await client.produce(conn, topic, records, { codec })
      }

      const stored = await readTopic(conn.bootstrap, topic)
      const where = new Map<string, { partition: number; offset: bigint; codec: string }>()
      for (const p of stored) {
        for (const r of p.records) {
          assert.ok(!where.has(r.value), `${r.value} stored twice`)
          const batch = p.batches.find(
            (b) => b.baseOffset <= r.offset && r.offset <= b.baseOffset + BigInt(b.lastOffsetDelta),
          )
          where.set(r.value, { partition: p.partition, offset: r.offset, codec: batch!.compression })
        }
      }
      assert.equal(where.size, perCodec * client.codecs.length)
      for (const [value, at] of where) assert.equal(at.codec, value.split('-')[0], `batch codec of ${value}`)

      const consumed = await client.consume(conn, topic, where.size)
      assert.equal(consumed.length, where.size)
      for (const r of consumed) {
        const at = where.get(r.value)
        assert.ok(at, `consumed ${r.value}, which was never stored`)
        assert.deepEqual(
          [r.partition, r.offset, r.key],
          [at.partition, at.offset, `k${Number(r.value.split('-')[1]) % 4}`],
        )
      }
      assert.equal(new Set(consumed.map((r) => r.value)).size, where.size, 'each record consumed once')
    })
  }
})
