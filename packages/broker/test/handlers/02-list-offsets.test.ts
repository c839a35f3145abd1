import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes, encodeBatch } from '@spool/protocol'
import { broker, createTopic, wire } from '../helpers/wire.ts'

describe('ListOffsets', () => {
  it('answers earliest, latest, max timestamp and by-timestamp lookups', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'lo')
    const records = [100n, 300n, 200n].map((timestamp, i) => ({
      key: null,
      value: Buffer.from(`v${i}`),
      headers: [],
      timestamp,
    }))
    await c.request(ApiKeys.PRODUCE, 9, {
      acks: 1,
      timeoutMs: 1000,
      topicData: [{ name: 'lo', partitionData: [{ index: 0, records: encodeBatch({ records }) }] }],
    })
    const ask = async (timestamp: bigint, version = 7) => {
      const res = await c.request(ApiKeys.LIST_OFFSETS, version, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [{ name: 'lo', partitions: [{ partitionIndex: 0, timestamp }] }],
      })
      return res.topics[0]!.partitions[0]!
    }
    assert.equal((await ask(-2n)).offset, 0n)
    assert.equal((await ask(-1n)).offset, 3n)
    const max = await ask(-3n)
    assert.deepEqual([max.offset, max.timestamp], [1n, 300n])
    const at = await ask(150n)
    assert.deepEqual([at.offset, at.timestamp, at.leaderEpoch], [1n, 300n, 0])
    assert.equal((await ask(1000n)).offset, -1n)
    assert.equal((await ask(-1n, 1)).offset, 3n, 'v1 works too')
  })

  it('answers UNKNOWN_TOPIC_OR_PARTITION and fences a future leader epoch', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'e')
    const res = await c.request(ApiKeys.LIST_OFFSETS, 7, {
      replicaId: -1,
      isolationLevel: 1,
      topics: [
        { name: 'none', partitions: [{ partitionIndex: 0, timestamp: -1n }] },
        { name: 'e', partitions: [{ partitionIndex: 0, currentLeaderEpoch: 5, timestamp: -1n }] },
      ],
    })
    assert.equal(res.topics[0]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    assert.equal(res.topics[1]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_LEADER_EPOCH)
  })
})
