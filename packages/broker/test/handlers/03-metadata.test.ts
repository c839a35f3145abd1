import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes, ZERO_UUID } from '@spool/protocol'
import { broker, createTopic, wire } from '../helpers/wire.ts'

describe('Metadata', () => {
  it('describes one broker that is also the controller, with cluster id and topic ids', async (t) => {
    const b = await broker(t, { nodeId: 7 })
    const c = await wire(t, b)
    const id = await createTopic(c, 'm', 3)
    const res = await c.request(ApiKeys.METADATA, 12, {
      topics: null,
      includeTopicAuthorizedOperations: false,
    })
    assert.deepEqual(res.brokers, [{ nodeId: 7, host: '127.0.0.1', port: b.port, rack: null }])
    assert.equal(res.controllerId, 7)
    assert.equal(res.clusterId, b.broker.clusterId)
    assert.equal(res.clusterId!.length, 22)
    const topic = res.topics[0]!
    assert.equal(topic.topicId, id)
    assert.deepEqual(
      topic.partitions.map((p) => [p.partitionIndex, p.leaderId, p.leaderEpoch, p.replicaNodes, p.isrNodes]),
      [0, 1, 2].map((i) => [i, 7, 0, [7], [7]]),
    )
  })

  it('auto-creates requested topics when allowed, not when the request or the broker says no', async (t) => {
    const b = await broker(t, { defaultPartitions: 2 })
    const c = await wire(t, b)
    const no = await c.request(ApiKeys.METADATA, 12, {
      topics: [{ name: 'later', topicId: ZERO_UUID }],
      allowAutoTopicCreation: false,
    })
    assert.equal(no.topics[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    const yes = await c.request(ApiKeys.METADATA, 12, {
      topics: [{ name: 'later', topicId: ZERO_UUID }],
      allowAutoTopicCreation: true,
    })
    assert.equal(yes.topics[0]!.errorCode, 0)
    assert.equal(yes.topics[0]!.partitions.length, 2)
    // v0-3 always allow creation (Kafka's rule): v1 creates too.
    const v1 = await c.request(ApiKeys.METADATA, 1, { topics: [{ name: 'old-client', topicId: ZERO_UUID }] })
    assert.equal(v1.topics[0]!.errorCode, 0)
    const off = await broker(t, { autoCreateTopics: false })
    const c2 = await wire(t, off)
    const refused = await c2.request(ApiKeys.METADATA, 12, {
      topics: [{ name: 'x', topicId: ZERO_UUID }],
      allowAutoTopicCreation: true,
    })
    assert.equal(refused.topics[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
  })

  it('distinguishes all (null) from none (empty) from v1, and treats an empty v0 list as all', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'a')
    assert.equal((await c.request(ApiKeys.METADATA, 12, { topics: [] })).topics.length, 0)
    assert.equal((await c.request(ApiKeys.METADATA, 12, { topics: null })).topics.length, 1)
    assert.equal((await c.request(ApiKeys.METADATA, 0, { topics: [] })).topics.length, 1)
  })

  it('looks topics up by id (v12) and rejects illegal names', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const id = await createTopic(c, 'named')
    const res = await c.request(ApiKeys.METADATA, 12, {
      topics: [
        { name: null, topicId: id },
        { name: null, topicId: '11111111-2222-4333-8444-555555555555' },
        { name: 'bad name!', topicId: ZERO_UUID },
      ],
    })
    assert.equal(res.topics[0]!.name, 'named')
    assert.equal(res.topics[1]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_ID)
    assert.equal(res.topics[2]!.errorCode, ErrorCodes.INVALID_TOPIC_EXCEPTION)
  })

  it('advertises the configured host and port', async (t) => {
    const b = await broker(t, { advertisedHost: 'kafka.local', advertisedPort: 19092 })
    const c = await wire(t, b)
    const res = await c.request(ApiKeys.METADATA, 12, { topics: null })
    assert.deepEqual([res.brokers[0]!.host, res.brokers[0]!.port], ['kafka.local', 19092])
    assert.equal(b.bootstrap, 'kafka.local:19092')
  })
})
