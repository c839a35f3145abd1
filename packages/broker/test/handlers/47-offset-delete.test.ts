import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes } from '@spool/protocol'
import { offsetDeleteHandler } from '../../src/handlers/47-offset-delete.ts'
import { call, groupBroker } from './group-helpers.ts'

type Del = typeof ApiKeys.OFFSET_DELETE

describe('OffsetDelete handler', () => {
  it('v0: deletes an empty group offsets; unknown partitions are refused; unknown groups GROUP_ID_NOT_FOUND', async (t) => {
    const { broker, groups } = await groupBroker(t)
    await groups.commitOffsets({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      groupInstanceId: null,
      apiVersion: 8,
      topics: [
        { name: 'orders', partitions: [{ partition: 0, offset: 3n, leaderEpoch: -1, metadata: null }] },
      ],
    })
    const res = await call<Del>(offsetDeleteHandler, broker, 0, {
      groupId: 'g',
      topics: [
        { name: 'orders', partitions: [{ partitionIndex: 0 }, { partitionIndex: 7 }] },
        { name: 'missing', partitions: [{ partitionIndex: 0 }] },
      ],
    })
    assert.equal(res.errorCode, 0)
    assert.deepEqual(
      res.topics.map((t) => t.partitions.map((p) => p.errorCode)),
      [[0, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION], [ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION]],
    )
    assert.equal(
      groups.fetchOffsets('g', [{ name: 'orders', partitions: [0] }]).topics[0]!.partitions[0]!.offset,
      -1n,
    )
    const unknown = await call<Del>(offsetDeleteHandler, broker, 0, { groupId: 'x', topics: [] })
    assert.equal(unknown.errorCode, ErrorCodes.GROUP_ID_NOT_FOUND)
  })
})
