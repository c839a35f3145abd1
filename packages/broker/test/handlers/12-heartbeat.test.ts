import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type ApiKeys, ErrorCodes } from '@spool/protocol'
import { heartbeatHandler } from '../../src/handlers/12-heartbeat.ts'
import { call, joinedMember } from './group-helpers.ts'

type Hb = typeof ApiKeys.HEARTBEAT

describe('Heartbeat handler', () => {
  for (const version of [0, 1, 2, 3, 4]) {
    it(`Heartbeat v${version}: NONE for the member, UNKNOWN_MEMBER_ID for a stranger`, async (t) => {
      const { broker, memberId, generationId } = await joinedMember(t)
      const ok = await call<Hb>(heartbeatHandler, broker, version, { groupId: 'g', generationId, memberId })
      assert.equal(ok.errorCode, ErrorCodes.NONE)
      const bad = await call<Hb>(heartbeatHandler, broker, version, {
        groupId: 'g',
        generationId,
        memberId: 'x',
      })
      assert.equal(bad.errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
    })
  }

  it('tells a member of a rebalancing group to rejoin (REBALANCE_IN_PROGRESS)', async (t) => {
    const { broker, memberId, generationId, groups } = await joinedMember(t)
    await groups.syncGroup({
      groupId: 'g',
      generationId,
      memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    })
    // A new member arrives: its JoinGroup stays parked while the group waits for the old member.
    void groups
      .joinGroup({
        groupId: 'g',
        memberId: '',
        groupInstanceId: 'other',
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 20_000,
        clientId: 'x',
        clientHost: '/127.0.0.1',
        apiVersion: 5,
      })
      .catch(() => {})
    // Let the parked join move the group to PreparingRebalance before the heartbeat arrives.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const res = await call<Hb>(heartbeatHandler, broker, 4, { groupId: 'g', generationId, memberId })
    assert.equal(res.errorCode, ErrorCodes.REBALANCE_IN_PROGRESS)
  })
})
