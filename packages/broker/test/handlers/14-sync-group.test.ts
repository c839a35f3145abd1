import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes } from '@spool/protocol'
import { syncGroupHandler } from '../../src/handlers/14-sync-group.ts'
import { call, joinedMember } from './group-helpers.ts'

type Sync = typeof ApiKeys.SYNC_GROUP

describe('SyncGroup handler', () => {
  for (const version of [0, 1, 2, 3, 4, 5]) {
    it(`SyncGroup v${version}: the leader's assignment comes back`, async (t) => {
      const { broker, memberId, generationId } = await joinedMember(t)
      const res = await call<Sync>(syncGroupHandler, broker, version, {
        groupId: 'g',
        generationId,
        memberId,
        groupInstanceId: null,
        protocolType: version >= 5 ? 'consumer' : null,
        protocolName: version >= 5 ? 'range' : null,
        assignments: [{ memberId, assignment: Buffer.from('assigned') }],
      })
      assert.equal(res.errorCode, ErrorCodes.NONE)
      assert.equal(res.assignment.toString(), 'assigned')
      if (version >= 5) {
        assert.equal(res.protocolType, 'consumer')
        assert.equal(res.protocolName, 'range')
      }
    })
  }

  it('SyncGroup with a stale generation: ILLEGAL_GENERATION', async (t) => {
    const { broker, memberId, generationId } = await joinedMember(t)
    const res = await call<Sync>(syncGroupHandler, broker, 4, {
      groupId: 'g',
      generationId: generationId + 5,
      memberId,
      assignments: [],
    })
    assert.equal(res.errorCode, ErrorCodes.ILLEGAL_GENERATION)
  })
})
