import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes } from '@spool/protocol'
import { leaveGroupHandler } from '../../src/handlers/13-leave-group.ts'
import { call, joinedMember } from './group-helpers.ts'

type Leave = typeof ApiKeys.LEAVE_GROUP

describe('LeaveGroup handler', () => {
  for (const version of [0, 1, 2]) {
    it(`LeaveGroup v${version}: one member, errors at the top level`, async (t) => {
      const { broker, memberId } = await joinedMember(t)
      const bad = await call<Leave>(leaveGroupHandler, broker, version, { groupId: 'g', memberId: 'ghost' })
      assert.equal(bad.errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
      const ok = await call<Leave>(leaveGroupHandler, broker, version, { groupId: 'g', memberId })
      assert.equal(ok.errorCode, ErrorCodes.NONE)
    })
  }

  for (const version of [3, 4, 5]) {
    it(`LeaveGroup v${version}: a batch answered per member`, async (t) => {
      const { broker, memberId, groups } = await joinedMember(t)
      const res = await call<Leave>(leaveGroupHandler, broker, version, {
        groupId: 'g',
        members: [
          { memberId, groupInstanceId: null, reason: 'shutting down' },
          { memberId: 'ghost', groupInstanceId: null, reason: null },
        ],
      })
      assert.equal(res.errorCode, ErrorCodes.NONE)
      assert.deepEqual(
        res.members.map((m) => [m.memberId, m.errorCode]),
        [
          [memberId, ErrorCodes.NONE],
          ['ghost', ErrorCodes.UNKNOWN_MEMBER_ID],
        ],
      )
      assert.equal(groups.describeGroups(['g'])[0]!.state, 'Empty')
    })
  }
})
