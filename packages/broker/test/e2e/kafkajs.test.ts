/**
 * KafkaJS 2.2.4 against the embedded broker: admin, every compression codec, keyed produce,
 * offsets, DeleteRecords, configs, idempotent producer, and a consumer group.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compress, decompress } from '@spool/protocol'
import kafkajs from 'kafkajs'
import { broker } from '../helpers/wire.ts'

const { CompressionCodecs, CompressionTypes, Kafka, logLevel } = kafkajs

// KafkaJS ships gzip only; the other codecs are plugins. These adapters use our own codec, so the
// point here is the broker storing and serving what KafkaJS framed, not the codec itself (kcat and
// @platformatic/kafka cover independent codecs).
const codec = (name: 'snappy' | 'lz4' | 'zstd') => () => ({
  async compress(encoder: { buffer: Buffer }) {
    return compress(name, encoder.buffer)
  },
  async decompress(buffer: Buffer) {
    return decompress(name, buffer)
  },
})
CompressionCodecs[CompressionTypes.Snappy] = codec('snappy')
CompressionCodecs[CompressionTypes.LZ4] = codec('lz4')
CompressionCodecs[CompressionTypes.ZSTD] = codec('zstd')

const { ConfigResourceTypes } = kafkajs

const client = (bootstrap: string) =>
  new Kafka({
    clientId: 'kafkajs-e2e',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 50 },
  })

describe('KafkaJS 2.2.4', () => {
  it('creates topics, produces with every codec and reads offsets back', async (t) => {
    const b = await broker(t)
    const kafka = client(b.bootstrap)
    const admin = kafka.admin()
    await admin.connect()
    t.after(() => admin.disconnect())
    assert.equal(await admin.createTopics({ topics: [{ topic: 'codecs', numPartitions: 2 }] }), true)
    assert.deepEqual(await admin.listTopics(), ['codecs'])
    const producer = kafka.producer()
    await producer.connect()
    t.after(() => producer.disconnect())
    const types = [
      CompressionTypes.None,
      CompressionTypes.GZIP,
      CompressionTypes.Snappy,
      CompressionTypes.LZ4,
      CompressionTypes.ZSTD,
    ]
    for (const compression of types) {
      const [r] = await producer.send({
        topic: 'codecs',
        compression,
        messages: [
          { key: 'same-key', value: `c${compression}-1` },
          { key: 'same-key', value: `c${compression}-2` },
        ],
      })
      assert.equal(r!.errorCode, 0)
    }
    const offsets = await admin.fetchTopicOffsets('codecs')
    const total = offsets.reduce((n, o) => n + Number(o.high), 0)
    assert.equal(total, 10)
    // Same key → same partition.
    assert.equal(offsets.filter((o) => Number(o.high) > 0).length, 1)
  })

  it('consumes in a group, committing offsets, and resumes where it left off', async (t) => {
    const b = await broker(t)
    const kafka = client(b.bootstrap)
    const admin = kafka.admin()
    await admin.connect()
    t.after(() => admin.disconnect())
    await admin.createTopics({ topics: [{ topic: 'kjs-group', numPartitions: 3 }] })
    const producer = kafka.producer()
    await producer.connect()
    t.after(() => producer.disconnect())
    await producer.send({
      topic: 'kjs-group',
      messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 7}`, value: `v${i}` })),
    })
    const read = async (expect: number) => {
      const consumer = kafka.consumer({
        groupId: 'kjs-g',
        maxWaitTimeInMs: 100,
        sessionTimeout: 10_000,
        heartbeatInterval: 500,
      })
      await consumer.connect()
      await consumer.subscribe({ topics: ['kjs-group'], fromBeginning: true })
      const values: string[] = []
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`got ${values.length}/${expect}`)), 20_000)
        consumer
          .run({
            eachMessage: async ({ message }) => {
              values.push(message.value!.toString())
              if (values.length >= expect) {
                clearTimeout(timer)
                resolve()
              }
            },
          })
          .catch(reject)
      })
      await consumer.disconnect()
      return values
    }
    const first = await read(30)
    assert.equal(new Set(first).size, 30)
    await producer.send({ topic: 'kjs-group', messages: [{ key: 'late', value: 'late' }] })
    assert.deepEqual(await read(1), ['late'], 'committed offsets are honoured')
    const offsets = await admin.fetchOffsets({ groupId: 'kjs-g', topics: ['kjs-group'] })
    assert.equal(
      offsets[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0),
      31,
    )
  })

  it('runs the admin API: offsets by time, DeleteRecords, configs, partitions, delete topics', async (t) => {
    const b = await broker(t)
    const kafka = client(b.bootstrap)
    const admin = kafka.admin()
    await admin.connect()
    t.after(() => admin.disconnect())
    await admin.createTopics({
      topics: [
        { topic: 'kjs-admin', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '7200000' }] },
      ],
    })
    const producer = kafka.producer()
    await producer.connect()
    t.after(() => producer.disconnect())
    await producer.send({
      topic: 'kjs-admin',
      messages: [1000, 2000, 3000].map((ts) => ({ value: `at${ts}`, timestamp: String(ts) })),
    })
    const byTime = await admin.fetchTopicOffsetsByTimestamp('kjs-admin', 1500)
    assert.equal(byTime[0]!.offset, '1')
    await admin.deleteTopicRecords({ topic: 'kjs-admin', partitions: [{ partition: 0, offset: '2' }] })
    const offsets = await admin.fetchTopicOffsets('kjs-admin')
    assert.deepEqual([offsets[0]!.low, offsets[0]!.high], ['2', '3'])
    const configs = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'kjs-admin', configNames: ['retention.ms'] }],
      includeSynonyms: false,
    })
    assert.equal(configs.resources[0]!.configEntries[0]!.configValue, '7200000')
    await admin.createPartitions({ topicPartitions: [{ topic: 'kjs-admin', count: 3 }] })
    const md = await admin.fetchTopicMetadata({ topics: ['kjs-admin'] })
    assert.equal(md.topics[0]!.partitions.length, 3)
    await admin.deleteTopics({ topics: ['kjs-admin'] })
    assert.deepEqual(await admin.listTopics(), [])
  })

  it('runs an idempotent producer, and refuses a transactional one with a clear error', async (t) => {
    const b = await broker(t)
    const kafka = client(b.bootstrap)
    const idem = kafka.producer({ idempotent: true, maxInFlightRequests: 1 })
    await idem.connect()
    t.after(() => idem.disconnect())
    for (let i = 0; i < 3; i++)
      await idem.send({ topic: 'kjs-idem', acks: -1, messages: [{ value: `v${i}` }] })
    const admin = kafka.admin()
    await admin.connect()
    t.after(() => admin.disconnect())
    assert.equal((await admin.fetchTopicOffsets('kjs-idem'))[0]!.high, '3')
    const tx = kafka.producer({
      transactionalId: 'kjs-tx',
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 1, initialRetryTime: 10 },
    })
    // The broker refuses the transaction coordinator lookup (TRANSACTIONAL_ID_AUTHORIZATION_FAILED):
    // KafkaJS gives up at once instead of retrying for a coordinator that never comes.
    const started = Date.now()
    await assert.rejects(
      tx.connect().then(() => tx.transaction()),
      /coordinator|transactional/i,
    )
    assert.ok(Date.now() - started < 5_000)
    await tx.disconnect()
  })
})
