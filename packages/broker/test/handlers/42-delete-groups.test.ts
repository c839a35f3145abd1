import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes } from '@spool/protocol'
import { deleteGroupsHandler } from '../../src/handlers/42-delete-groups.ts'
import { call, stableGroup } from './group-helpers.ts'

type Delete = typeof ApiKeys.DELETE_GROUPS

describe('DeleteGroups handler', () => {
  for (const version of [0, 1, 2, 3]) {
    it(`v${version}: deletes empty groups, refuses busy and unknown ones`, async (t) => {
      const { broker, groups } = await stableGroup(t)
      await groups.commitOffsets({
        groupId: 'idle',
        generationId: -1,
        memberId: '',
        groupInstanceId: null,
        apiVersion: 8,
        topics: [
          { name: 'orders', partitions: [{ partition: 0, offset: 1n, leaderEpoch: -1, metadata: null }] },
        ],
      })
      const res = await call<Delete>(deleteGroupsHandler, broker, version, {
        groupsNames: ['g', 'idle', 'ghost'],
      })
      assert.deepEqual(
        res.results.map((r) => [r.groupId, r.errorCode]),
        [
          ['g', ErrorCodes.NON_EMPTY_GROUP],
          ['idle', 0],
          ['ghost', ErrorCodes.GROUP_ID_NOT_FOUND],
        ],
      )
      if (version >= 3) assert.match(res.results[0]!.errorMessage ?? '', /not empty/)
    })
  }
})
