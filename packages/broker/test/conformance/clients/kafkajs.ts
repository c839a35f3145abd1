/**
 * KafkaJS 2.2.4 (no flexible versions; Produce ≤ 7, Fetch ≤ 11, Metadata ≤ 6) as a conformance
 * client. Its default partitioner is the Java-compatible murmur2 one.
 *
 * KafkaJS ships gzip only; snappy, lz4 and zstd are plugins. These adapters frame with
 * @spool/protocol's codecs: what is tested is that both brokers take and serve batches framed by
 * KafkaJS (real Kafka decompresses every batch to validate it, so it also checks the codec).
 */
import { compress, decompress } from '@spool/protocol'
import { uniqueName } from '@spool/testing'
import kafkajs from 'kafkajs'
import { until } from '../support/wait.ts'
import type { Client, Codec, Conn, GroupMember, InRecord } from './types.ts'

const { CompressionCodecs, CompressionTypes, Kafka, logLevel, Partitioners } = kafkajs

const adapter = (name: 'snappy' | 'lz4' | 'zstd') => () => ({
  async compress(encoder: { buffer: Buffer }) {
    return compress(name, encoder.buffer)
  },
  async decompress(buffer: Buffer) {
    return decompress(name, buffer)
  },
})
CompressionCodecs[CompressionTypes.Snappy] = adapter('snappy')
CompressionCodecs[CompressionTypes.LZ4] = adapter('lz4')
CompressionCodecs[CompressionTypes.ZSTD] = adapter('zstd')

const codecIds: Record<Codec, number> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
}

const kafka = (conn: Conn) =>
  new Kafka({
    clientId: 'conformance-kafkajs',
    brokers: [conn.bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 5, initialRetryTime: 100 },
    ...(conn.sasl
      ? {
          sasl: {
            mechanism: conn.sasl.mechanism.toLowerCase() as 'plain',
            username: conn.sasl.username,
            password: conn.sasl.password,
          },
        }
      : {}),
  })

async function withAdmin<T>(conn: Conn, fn: (admin: kafkajs.Admin) => Promise<T>): Promise<T> {
  const admin = kafka(conn).admin()
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.disconnect()
  }
}

/** A consumer of `topic` in `group` pushing every record to `sink`, committing after each one. */
async function startConsumer(conn: Conn, group: string, topic: string, sink: InRecord[]) {
  const consumer = kafka(conn).consumer({
    groupId: group,
    sessionTimeout: 10_000,
    rebalanceTimeout: 15_000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 100,
  })
  await consumer.connect()
  await consumer.subscribe({ topics: [topic], fromBeginning: true })
  await consumer.run({
    autoCommitThreshold: 1,
    eachMessage: async ({ partition, message }) => {
      sink.push({
        partition,
        offset: BigInt(message.offset),
        key: message.key === null ? null : message.key.toString(),
        value: message.value?.toString() ?? '',
      })
    },
  })
  return { stop: () => consumer.disconnect() }
}

export const kafkajsClient: Client = {
  name: 'kafkajs',
  skip: undefined,
  codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  lacks: {},

  async metadata(conn, topics) {
    return withAdmin(conn, async (admin) => {
      const cluster = await admin.describeCluster()
      const md = await admin.fetchTopicMetadata(topics ? { topics: [...topics] } : undefined)
      return {
        brokers: cluster.brokers.map((b) => ({ id: b.nodeId, host: b.host, port: b.port })),
        controllerId: cluster.controller ?? undefined,
        clusterId: cluster.clusterId,
        topics: new Map(
          md.topics.map((t) => [
            t.name,
            [...t.partitions]
              .sort((a, b) => a.partitionId - b.partitionId)
              .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr })),
          ]),
        ),
      }
    })
  },

  async createTopic(conn, topic, partitions) {
    await withAdmin(conn, async (admin) => {
      const created = await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] })
      if (!created) throw new Error(`KafkaJS: topic ${topic} already existed`)
    })
  },

  async listTopics(conn) {
    return withAdmin(conn, (admin) => admin.listTopics())
  },

  async deleteTopic(conn, topic) {
    await withAdmin(conn, (admin) => admin.deleteTopics({ topics: [topic] }))
  },

  async produce(conn, topic, records, options = {}) {
    const producer = kafka(conn).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: options.idempotent ?? false,
      ...(options.idempotent ? { maxInFlightRequests: 1 } : {}),
    })
    await producer.connect()
    try {
      await producer.send({
        topic,
        acks: options.acks ?? -1,
        compression: codecIds[options.codec ?? 'none'],
        messages: records.map((r) => ({ key: r.key, value: r.value })),
      })
    } finally {
      await producer.disconnect()
    }
  },

  async consume(conn, topic, count, options = {}) {
    const got: InRecord[] = []
    const c = await startConsumer(conn, options.group ?? uniqueName('kjs-read'), topic, got)
    try {
      await until(`${count} records from ${topic}`, () => got.length >= count, 30_000)
    } finally {
      await c.stop()
    }
    return got
  },

  async member(conn, group, topic, name): Promise<GroupMember> {
    const records: InRecord[] = []
    const c = await startConsumer(conn, group, topic, records)
    return { name, records, stop: () => c.stop() }
  },

  async committed(conn, group, topic) {
    return withAdmin(conn, async (admin) => {
      const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] })
      return new Map((t?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]))
    })
  },
}
