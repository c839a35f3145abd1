/**
 * @platformatic/kafka consumer groups against the embedded broker over TCP: groups of 2 and 3
 * members with rebalances as members come and go, commits, and a broker restart on the same data
 * directory after which the group resumes from its committed offsets.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import {
  Admin,
  Consumer,
  type Message,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka'
import { type StartedBroker, startBroker } from '../../src/index.ts'
import { later } from './cleanup.ts'

type Msg = Message<string, string, string, string>

async function startedBroker(
  t: TestContext,
  options: Parameters<typeof startBroker>[0] = {},
): Promise<StartedBroker> {
  const b = await startBroker({ port: 0, ...options })
  later(t, () => b.stop())
  return b
}

async function createTopic(bootstrap: string, topic: string, partitions: number): Promise<void> {
  const admin = new Admin({ clientId: 'e2e-admin', bootstrapBrokers: [bootstrap] })
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 })
  } finally {
    await admin.close()
  }
}

async function produce(bootstrap: string, topic: string, from: number, count: number, partitions: number) {
  const producer = new Producer({
    clientId: 'e2e-producer',
    bootstrapBrokers: [bootstrap],
    serializers: stringSerializers,
  })
  try {
    await producer.send({
      messages: Array.from({ length: count }, (_, i) => ({
        topic,
        partition: (from + i) % partitions,
        key: `k${from + i}`,
        value: `v${from + i}`,
      })),
    })
  } finally {
    await producer.close()
  }
}

/** A group member that records what it receives and commits each message. */
class Member {
  readonly consumer: Consumer<string, string, string, string>
  readonly received: Msg[] = []
  joins = 0

  constructor(bootstrap: string, groupId: string, name: string) {
    this.consumer = new Consumer({
      clientId: name,
      groupId,
      bootstrapBrokers: [bootstrap],
      deserializers: stringDeserializers,
      sessionTimeout: 10_000,
      rebalanceTimeout: 15_000,
      heartbeatInterval: 200,
      retries: 20,
      retryDelay: 100,
    })
    this.consumer.on('consumer:group:join', () => this.joins++)
  }

  async start(topic: string): Promise<void> {
    const stream = await this.consumer.consume({
      topics: [topic],
      mode: 'committed',
      fallbackMode: 'earliest',
      autocommit: false,
      maxWaitTime: 100,
    })
    stream.on('data', (m: Msg) => {
      this.received.push(m)
      void Promise.resolve(m.commit()).catch(() => {})
    })
    stream.on('error', () => {})
  }

  partitions(): number[] {
    return (this.consumer.assignments ?? []).flatMap((a) => a.partitions).sort()
  }

  close(): Promise<void> {
    return this.consumer.close(true)
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const values = (members: Member[]) => new Set(members.flatMap((m) => m.received.map((r) => r.value)))
const expected = (n: number) => new Set(Array.from({ length: n }, (_, i) => `v${i}`))

describe('@platformatic/kafka consumer groups on the embedded broker', () => {
  it('two members split the partitions, and the survivor takes over when one leaves', async (t) => {
    const b = await startedBroker(t)
    await createTopic(b.bootstrap, 'split', 4)
    const a = new Member(b.bootstrap, 'g-split', 'a')
    const c = new Member(b.bootstrap, 'g-split', 'c')
    later(t, () => Promise.all([a.close(), c.close()]))
    await Promise.all([a.start('split'), c.start('split')])
    await until('both members assigned', () => a.partitions().length + c.partitions().length === 4)
    assert.equal(a.partitions().length, 2)
    assert.deepEqual([...a.partitions(), ...c.partitions()].sort(), [0, 1, 2, 3])
    await produce(b.bootstrap, 'split', 0, 40, 4)
    await until('40 messages', () => values([a, c]).size === 40)
    assert.ok(a.received.length > 0 && c.received.length > 0, 'both members consumed')

    await c.close()
    await until('survivor owns every partition', () => a.partitions().length === 4)
    await produce(b.bootstrap, 'split', 40, 20, 4)
    await until('60 messages', () => values([a, c]).size === 60)
    assert.deepEqual(values([a, c]), expected(60))
  })

  it('three members joining at once form one generation, and rebalance as members leave', async (t) => {
    const b = await startedBroker(t)
    await createTopic(b.bootstrap, 'trio', 6)
    const members = ['x', 'y', 'z'].map((n) => new Member(b.bootstrap, 'g-trio', n))
    later(t, () => Promise.all(members.map((m) => m.close())))
    await Promise.all(members.map((m) => m.start('trio')))
    await until('three members with two partitions each', () =>
      members.every((m) => m.partitions().length === 2),
    )
    const generations = new Set(members.map((m) => m.consumer.generationId))
    assert.equal(generations.size, 1, 'all members in the same generation')
    await produce(b.bootstrap, 'trio', 0, 30, 6)
    await until('30 messages', () => values(members).size === 30)

    await members[2]!.close()
    await until('two members with three partitions each', () =>
      members.slice(0, 2).every((m) => m.partitions().length === 3),
    )
    await produce(b.bootstrap, 'trio', 30, 12, 6)
    await until('42 messages', () => values(members).size === 42)
    assert.deepEqual(values(members), expected(42))
  })

  it('committed offsets survive a broker restart; a new member resumes after them', async (t) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'spool-e2e-groups-'))
    later(t, () => rm(dataDir, { recursive: true, force: true }))
    const first = await startBroker({ port: 0, dataDir })
    const port = first.port
    let firstStopped = false
    later(t, async () => (firstStopped ? undefined : first.stop()))
    await createTopic(first.bootstrap, 'durable', 2)
    await produce(first.bootstrap, 'durable', 0, 10, 2)
    const before = new Member(first.bootstrap, 'g-durable', 'before')
    later(t, () => before.close())
    await before.start('durable')
    await until('10 messages', () => before.received.length >= 10)
    const committed = async () => {
      const offsets = await before.consumer.listCommittedOffsets({
        topics: [{ topic: 'durable', partitions: [0, 1] }],
      })
      return offsets.get('durable') ?? []
    }
    for (let i = 0; i < 100; i++) {
      const o = await committed()
      if (o[0] === 5n && o[1] === 5n) break
      await new Promise((r) => setTimeout(r, 50))
    }
    assert.deepEqual(await committed(), [5n, 5n])
    await before.close()
    await first.stop()
    firstStopped = true

    const second = await startedBroker(t, { port, dataDir })
    await produce(second.bootstrap, 'durable', 10, 4, 2)
    const after = new Member(second.bootstrap, 'g-durable', 'after')
    later(t, () => after.close())
    await after.start('durable')
    await until('the 4 new messages', () => after.received.length >= 4)
    await new Promise((r) => setTimeout(r, 300))
    assert.deepEqual(after.received.map((m) => m.value).sort(), ['v10', 'v11', 'v12', 'v13'])
  })
})
