/**
 * Conformance: the idempotent producer. Each client produces with idempotence on (the Java console
 * producer's default; KafkaJS `idempotent: true`; @platformatic/kafka `idempotent: true`; librdkafka
 * `enable.idempotence=true`); on each broker every stored batch must carry the producer id and
 * epoch the broker handed out, with sequence numbers running from 0 without a gap in every
 * partition, and each record stored once. A wire-level check then replays a batch (acked again
 * at its first offset, stored once), skips a sequence (OUT_OF_ORDER_SEQUENCE_NUMBER) and resumes.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { ApiKeys, ErrorCodes, encodeBatch } from '@spool/protocol'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { clients } from './clients/index.ts'
import { createTopicWire, listOffsetsWire, readTopic, withWire } from './support/neutral.ts'

describeOnBrokers('conformance: idempotent producer', (target) => {
  for (const client of clients) {
    it(`${client.name}: batches carry a producer id, an epoch and gapless sequences; records stored once`, {
      skip: client.skip,
    }, async () => {
      const conn = { bootstrap: target.bootstrap! }
      const topic = uniqueName(`idem-${client.name}`)
      await createTopicWire(conn.bootstrap, topic, 3)
      const records = Array.from({ length: 60 }, (_, i) => ({ key: `k${i % 9}`, value: `v${i}` }))
      await client.produce(conn, topic, records.slice(0, 30), { idempotent: true })
      await client.produce(conn, topic, records.slice(30), { idempotent: true })

      const stored = await readTopic(conn.bootstrap, topic)
      const values = stored.flatMap((p) => p.records.map((r) => r.value))
      assert.deepEqual(values.sort(), records.map((r) => r.value).sort())
      for (const p of stored) {
        if (p.batches.length === 0) continue
        // Two producer sessions (one per produce call), each with its own id or epoch.
        const sessions = new Map<string, typeof p.batches>()
        for (const b of p.batches) {
          assert.ok(b.producerId >= 0n && b.producerEpoch >= 0, `batch at ${b.baseOffset} has a producer id`)
          const k = `${b.producerId}/${b.producerEpoch}`
          sessions.set(k, [...(sessions.get(k) ?? []), b])
        }
        for (const [session, batches] of sessions) {
          let next = 0
          for (const b of batches) {
            assert.equal(b.baseSequence, next, `partition ${p.partition}, producer ${session}: sequence`)
            next += b.recordCount
          }
        }
      }
    })
  }

  it('wire: a replayed batch is acked at its first offset and stored once; a gap is refused', async () => {
    const bootstrap = target.bootstrap!
    const topic = uniqueName('idem-wire')
    await createTopicWire(bootstrap, topic, 1)
    await withWire(bootstrap, async (c) => {
      const init = await c.request(ApiKeys.INIT_PRODUCER_ID, 4, {
        transactionalId: null,
        transactionTimeoutMs: 60_000,
        producerId: -1n,
        producerEpoch: -1,
      })
      assert.equal(init.errorCode, 0)
      const batch = (baseSequence: number, n: number) =>
        encodeBatch({
          records: Array.from({ length: n }, (_, i) => ({
            key: null,
            value: Buffer.from(`s${baseSequence + i}`),
            headers: [],
            timestamp: BigInt(Date.now()),
          })),
          producerId: init.producerId,
          producerEpoch: init.producerEpoch,
          baseSequence,
        })
      const send = async (records: Buffer) => {
        const res = await c.request(ApiKeys.PRODUCE, 9, {
          transactionalId: null,
          acks: -1,
          timeoutMs: 10_000,
          topicData: [{ name: topic, partitionData: [{ index: 0, records }] }],
        })
        const p = res.responses[0]!.partitionResponses[0]!
        return [p.errorCode, p.baseOffset]
      }
      assert.deepEqual(await send(batch(0, 3)), [0, 0n])
      assert.deepEqual(await send(batch(0, 3)), [0, 0n], 'the replay is acked with its original offset')
      assert.equal((await send(batch(5, 2)))[0], ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER)
      assert.deepEqual(await send(batch(3, 2)), [0, 3n])
    })
    assert.equal((await listOffsetsWire(bootstrap, topic, 1)).get(0), 5n)
    const [p] = await readTopic(bootstrap, topic)
    assert.deepEqual(
      p!.records.map((r) => r.value),
      ['s0', 's1', 's2', 's3', 's4'],
    )
  })
})
