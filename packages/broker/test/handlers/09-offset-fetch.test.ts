import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes } from '@spool/protocol'
import { offsetFetchHandler } from '../../src/handlers/09-offset-fetch.ts'
import { call, groupBroker, TOPICS } from './group-helpers.ts'

type Fetch = typeof ApiKeys.OFFSET_FETCH
const [ORDERS, USERS] = TOPICS as [(typeof TOPICS)[0], (typeof TOPICS)[0]]

async function withOffsets(t: Parameters<typeof groupBroker>[0], options = {}) {
  const g = await groupBroker(t, options)
  const commit = (groupId: string, topic: string, partition: number, offset: bigint) =>
    g.groups.commitOffsets({
      groupId,
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      apiVersion: 8,
      topics: [{ name: topic, partitions: [{ partition, offset, leaderEpoch: 1, metadata: 'md' }] }],
    })
  await commit('g', 'orders', 0, 100n)
  await commit('g', 'users', 0, 5n)
  await commit('h', 'orders', 1, 9n)
  return g
}

describe('OffsetFetch handler', () => {
  for (const version of [1, 2, 3, 4, 5, 6, 7]) {
    it(`v${version}: one group; committed and uncommitted partitions`, async (t) => {
      const { broker } = await withOffsets(t)
      const res = await call<Fetch>(offsetFetchHandler, broker, version, {
        groupId: 'g',
        topics: [{ name: 'orders', partitionIndexes: [0, 1] }],
        requireStable: version >= 7,
      })
      const parts = res.topics[0]!.partitions
      assert.deepEqual(
        parts.map((p) => [p.partitionIndex, p.committedOffset, p.metadata, p.errorCode]),
        [
          [0, 100n, 'md', 0],
          [1, -1n, '', 0],
        ],
      )
      if (version >= 2) assert.equal(res.errorCode, 0)
      if (version >= 5) assert.equal(parts[0]!.committedLeaderEpoch, 1)
    })
  }

  it('v2+: null topics returns every committed offset of the group', async (t) => {
    const { broker } = await withOffsets(t)
    const res = await call<Fetch>(offsetFetchHandler, broker, 6, { groupId: 'g', topics: null })
    assert.deepEqual(res.topics.map((t) => t.name).sort(), ['orders', 'users'])
  })

  it('v8: several groups in one request, null topics for all, unknown groups empty', async (t) => {
    const { broker } = await withOffsets(t)
    const res = await call<Fetch>(offsetFetchHandler, broker, 8, {
      groups: [
        { groupId: 'g', topics: null },
        { groupId: 'h', topics: [{ name: 'orders', partitionIndexes: [1] }] },
        { groupId: 'unknown', topics: [{ name: 'orders', partitionIndexes: [0] }] },
      ],
      requireStable: true,
    })
    assert.deepEqual(
      res.groups.map((g) => g.groupId),
      ['g', 'h', 'unknown'],
    )
    assert.equal(res.groups[0]!.topics.length, 2)
    assert.equal(res.groups[1]!.topics[0]!.partitions[0]!.committedOffset, 9n)
    assert.equal(res.groups[2]!.topics[0]!.partitions[0]!.committedOffset, -1n)
    assert.ok(res.groups.every((g) => g.errorCode === 0))
  })

  it('v10: topic ids in and out; unknown ids are UNKNOWN_TOPIC_ID', async (t) => {
    const { broker } = await withOffsets(t)
    const unknown = '99999999-9999-9999-9999-999999999999'
    const res = await call<Fetch>(offsetFetchHandler, broker, 10, {
      groups: [
        {
          groupId: 'g',
          memberId: null,
          memberEpoch: -1,
          topics: [
            { topicId: ORDERS.id, partitionIndexes: [0] },
            { topicId: unknown, partitionIndexes: [0] },
          ],
        },
        { groupId: 'g', memberId: null, memberEpoch: -1, topics: null },
      ],
      requireStable: false,
    })
    const [one, all] = res.groups as [(typeof res.groups)[0], (typeof res.groups)[0]]
    assert.equal(one.topics[0]!.topicId, ORDERS.id)
    assert.equal(one.topics[0]!.partitions[0]!.committedOffset, 100n)
    assert.equal(one.topics[1]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_ID)
    assert.deepEqual(all.topics.map((t) => t.topicId).sort(), [ORDERS.id, USERS.id].sort())
  })

  it('v1 puts a group error on each partition; v2+ at the top level', async (t) => {
    const { broker, groups } = await withOffsets(t)
    await groups.close()
    const v1 = await call<Fetch>(offsetFetchHandler, broker, 1, {
      groupId: 'g',
      topics: [{ name: 'orders', partitionIndexes: [0] }],
    })
    assert.equal(v1.topics[0]!.partitions[0]!.errorCode, ErrorCodes.COORDINATOR_NOT_AVAILABLE)
    const v3 = await call<Fetch>(offsetFetchHandler, broker, 3, {
      groupId: 'g',
      topics: [{ name: 'orders', partitionIndexes: [0] }],
    })
    assert.equal(v3.errorCode, ErrorCodes.COORDINATOR_NOT_AVAILABLE)
  })
})
