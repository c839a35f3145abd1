/**
 * KafkaJS 2.2.4 consumer groups against the embedded broker over TCP (JoinGroup v5, SyncGroup v3,
 * OffsetCommit v5, OffsetFetch v4, no flexible versions): members joining and leaving, commits,
 * admin offset tools, and a broker restart under a running consumer.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import kafkajs, { type Consumer, type Kafka as KafkaClient } from 'kafkajs'
import { type StartedBroker, startBroker } from '../../src/index.ts'
import { later } from './cleanup.ts'

const { Kafka, logLevel } = kafkajs

async function started(
  t: TestContext,
  options: Parameters<typeof startBroker>[0] = {},
): Promise<StartedBroker> {
  const b = await startBroker({ port: 0, ...options })
  later(t, () => b.stop())
  return b
}

const client = (bootstrap: string, clientId = 'kafkajs-groups') =>
  new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 30, initialRetryTime: 50, maxRetryTime: 500 },
  })

async function produce(kafka: KafkaClient, topic: string, from: number, count: number, partitions: number) {
  const producer = kafka.producer()
  await producer.connect()
  try {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, i) => ({
        partition: (from + i) % partitions,
        key: `k${from + i}`,
        value: `v${from + i}`,
      })),
    })
  } finally {
    await producer.disconnect()
  }
}

interface Member {
  readonly consumer: Consumer
  readonly received: string[]
  partitions(): number[]
}

async function member(t: TestContext, kafka: KafkaClient, groupId: string, topic: string): Promise<Member> {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10_000,
    heartbeatInterval: 200,
    rebalanceTimeout: 15_000,
    // KafkaJS notices a rebalance only between fetches: keep long polls short.
    maxWaitTimeInMs: 100,
  })
  later(t, () => consumer.disconnect())
  const received: string[] = []
  let assigned: number[] = []
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    assigned = (e.payload.memberAssignment[topic] ?? []).slice().sort()
  })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({
    eachMessage: async ({ message }) => {
      received.push(message.value!.toString())
    },
  })
  return { consumer, received, partitions: () => assigned }
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const all = (members: Member[]) => new Set(members.flatMap((m) => m.received))
const expected = (n: number) => new Set(Array.from({ length: n }, (_, i) => `v${i}`))

describe('KafkaJS 2.2.4 consumer groups on the embedded broker', () => {
  it('members join and leave: 2, then 3, then 2 members; every message is consumed', async (t) => {
    const b = await started(t)
    const kafka = client(b.bootstrap)
    const admin = kafka.admin()
    await admin.connect()
    later(t, () => admin.disconnect())
    await admin.createTopics({ topics: [{ topic: 'kjs', numPartitions: 6 }] })

    const m1 = await member(t, kafka, 'g-kjs', 'kjs')
    const m2 = await member(t, kafka, 'g-kjs', 'kjs')
    await until(
      'two members, three partitions each',
      () => m1.partitions().length === 3 && m2.partitions().length === 3,
    )
    await produce(kafka, 'kjs', 0, 30, 6)
    await until('30 messages', () => all([m1, m2]).size === 30)

    const m3 = await member(t, kafka, 'g-kjs', 'kjs')
    await until('three members, two partitions each', () =>
      [m1, m2, m3].every((m) => m.partitions().length === 2),
    )
    await produce(kafka, 'kjs', 30, 12, 6)
    await until('42 messages', () => all([m1, m2, m3]).size === 42)

    await m2.consumer.disconnect()
    await until(
      'two members, three partitions each',
      () => m1.partitions().length === 3 && m3.partitions().length === 3,
    )
    await produce(kafka, 'kjs', 42, 12, 6)
    await until('54 messages', () => all([m1, m2, m3]).size === 54)
    assert.deepEqual(all([m1, m2, m3]), expected(54))

    const described = await admin.describeGroups(['g-kjs'])
    const group = described.groups[0]!
    assert.equal(group.state, 'Stable')
    assert.equal(group.protocol, 'RoundRobinAssigner')
    assert.equal(group.members.length, 2)
    assert.equal(group.members[0]!.clientHost, '/127.0.0.1')
    assert.ok(group.members[0]!.memberAssignment.length > 0)
  })

  it('admin tools: committed offsets, lag inputs, reset and delete of an empty group', async (t) => {
    const b = await started(t)
    const kafka = client(b.bootstrap)
    const admin = kafka.admin()
    await admin.connect()
    later(t, () => admin.disconnect())
    await admin.createTopics({ topics: [{ topic: 'adm', numPartitions: 2 }] })
    await produce(kafka, 'adm', 0, 10, 2)
    const m = await member(t, kafka, 'g-adm', 'adm')
    await until('10 messages', () => m.received.length === 10)
    await m.consumer.disconnect()

    const committed = await admin.fetchOffsets({ groupId: 'g-adm', topics: ['adm'] })
    assert.deepEqual(committed[0]!.partitions.map((p) => [p.partition, p.offset]).sort(), [
      [0, '5'],
      [1, '5'],
    ])
    const ends = await admin.fetchTopicOffsets('adm')
    const lag = ends.map(
      (e) =>
        Number(e.high) - Number(committed[0]!.partitions.find((p) => p.partition === e.partition)!.offset),
    )
    assert.deepEqual(lag, [0, 0])

    await admin.setOffsets({ groupId: 'g-adm', topic: 'adm', partitions: [{ partition: 0, offset: '2' }] })
    const reset = await admin.fetchOffsets({ groupId: 'g-adm', topics: ['adm'] })
    assert.equal(reset[0]!.partitions.find((p) => p.partition === 0)!.offset, '2')

    const listed = await admin.listGroups()
    assert.deepEqual(listed.groups, [{ groupId: 'g-adm', protocolType: 'consumer' }])
    await admin.deleteGroups(['g-adm'])
    assert.deepEqual((await admin.listGroups()).groups, [])
  })

  it('a running consumer carries on across a broker restart without re-reading committed messages', async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'spool-kjs-groups-'))
    later(t, () => rm(dataDir, { recursive: true, force: true }))
    const first = await startBroker({ port: 0, dataDir })
    const port = first.port
    let firstStopped = false
    later(t, async () => (firstStopped ? undefined : first.stop()))
    const kafka = client(first.bootstrap)
    const admin = kafka.admin()
    await admin.connect()
    await admin.createTopics({ topics: [{ topic: 'restart', numPartitions: 2 }] })
    await admin.disconnect()
    await produce(kafka, 'restart', 0, 10, 2)
    const m = await member(t, kafka, 'g-restart', 'restart')
    await until('10 messages', () => m.received.length === 10)
    // KafkaJS commits after each batch; give the last commit a moment to land.
    await new Promise((r) => setTimeout(r, 500))

    await first.stop()
    firstStopped = true
    await started(t, { port, dataDir })
    await produce(kafka, 'restart', 10, 6, 2)
    await until('the 6 new messages', () => m.received.length >= 16)
    await new Promise((r) => setTimeout(r, 500))
    assert.deepEqual(m.received.slice().sort(), [...expected(16)].sort())
    assert.equal(m.received.length, 16, 'nothing consumed twice')
    await m.consumer.disconnect()
  })
})
