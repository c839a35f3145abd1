/**
 * @platformatic/kafka 2.x (flexible protocol versions only) as a conformance client. Keys go through
 * its `compatibilityPartitioner` (murmur2, as the Java client), not its default one.
 */
import {
  Admin,
  type BaseOptions,
  CompressionAlgorithms,
  Consumer,
  compatibilityPartitioner,
  type Message,
  Producer,
} from '@platformatic/kafka'
import { uniqueName } from '@spool/testing'
import { until } from '../support/wait.ts'
import type { Client, Conn, GroupMember, InRecord } from './types.ts'

const base = (conn: Conn, clientId: string): BaseOptions => ({
  clientId,
  bootstrapBrokers: [conn.bootstrap],
  retries: 5,
  retryDelay: 200,
  // As the other clients: a produce to a topic that does not exist yet creates it.
  autocreateTopics: true,
  ...(conn.sasl ? { sasl: { ...conn.sasl } } : {}),
})

const text = (b: Buffer | null | undefined): string | null =>
  b === null || b === undefined ? null : b.toString()

const toIn = (m: Message<Buffer, Buffer, Buffer, Buffer>): InRecord => ({
  partition: m.partition,
  offset: m.offset,
  key: m.key === undefined || m.key === null || m.key.length === 0 ? null : m.key.toString(),
  value: text(m.value) ?? '',
})

async function withAdmin<T>(conn: Conn, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Admin(base(conn, 'conformance-plt-admin'))
  try {
    return await fn(admin)
  } finally {
    await admin.close()
  }
}

const groupTimings = {
  sessionTimeout: 10_000,
  rebalanceTimeout: 15_000,
  heartbeatInterval: 300,
}

/** Starts a consumer of `topic` in `group`; every record is pushed to `sink` and committed. */
async function startConsumer(conn: Conn, group: string, topic: string, name: string, sink: InRecord[]) {
  const consumer = new Consumer({ ...base(conn, name), groupId: group, ...groupTimings })
  const stream = await consumer.consume({
    topics: [topic],
    mode: 'committed',
    fallbackMode: 'earliest',
    autocommit: false,
    maxWaitTime: 100,
  })
  const commits: Promise<unknown>[] = []
  stream.on('data', (m: Message<Buffer, Buffer, Buffer, Buffer>) => {
    sink.push(toIn(m))
    commits.push(Promise.resolve(m.commit()).catch(() => {}))
  })
  stream.on('error', () => {})
  return {
    partitions: () => (consumer.assignments ?? []).flatMap((a) => a.partitions),
    async stop() {
      await Promise.all(commits)
      await stream.close().catch(() => {})
      await consumer.close(true)
    },
  }
}

export const platformaticClient: Client = {
  name: 'platformatic',
  skip: undefined,
  codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
  lacks: {},

  async metadata(conn, topics) {
    return withAdmin(conn, async (admin) => {
      const names = topics ?? (await admin.listTopics())
      const md = await admin.metadata({ topics: [...names], forceUpdate: true })
      return {
        brokers: [...md.brokers.entries()].map(([id, b]) => ({ id, host: b.host, port: b.port })),
        controllerId: md.controllerId,
        clusterId: md.id,
        topics: new Map(
          [...md.topics.entries()].map(([name, t]) => [
            name,
            t.partitions.map((p, partition) => ({
              partition,
              leader: p.leader,
              replicas: p.replicas,
              isr: p.isr,
            })),
          ]),
        ),
      }
    })
  },

  async createTopic(conn, topic, partitions) {
    await withAdmin(conn, (admin) => admin.createTopics({ topics: [topic], partitions, replicas: 1 }))
  },

  async listTopics(conn) {
    return withAdmin(conn, (admin) => admin.listTopics())
  },

  async deleteTopic(conn, topic) {
    await withAdmin(conn, (admin) => admin.deleteTopics({ topics: [topic] }))
  },

  async produce(conn, topic, records, options = {}) {
    const producer = new Producer({
      ...base(conn, 'conformance-plt-producer'),
      partitioner: compatibilityPartitioner,
      idempotent: options.idempotent ?? false,
    })
    try {
      const codec = options.codec ?? 'none'
      await producer.send({
        acks: options.acks ?? -1,
        compression: codec === 'none' ? CompressionAlgorithms.NONE : codec,
        messages: records.map((r) => ({
          topic,
          ...(r.key === null ? {} : { key: Buffer.from(r.key) }),
          value: Buffer.from(r.value),
        })),
      })
    } finally {
      await producer.close()
    }
  },

  async consume(conn, topic, count, options = {}) {
    const got: InRecord[] = []
    const c = await startConsumer(
      conn,
      options.group ?? uniqueName('plt-read'),
      topic,
      'conformance-plt',
      got,
    )
    try {
      await until(`${count} records from ${topic}`, () => got.length >= count, 30_000)
    } finally {
      await c.stop()
    }
    return got
  },

  async member(conn, group, topic, name): Promise<GroupMember> {
    const records: InRecord[] = []
    const c = await startConsumer(conn, group, topic, name, records)
    return { name, records, stop: () => c.stop(), partitions: c.partitions }
  },

  async committed(conn, group, topic) {
    return withAdmin(conn, async (admin) => {
      const [g] = await admin.listConsumerGroupOffsets({ groups: [group] })
      const t = g?.topics.find((x) => x.name === topic)
      return new Map((t?.partitions ?? []).map((p) => [p.partitionIndex, p.committedOffset]))
    })
  },
}
