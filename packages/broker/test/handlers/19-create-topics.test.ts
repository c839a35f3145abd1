import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes, ZERO_UUID } from '@spool/protocol'
import { broker, wire } from '../helpers/wire.ts'

const topic = (name: string, more: Record<string, unknown> = {}) => ({
  name,
  numPartitions: 1,
  replicationFactor: 1,
  assignments: [],
  configs: [],
  ...more,
})

describe('CreateTopics', () => {
  it('creates topics with partitions, configs and an id, and describes them (v5+)', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const res = await c.request(ApiKeys.CREATE_TOPICS, 7, {
      topics: [
        topic('t1', { numPartitions: 4, configs: [{ name: 'retention.ms', value: '1000' }] }),
        topic('t2', { numPartitions: -1, replicationFactor: -1 }),
      ],
      timeoutMs: 1000,
      validateOnly: false,
    })
    const [t1, t2] = res.topics
    assert.equal(t1!.errorCode, 0)
    assert.notEqual(t1!.topicId, ZERO_UUID)
    assert.equal(t1!.numPartitions, 4)
    assert.equal(t1!.replicationFactor, 1)
    const retention = t1!.configs!.find((x) => x.name === 'retention.ms')!
    assert.deepEqual([retention.value, retention.configSource], ['1000', 1])
    assert.equal(t2!.numPartitions, 1, 'broker default')
    assert.equal(b.broker.topics.get('t1')?.partitions.length, 4)
  })

  it('refuses a replication factor above 1, a duplicate topic, bad partitions, bad configs and bad names', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await c.request(ApiKeys.CREATE_TOPICS, 7, {
      topics: [topic('exists')],
      timeoutMs: 1000,
      validateOnly: false,
    })
    const res = await c.request(ApiKeys.CREATE_TOPICS, 7, {
      topics: [
        topic('rf3', { replicationFactor: 3 }),
        topic('exists'),
        topic('zero', { numPartitions: 0 }),
        topic('cfg', { configs: [{ name: 'no.such.config', value: '1' }] }),
        topic('cfg2', { configs: [{ name: 'retention.ms', value: 'soon' }] }),
        topic('bad/name'),
        topic('twice'),
        topic('twice'),
        topic('assigned', {
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [{ partitionIndex: 0, brokerIds: [2] }],
        }),
      ],
      timeoutMs: 1000,
      validateOnly: false,
    })
    assert.deepEqual(
      res.topics.map((x) => [x.name, x.errorCode]),
      [
        ['rf3', ErrorCodes.INVALID_REPLICATION_FACTOR],
        ['exists', ErrorCodes.TOPIC_ALREADY_EXISTS],
        ['zero', ErrorCodes.INVALID_PARTITIONS],
        ['cfg', ErrorCodes.INVALID_CONFIG],
        ['cfg2', ErrorCodes.INVALID_CONFIG],
        ['bad/name', ErrorCodes.INVALID_TOPIC_EXCEPTION],
        ['twice', ErrorCodes.INVALID_REQUEST],
        ['twice', ErrorCodes.INVALID_REQUEST],
        ['assigned', ErrorCodes.INVALID_REPLICA_ASSIGNMENT],
      ],
    )
    assert.match(res.topics[0]!.errorMessage!, /only 1 broker/)
  })

  it('accepts an explicit assignment to this node, and validateOnly creates nothing', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const ok = await c.request(ApiKeys.CREATE_TOPICS, 4, {
      topics: [
        topic('manual', {
          numPartitions: -1,
          replicationFactor: -1,
          assignments: [0, 1].map((p) => ({ partitionIndex: p, brokerIds: [1] })),
        }),
      ],
      timeoutMs: 1000,
      validateOnly: false,
    })
    assert.equal(ok.topics[0]!.errorCode, 0)
    assert.equal(b.broker.topics.get('manual')?.partitions.length, 2)
    const dry = await c.request(ApiKeys.CREATE_TOPICS, 7, {
      topics: [topic('dry', { numPartitions: 3 })],
      timeoutMs: 1000,
      validateOnly: true,
    })
    assert.deepEqual(
      [dry.topics[0]!.errorCode, dry.topics[0]!.numPartitions, dry.topics[0]!.topicId],
      [0, 3, ZERO_UUID],
    )
    assert.equal(b.broker.topics.get('dry'), undefined)
  })
})
