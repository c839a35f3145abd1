import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes, ZERO_UUID } from '@spool/protocol'
import { offsetCommitHandler } from '../../src/handlers/08-offset-commit.ts'
import { offsetFetchHandler } from '../../src/handlers/09-offset-fetch.ts'
import { call, groupBroker, TOPICS } from './group-helpers.ts'

type Commit = typeof ApiKeys.OFFSET_COMMIT
type Fetch = typeof ApiKeys.OFFSET_FETCH
const ORDERS_ID = TOPICS[0]!.id

const partition = (
  partitionIndex: number,
  committedOffset: bigint,
  committedMetadata: string | null = 'm',
) => ({
  partitionIndex,
  committedOffset,
  committedLeaderEpoch: 5,
  committedMetadata,
})

describe('OffsetCommit handler', () => {
  for (const version of [2, 3, 4, 5, 6, 7, 8, 9]) {
    it(`v${version}: an admin commit (generation -1) is stored and read back by OffsetFetch`, async (t) => {
      const { broker } = await groupBroker(t)
      const res = await call<Commit>(offsetCommitHandler, broker, version, {
        groupId: 'g',
        generationIdOrMemberEpoch: -1,
        memberId: '',
        retentionTimeMs: -1n,
        topics: [{ name: 'orders', partitions: [partition(0, 10n, 'meta-string'), partition(1, 11n, null)] }],
      })
      assert.deepEqual(
        res.topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.errorCode])]),
        [
          [
            'orders',
            [
              [0, 0],
              [1, 0],
            ],
          ],
        ],
      )
      const fetched = await call<Fetch>(offsetFetchHandler, broker, 8, {
        groups: [{ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [0, 1] }] }],
        requireStable: false,
      })
      const parts = fetched.groups[0]!.topics[0]!.partitions
      assert.equal(parts[0]!.committedOffset, 10n)
      assert.equal(parts[0]!.metadata, 'meta-string')
      assert.equal(parts[0]!.committedLeaderEpoch, version >= 6 ? 5 : -1)
      assert.equal(parts[1]!.metadata, '')
    })
  }

  it('unknown topics and partitions are refused per partition; the rest is committed', async (t) => {
    const { broker, groups } = await groupBroker(t)
    const res = await call<Commit>(offsetCommitHandler, broker, 8, {
      groupId: 'g',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      topics: [
        { name: 'orders', partitions: [partition(0, 1n), partition(9, 1n)] },
        { name: 'nope', partitions: [partition(0, 1n)] },
      ],
    })
    assert.deepEqual(
      res.topics.map((t) => t.partitions.map((p) => p.errorCode)),
      [[0, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION], [ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION]],
    )
    assert.deepEqual(
      groups.fetchOffsets('g', null).topics.map((t) => t.name),
      ['orders'],
    )
  })

  it('v9: a member commit to a group that does not exist is GROUP_ID_NOT_FOUND (ILLEGAL_GENERATION before)', async (t) => {
    const { broker } = await groupBroker(t)
    const req = {
      groupId: 'absent',
      generationIdOrMemberEpoch: 4,
      memberId: 'm',
      topics: [{ name: 'orders', partitions: [partition(0, 1n)] }],
    }
    const v8 = await call<Commit>(offsetCommitHandler, broker, 8, req)
    assert.equal(v8.topics[0]!.partitions[0]!.errorCode, ErrorCodes.ILLEGAL_GENERATION)
    const v9 = await call<Commit>(offsetCommitHandler, broker, 9, req)
    assert.equal(v9.topics[0]!.partitions[0]!.errorCode, ErrorCodes.GROUP_ID_NOT_FOUND)
  })

  it('v10: topics by id; an unknown id is UNKNOWN_TOPIC_ID', async (t) => {
    const { broker, groups } = await groupBroker(t)
    const unknown = '99999999-9999-9999-9999-999999999999'
    const res = await call<Commit>(offsetCommitHandler, broker, 10, {
      groupId: 'g',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      topics: [
        { topicId: ORDERS_ID, partitions: [partition(2, 77n)] },
        { topicId: unknown, partitions: [partition(0, 1n)] },
      ],
    })
    assert.deepEqual(
      res.topics.map((t) => [t.topicId, t.partitions[0]!.errorCode]),
      [
        [ORDERS_ID, 0],
        [unknown, ErrorCodes.UNKNOWN_TOPIC_ID],
      ],
    )
    assert.equal(
      groups.fetchOffsets('g', [{ name: 'orders', partitions: [2] }]).topics[0]!.partitions[0]!.offset,
      77n,
    )
    assert.notEqual(ORDERS_ID, ZERO_UUID)
  })
})
