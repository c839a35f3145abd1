/**
 * A mixed migration: KafkaJS services and the bus write the same keys to the same topics. With
 * `partitioner: 'kafkajs-legacy'` the bus puts every key where KafkaJS's LegacyPartitioner does;
 * with the default, where KafkaJS's (Java-compatible) DefaultPartitioner does. Where each record
 * landed is read back by a KafkaJS consumer, not taken from the bus's receipts.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { bootstrapList, describeOnBrokers, type Target, uniqueName } from '@spool/testing'
import kafkajs from 'kafkajs'
import { makeBus, waitFor } from './helpers.ts'

const { Kafka, logLevel, Partitioners } = kafkajs

const KEYS = Array.from({ length: 300 }, (_, i) =>
  i % 3 === 0 ? `user-${i}` : `k\u00e9y-${i}-${'x'.repeat(i % 9)}`,
)
const PARTITION_COUNTS = [3, 7, 12]

function client(target: Target) {
  return new Kafka({
    clientId: uniqueName('kafkajs'),
    brokers: bootstrapList(target.bootstrap!),
    logLevel: logLevel.NOTHING,
    retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 500 },
  })
}

describeOnBrokers('partitioning beside KafkaJS producers', (target) => {
  for (const [name, partitioner, kafkajsPartitioner] of [
    ['kafkajs-legacy', 'kafkajs-legacy', Partitioners.LegacyPartitioner],
    ['java (the default)', 'java', Partitioners.DefaultPartitioner],
  ] as const) {
    it(`partitioner ${name}: the bus puts each key where KafkaJS ${kafkajsPartitioner === Partitioners.LegacyPartitioner ? 'LegacyPartitioner' : 'DefaultPartitioner'} does`, async (t) => {
      const kafka = client(target)
      const topics = PARTITION_COUNTS.map((n) => ({ topic: uniqueName(`keys-${n}`), numPartitions: n }))
      const admin = kafka.admin()
      t.after(() => admin.disconnect())
      await admin.connect()
      await admin.createTopics({ topics: topics.map((x) => ({ ...x, replicationFactor: 1 })) })
      // Every partition has a leader before KafkaJS produces (its own waitForLeaders gives up on
      // a metadata answer that does not list the new topic yet).
      await waitFor(async () => {
        const metadata = await admin
          .fetchTopicMetadata({ topics: topics.map((x) => x.topic) })
          .catch(() => undefined)
        return metadata?.topics.every(
          (x) => x.partitions.length > 0 && x.partitions.every((p) => p.leader >= 0),
        )
      }, 'leaders of the new topics')

      const producer = kafka.producer({ createPartitioner: kafkajsPartitioner })
      t.after(() => producer.disconnect())
      await producer.connect()
      for (const { topic } of topics)
        await producer.send({ topic, messages: KEYS.map((key) => ({ key, value: 'kafkajs' })) })
      const bus = makeBus(t, target, [], { partitioner })
      await bus.connect()
      for (const { topic } of topics)
        await bus.sendMessages(KEYS.map((key) => ({ topic, key, value: 'bus' })))

      const landed = new Map<string, number>() // `${topic}|${key}|${writer}` -> partition
      const consumer = kafka.consumer({ groupId: uniqueName('kafkajs-g') })
      t.after(() => consumer.disconnect())
      await consumer.connect()
      await consumer.subscribe({ topics: topics.map((x) => x.topic), fromBeginning: true })
      await consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          landed.set(`${topic}|${message.key!.toString()}|${message.value!.toString()}`, partition)
        },
      })
      const expected = KEYS.length * topics.length * 2
      await waitFor(() => landed.size === expected, `${expected} records read back`, 60_000)

      for (const { topic, numPartitions } of topics) {
        const spread = new Set<number>()
        for (const key of KEYS) {
          const theirs = landed.get(`${topic}|${key}|kafkajs`)
          const ours = landed.get(`${topic}|${key}|bus`)
          assert.equal(ours, theirs, `key '${key}' on ${numPartitions} partitions`)
          spread.add(ours!)
        }
        assert.equal(spread.size, numPartitions, 'the keys cover every partition')
      }
    })
  }
})
