/**
 * Conformance: metadata and topic admin, with each client against each broker (embedded and real
 * Kafka), same assertions — one broker that is also the controller, at the bootstrap address; a
 * 22-character cluster id; every partition led by that broker with it as sole replica and ISR;
 * create, list, describe, a refused duplicate create, and delete.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { clients } from './clients/index.ts'
import { createTopicWire, metadataWire } from './support/neutral.ts'
import { until } from './support/wait.ts'

describeOnBrokers('conformance: metadata and topics', (target) => {
  for (const client of clients) {
    it(`${client.name}: metadata names one broker, the controller, and describes partitions`, {
      skip: client.skip,
    }, async () => {
      const conn = { bootstrap: target.bootstrap! }
      const topic = uniqueName(`md-${client.name}`)
      await createTopicWire(conn.bootstrap, topic, 3)
      const truth = await metadataWire(conn.bootstrap, [topic])
      const md = await client.metadata(conn, [topic])

      assert.equal(md.brokers.length, 1)
      const [broker] = md.brokers
      assert.equal(`${broker!.host}:${broker!.port}`, conn.bootstrap)
      assert.equal(broker!.id, truth.brokers[0]!.nodeId)
      if (md.controllerId !== undefined) assert.equal(md.controllerId, broker!.id)
      if (md.clusterId !== undefined) {
        assert.match(md.clusterId, /^[A-Za-z0-9_-]{22}$/)
        assert.equal(md.clusterId, truth.clusterId)
      }
      const partitions = md.topics.get(topic)
      assert.ok(partitions, `${topic} in ${[...md.topics.keys()].join(', ')}`)
      assert.deepEqual(
        partitions.map((p) => [p.partition, p.leader, [...p.replicas], [...p.isr]]),
        [0, 1, 2].map((i) => [i, broker!.id, [broker!.id], [broker!.id]]),
      )
    })

    it(`${client.name}: creates, lists, describes and deletes a topic; a second create is refused`, {
      skip: client.skip,
    }, async (t) => {
      const conn = { bootstrap: target.bootstrap! }
      const topic = uniqueName(`admin-${client.name}`)
      if (client.createTopic) await client.createTopic(conn, topic, 4)
      else {
        t.diagnostic(`create through the neutral admin: ${client.lacks.createTopic}`)
        await createTopicWire(conn.bootstrap, topic, 4)
      }
      if (client.listTopics) {
        // (KafkaJS also lists Kafka's internal __consumer_offsets; the embedded broker keeps group
        // offsets in its own journal and has no internal topics. Nothing here depends on them.)
        // Real Kafka propagates a new topic to its metadata cache asynchronously: poll.
        await until(`${topic} listed`, async () => (await client.listTopics!(conn)).includes(topic))
      }
      await until('4 partitions with leaders', async () => {
        const ps = (await client.metadata(conn, [topic])).topics.get(topic) ?? []
        return ps.length === 4 && ps.every((p) => p.leader >= 0)
      })
      if (client.createTopic)
        await assert.rejects(client.createTopic(conn, topic, 4), /exist/i, 'a duplicate create is refused')
      if (!client.deleteTopic) {
        t.diagnostic(`no delete: ${client.lacks.deleteTopic}`)
        return
      }
      await client.deleteTopic(conn, topic)
      await until(
        `${topic} gone`,
        async () => {
          const md = await metadataWire(conn.bootstrap, [topic])
          return md.topics[0]!.errorCode !== 0
        },
        20_000,
      )
      if (client.listTopics)
        assert.ok(!(await client.listTopics(conn)).includes(topic), `${topic} no longer listed`)
    })
  }
})
