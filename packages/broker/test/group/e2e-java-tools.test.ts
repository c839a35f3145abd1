/**
 * kafka-consumer-groups (Kafka 4.x's ConsumerGroupCommand, Java AdminClient: ListGroups v5,
 * DescribeGroups v6, OffsetFetch v10 and OffsetCommit v10 by topic id, OffsetDelete, DeleteGroups)
 * against groups on the embedded broker: list, describe with lag, members and state, offset reset,
 * offset delete and group delete. Skipped, visibly, where Java or the Kafka jars are not available.
 */
import assert from 'node:assert/strict'
import { describe, it, type TestContext } from 'node:test'
import { kafkaToolClasses, realKafkaSkipReason, runKafkaTool } from '@spool/testing'
import kafkajs from 'kafkajs'
import { startBroker } from '../../src/index.ts'
import { later } from './cleanup.ts'

const { Kafka, logLevel } = kafkajs

async function groupsTool(bootstrap: string, ...args: string[]): Promise<string> {
  const result = await runKafkaTool(
    kafkaToolClasses.consumerGroups,
    ['--bootstrap-server', bootstrap, ...args],
    {
      timeout: 90_000,
    },
  )
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
  return result.stdout
}

/** Consumes the whole topic in group `groupId` with KafkaJS, commits, and leaves (or stays, if `stay`). */
async function consumeAll(
  t: TestContext,
  bootstrap: string,
  groupId: string,
  expected: number,
  stay = false,
) {
  const kafka = new Kafka({ clientId: 'jt', brokers: [bootstrap], logLevel: logLevel.NOTHING })
  const consumer = kafka.consumer({ groupId, heartbeatInterval: 500, maxWaitTimeInMs: 100 })
  later(t, () => consumer.disconnect())
  let seen = 0
  await consumer.connect()
  await consumer.subscribe({ topic: 'jt', fromBeginning: true })
  await consumer.run({
    eachMessage: async () => {
      seen++
    },
  })
  const deadline = Date.now() + 30_000
  while (seen < expected) {
    if (Date.now() > deadline) throw new Error(`consumed ${seen} of ${expected}`)
    await new Promise((r) => setTimeout(r, 25))
  }
  await new Promise((r) => setTimeout(r, 300))
  if (!stay) await consumer.disconnect()
}

describe('kafka-consumer-groups against the embedded broker', {
  skip: realKafkaSkipReason(),
  timeout: 300_000,
}, () => {
  it('lists, describes with lag, resets and deletes offsets, deletes the group', async (t) => {
    const b = await startBroker({ port: 0 })
    const kafka = new Kafka({ clientId: 'jt-admin', brokers: [b.bootstrap], logLevel: logLevel.NOTHING })
    const admin = kafka.admin()
    const producer = kafka.producer()
    later(t, () => b.stop())
    later(t, () => Promise.all([admin.disconnect(), producer.disconnect()]))
    await admin.connect()
    await admin.createTopics({ topics: [{ topic: 'jt', numPartitions: 2 }] })
    await producer.connect()
    await producer.send({
      topic: 'jt',
      messages: Array.from({ length: 10 }, (_, i) => ({ partition: i % 2, value: `v${i}` })),
    })
    await consumeAll(t, b.bootstrap, 'g-jt', 10)

    assert.match(await groupsTool(b.bootstrap, '--list'), /^g-jt$/m)
    const described = await groupsTool(b.bootstrap, '--describe', '--group', 'g-jt')
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID (none: the group is empty)
    assert.match(described, /g-jt\s+jt\s+0\s+5\s+5\s+0\s+-/)
    assert.match(described, /g-jt\s+jt\s+1\s+5\s+5\s+0/)

    const reset = await groupsTool(
      b.bootstrap,
      '--reset-offsets',
      '--group',
      'g-jt',
      '--topic',
      'jt',
      '--to-earliest',
      '--execute',
    )
    assert.match(reset, /g-jt\s+jt\s+0\s+0/)
    const afterReset = await admin.fetchOffsets({ groupId: 'g-jt', topics: ['jt'] })
    assert.deepEqual(
      afterReset[0]!.partitions.map((p) => p.offset),
      ['0', '0'],
    )

    await groupsTool(b.bootstrap, '--delete-offsets', '--group', 'g-jt', '--topic', 'jt:1')
    const afterDelete = await admin.fetchOffsets({ groupId: 'g-jt', topics: ['jt'] })
    assert.deepEqual(afterDelete[0]!.partitions.map((p) => [p.partition, p.offset]).sort(), [
      [0, '0'],
      [1, '-1'],
    ])

    const deleted = await groupsTool(b.bootstrap, '--delete', '--group', 'g-jt')
    assert.match(deleted, /Deletion of requested consumer groups \('g-jt'\) was successful/)
    assert.doesNotMatch(await groupsTool(b.bootstrap, '--list'), /g-jt/)
  })

  it('describes a live group: members with their assignment, state; refuses to delete it', async (t) => {
    const b = await startBroker({ port: 0 })
    const kafka = new Kafka({ clientId: 'jt-admin', brokers: [b.bootstrap], logLevel: logLevel.NOTHING })
    const admin = kafka.admin()
    const producer = kafka.producer()
    later(t, () => b.stop())
    later(t, () => Promise.all([admin.disconnect(), producer.disconnect()]))
    await admin.connect()
    await admin.createTopics({ topics: [{ topic: 'jt', numPartitions: 2 }] })
    await producer.connect()
    await producer.send({ topic: 'jt', messages: [{ partition: 0, value: 'a' }] })
    await consumeAll(t, b.bootstrap, 'g-live', 1, true)

    const members = await groupsTool(b.bootstrap, '--describe', '--group', 'g-live', '--members', '--verbose')
    // GROUP CONSUMER-ID HOST CLIENT-ID #PARTITIONS CURRENT-EPOCH CURRENT-ASSIGNMENT …
    assert.match(members, /g-live\s+jt-\S+\s+\/127\.0\.0\.1\s+jt\s+2\s+-\s+jt:0,1/)
    const state = await groupsTool(b.bootstrap, '--describe', '--group', 'g-live', '--state')
    assert.match(state, /g-live\s+127\.0\.0\.1:\d+\s+\(1\)\s+RoundRobinAssigner\s+Stable\s+1/)

    const refused = await runKafkaTool(
      kafkaToolClasses.consumerGroups,
      ['--bootstrap-server', b.bootstrap, '--delete', '--group', 'g-live'],
      { timeout: 90_000 },
    )
    assert.match(refused.stdout + refused.stderr, /The group is not empty|NonEmptyGroup|not empty/i)
  })
})
