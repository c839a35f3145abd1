/**
 * @platformatic/kafka (flexible versions only) against the embedded broker: admin, every
 * compression codec, keyed produce with the Java-compatible partitioner, idempotent producer,
 * consumer group with commits, offsets, DeleteRecords and configs.
 */
import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import {
  Admin,
  CompressionAlgorithms,
  ConfigResourceTypes,
  Consumer,
  murmur2,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka'
import { broker } from '../helpers/wire.ts'

const base = (bootstrap: string) => ({
  clientId: 'plt-e2e',
  bootstrapBrokers: [bootstrap],
  retries: 3,
  retryDelay: 100,
})

function admin(t: TestContext, bootstrap: string) {
  const a = new Admin(base(bootstrap))
  t.after(() => a.close())
  return a
}

function producer(t: TestContext, bootstrap: string, extra: Record<string, unknown> = {}) {
  const p = new Producer({ ...base(bootstrap), serializers: stringSerializers, ...extra })
  t.after(() => p.close())
  return p
}

async function consumeAll(t: TestContext, bootstrap: string, topic: string, count: number, groupId: string) {
  const consumer = new Consumer({
    ...base(bootstrap),
    groupId,
    deserializers: stringDeserializers,
    maxWaitTime: 200,
  })
  t.after(() => consumer.close(true))
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false })
  const got: Array<{ key: string; value: string; partition: number; offset: bigint }> = []
  for await (const m of stream) {
    got.push({ key: m.key, value: m.value, partition: m.partition, offset: m.offset })
    await m.commit()
    if (got.length >= count) break
  }
  await stream.close()
  return got
}

describe('@platformatic/kafka', () => {
  it('creates topics and lists them with partitions', async (t) => {
    const b = await broker(t)
    const a = admin(t, b.bootstrap)
    const created = await a.createTopics({ topics: ['plt-a'], partitions: 3, replicas: 1 })
    assert.equal(created[0]!.partitions, 3)
    assert.deepEqual(await a.listTopics(), ['plt-a'])
  })

  it('produces with every codec and consumes everything back in a group', async (t) => {
    const b = await broker(t)
    await admin(t, b.bootstrap).createTopics({ topics: ['plt-codecs'], partitions: 2, replicas: 1 })
    const p = producer(t, b.bootstrap)
    const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const
    for (const c of codecs) {
      await p.send({
        compression: c === 'none' ? CompressionAlgorithms.NONE : c,
        messages: [0, 1, 2].map((i) => ({ topic: 'plt-codecs', key: `${c}-${i}`, value: `${c}:${i}` })),
      })
    }
    const got = await consumeAll(t, b.bootstrap, 'plt-codecs', 15, 'plt-group')
    assert.deepEqual(
      got.map((m) => m.value).sort(),
      codecs.flatMap((c) => [0, 1, 2].map((i) => `${c}:${i}`)).sort(),
    )
  })

  it('puts keyed records where the Java partitioner does (murmur2)', async (t) => {
    const b = await broker(t)
    await admin(t, b.bootstrap).createTopics({ topics: ['plt-keys'], partitions: 4, replicas: 1 })
    const partitioner = (m: { key?: Buffer }) => (murmur2(m.key!) & 0x7fffffff) % 4
    const p = producer(t, b.bootstrap, { partitioner })
    const keys = ['alice', 'bob', 'carol', 'dave', 'erin']
    const res = await p.send({ messages: keys.map((key) => ({ topic: 'plt-keys', key, value: key })) })
    assert.equal(res.offsets?.length, keys.length > 0 ? res.offsets!.length : 0)
    const got = await consumeAll(t, b.bootstrap, 'plt-keys', keys.length, 'plt-keys-group')
    for (const m of got) assert.equal(m.partition, (murmur2(Buffer.from(m.key)) & 0x7fffffff) % 4, m.key)
  })

  it('runs an idempotent producer (InitProducerId, sequences) and stores each record once', async (t) => {
    const b = await broker(t)
    await admin(t, b.bootstrap).createTopics({ topics: ['plt-idem'], partitions: 1, replicas: 1 })
    const p = producer(t, b.bootstrap, { idempotent: true })
    for (let i = 0; i < 5; i++)
      await p.send({ messages: [{ topic: 'plt-idem', key: 'k', value: `v${i}` }], acks: -1 })
    const got = await consumeAll(t, b.bootstrap, 'plt-idem', 5, 'plt-idem-group')
    assert.deepEqual(
      got.map((m) => m.value),
      ['v0', 'v1', 'v2', 'v3', 'v4'],
    )
  })

  it('lists offsets, deletes records, describes and alters configs', async (t) => {
    const b = await broker(t)
    const a = admin(t, b.bootstrap)
    await a.createTopics({ topics: ['plt-admin'], partitions: 1, replicas: 1 })
    const p = producer(t, b.bootstrap)
    await p.send({ messages: ['a', 'b', 'c', 'd'].map((value) => ({ topic: 'plt-admin', value })) })
    const latest = await a.listOffsets({
      topics: [{ name: 'plt-admin', partitions: [{ partitionIndex: 0, timestamp: -1n }] }],
    } as never)
    assert.equal((latest as any)[0].partitions[0].offset, 4n)
    const deleted = await a.deleteRecords({
      topics: [{ name: 'plt-admin', partitions: [{ partition: 0, offset: 2n }] }],
    } as never)
    assert.equal((deleted as any)[0].partitions[0].lowWatermark, 2n)
    const earliest = await a.listOffsets({
      topics: [{ name: 'plt-admin', partitions: [{ partitionIndex: 0, timestamp: -2n }] }],
    } as never)
    assert.equal((earliest as any)[0].partitions[0].offset, 2n)
    await a.incrementalAlterConfigs({
      resources: [
        {
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName: 'plt-admin',
          configs: [{ name: 'retention.ms', configOperation: 0, value: '3600000' }],
        },
      ],
    } as never)
    const described = await a.describeConfigs({
      resources: [
        {
          resourceType: ConfigResourceTypes.TOPIC,
          resourceName: 'plt-admin',
          configurationKeys: ['retention.ms', 'cleanup.policy'],
        },
      ],
    })
    const values = Object.fromEntries(described[0]!.configs.map((c) => [c.name, c.value]))
    assert.deepEqual(values, { 'retention.ms': '3600000', 'cleanup.policy': 'delete' })
  })
})
