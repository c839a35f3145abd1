/**
 * 100 000 mutated frames of every API key and version (bit flips, smashed length and count
 * fields, truncation, random tails and bodies, spliced frames, unknown keys and versions, size
 * prefixes that lie) against the embedded broker (memory storage, to stay well under a minute on
 * two cores), over 8 pipelined connections. While it runs, a well-behaved client keeps producing and
 * must see every request answered. Afterwards the broker still serves fresh clients and every
 * record stored before and during the fuzzing is intact.
 *
 * Longer runs, file-backed, with a restart check: `node bench/broker/fuzz.ts --frames 1000000 --seed 7`.
 */
import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import { ApiKeys, encodeBatch } from '@spool/protocol'
import { type StartedBroker, startBroker } from '../../src/index.ts'
import { createTopicWire, produceWire, readTopic, wireTo } from '../conformance/support/neutral.ts'
import { runFuzz } from './driver.ts'

const frames = Number(process.env.SPOOL_FUZZ_FRAMES ?? 100_000)
const seed = Number(process.env.SPOOL_FUZZ_SEED ?? 20_251_123)

describe('fuzz: mutated frames against the embedded broker', { timeout: 120_000 }, () => {
  let broker: StartedBroker | undefined
  const expected: string[] = []
  const kept = 'kept-before-fuzzing'
  const stored = async (b: StartedBroker) =>
    (await readTopic(b.bootstrap, kept)).flatMap((p) => p.records.map((r) => r.value)).sort()
  after(async () => {
    await broker?.stop().catch(() => {})
  })

  it(`survives ${frames} mutated frames; others are served, data intact`, async (t) => {
    broker = await startBroker({ port: 0 })
    const bootstrap = broker.bootstrap

    await createTopicWire(bootstrap, kept, 3)
    for (let p = 0; p < 3; p++) {
      const values = Array.from({ length: 100 }, (_, i) => `before-${p}-${i}`)
      await produceWire(
        bootstrap,
        kept,
        p,
        values.map((value) => ({ value, timestamp: BigInt(Date.now()) })),
      )
      expected.push(...values)
    }

    // A well-behaved client producing all through the fuzzing.
    let fuzzing = true
    const bystander = (async () => {
      const c = await wireTo(bootstrap)
      let i = 0
      while (fuzzing) {
        const value = `during-${i++}`
        const res = await c.request(ApiKeys.PRODUCE, 9, {
          transactionalId: null,
          acks: -1,
          timeoutMs: 5_000,
          topicData: [{ name: kept, partitionData: [{ index: i % 3, records: batchOf(value) }] }],
        })
        assert.equal(res.responses[0]!.partitionResponses[0]!.errorCode, 0)
        expected.push(value)
        await new Promise((r) => setTimeout(r, 20))
      }
      c.close()
      return i
    })()

    const stats = await runFuzz({ port: broker.port, frames, seed })
    fuzzing = false
    const during = await bystander
    t.diagnostic(
      `${stats.delivered} frames in ${stats.ms} ms: ${stats.answered} answered, ${stats.closed} closed the connection, ` +
        `${stats.stalled} stalled, ${stats.silent} silent; ${stats.connections} connections; bystander produced ${during}`,
    )
    assert.equal(stats.delivered, frames)
    assert.ok(stats.answered > frames / 10 && stats.closed > frames / 10, 'both outcomes are exercised')
    assert.ok(stats.stalled < frames / 100, `few stalls (${stats.stalled})`)
    assert.ok(during > 10, 'the bystander kept being served')

    assert.deepEqual(await stored(broker), [...expected].sort())
    await roundTrip(broker.bootstrap)
    const stopping = performance.now()
    await broker.stop()
    broker = undefined
    t.diagnostic(`stopped in ${Math.round(performance.now() - stopping)} ms`)
  })
})

const batchOf = (value: string) =>
  encodeBatch({
    records: [{ key: null, value: Buffer.from(value), headers: [], timestamp: BigInt(Date.now()) }],
  })

/** A fresh @platformatic/kafka producer and consumer work. */
async function roundTrip(bootstrap: string): Promise<void> {
  const base = { clientId: 'after-fuzz', bootstrapBrokers: [bootstrap] }
  await createTopicWire(bootstrap, 'after-fuzz', 1)
  const producer = new Producer({ ...base, serializers: stringSerializers })
  try {
    await producer.send({ messages: [{ topic: 'after-fuzz', key: 'k', value: 'fresh' }] })
  } finally {
    await producer.close()
  }
  const consumer = new Consumer({ ...base, groupId: 'after-fuzz', deserializers: stringDeserializers })
  try {
    const stream = await consumer.consume({ topics: ['after-fuzz'], mode: 'earliest', maxWaitTime: 100 })
    for await (const m of stream) {
      assert.equal(m.value, 'fresh')
      break
    }
    await stream.close()
  } finally {
    await consumer.close(true)
  }
}
