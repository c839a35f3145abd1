import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorCodes } from '@spool/protocol'
import {
  harness,
  joinInput,
  peek,
  protocols,
  REBALANCE,
  rejoin,
  requestMemberId,
  SESSION,
  stableGroup,
} from './helpers.ts'

const hb = (
  groupId: string,
  generationId: number,
  memberId: string,
  groupInstanceId: string | null = null,
) => ({
  groupId,
  generationId,
  memberId,
  groupInstanceId,
})

describe('membership changes', () => {
  it('a member leaving makes the others rejoin into the next generation', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 3)
    const [a, b, c] = members as [string, string, string]
    const left = h.coordinator.leaveGroup({ groupId: 'g', members: [{ memberId: c, groupInstanceId: null }] })
    assert.deepEqual(left, { errorCode: 0, members: [{ memberId: c, groupInstanceId: null, errorCode: 0 }] })
    assert.equal(h.coordinator.heartbeat(hb('g', generation, a)), ErrorCodes.REBALANCE_IN_PROGRESS)
    assert.equal(h.coordinator.heartbeat(hb('g', generation, c)), ErrorCodes.UNKNOWN_MEMBER_ID)
    const ja = rejoin(h.coordinator, a)
    const jb = rejoin(h.coordinator, b)
    const [ra, rb] = await Promise.all([ja, jb])
    assert.equal(ra.generationId, generation + 1)
    assert.equal(rb.generationId, generation + 1)
    assert.equal(ra.members.length, 2)
  })

  it('the last member leaving empties the group, which keeps its protocol type', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 1)
    h.coordinator.leaveGroup({ groupId: 'g', members: [{ memberId: members[0]!, groupInstanceId: null }] })
    const described = h.coordinator.describeGroups(['g'])[0]!
    assert.equal(described.state, 'Empty')
    assert.equal(described.protocolType, 'consumer')
    assert.equal(described.members.length, 0)
    assert.equal(h.coordinator.heartbeat(hb('g', generation + 1, members[0]!)), ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('LeaveGroup answers per member: unknown ids fail, the others leave', async (t) => {
    const h = await harness(t)
    const { members } = await stableGroup(h, 2)
    const result = h.coordinator.leaveGroup({
      groupId: 'g',
      members: [
        { memberId: members[1]!, groupInstanceId: null },
        { memberId: 'ghost', groupInstanceId: null },
      ],
    })
    assert.deepEqual(
      result.members.map((m) => m.errorCode),
      [ErrorCodes.NONE, ErrorCodes.UNKNOWN_MEMBER_ID],
    )
    const unknownGroup = h.coordinator.leaveGroup({
      groupId: 'nope',
      members: [{ memberId: 'x', groupInstanceId: null }],
    })
    assert.equal(unknownGroup.members[0]!.errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('a pending member (told MEMBER_ID_REQUIRED) may leave, and the join phase stops waiting for it', async (t) => {
    const h = await harness(t)
    const { members } = await stableGroup(h, 1)
    const b = await requestMemberId(h.coordinator)
    const c = await requestMemberId(h.coordinator)
    const jb = rejoin(h.coordinator, b)
    const ja = rejoin(h.coordinator, members[0]!)
    assert.equal((await peek(ja)).done, false)
    h.coordinator.leaveGroup({ groupId: 'g', members: [{ memberId: c, groupInstanceId: null }] })
    const [ra, rb] = await Promise.all([ja, jb])
    assert.equal(ra.generationId, 2)
    assert.equal(rb.generationId, 2)
  })

  it('a member whose session expires is removed and the group rebalances', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 2)
    const [a, b] = members as [string, string]
    h.clock.advance(SESSION - 1)
    assert.equal(h.coordinator.heartbeat(hb('g', generation, a)), ErrorCodes.NONE)
    h.clock.advance(1)
    // b missed its deadline; a's was renewed by its heartbeat.
    const described = h.coordinator.describeGroups(['g'])[0]!
    assert.equal(described.state, 'PreparingRebalance')
    assert.deepEqual(
      described.members.map((m) => m.memberId),
      [a],
    )
    assert.equal(h.coordinator.heartbeat(hb('g', generation, b)), ErrorCodes.UNKNOWN_MEMBER_ID)
    assert.equal(h.coordinator.heartbeat(hb('g', generation, a)), ErrorCodes.REBALANCE_IN_PROGRESS)
    const ra = await rejoin(h.coordinator, a)
    assert.equal(ra.generationId, generation + 1)
    assert.equal(ra.leader, a)
  })

  it('members that do not rejoin within the rebalance timeout are removed', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 3)
    const [a, b, c] = members as [string, string, string]
    const ja = rejoin(h.coordinator, a)
    // b keeps heartbeating (so its session lives) but never rejoins; c rejoins.
    const jc = rejoin(h.coordinator, c)
    for (let elapsed = 5_000; elapsed < REBALANCE; elapsed += 5_000) {
      h.clock.advance(5_000)
      assert.equal(h.coordinator.heartbeat(hb('g', generation, b)), ErrorCodes.REBALANCE_IN_PROGRESS)
    }
    assert.equal((await peek(ja)).done, false)
    h.clock.advance(REBALANCE)
    const [ra, rc] = await Promise.all([ja, jc])
    assert.equal(ra.generationId, generation + 1)
    assert.equal(rc.generationId, generation + 1)
    assert.deepEqual(ra.members.map((m) => m.memberId).sort(), [a, c].sort())
    assert.equal(h.coordinator.heartbeat(hb('g', generation + 1, b)), ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('members that never send SyncGroup are removed after the rebalance timeout', async (t) => {
    const h = await harness(t)
    const a = await requestMemberId(h.coordinator)
    const b = await requestMemberId(h.coordinator)
    const joins = [rejoin(h.coordinator, a), rejoin(h.coordinator, b)]
    h.clock.advance(0)
    const [ra] = await Promise.all(joins)
    const leader = ra!.leader
    const follower = leader === a ? b : a
    const sync = h.coordinator.syncGroup({
      groupId: 'g',
      generationId: 1,
      memberId: leader,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    })
    await sync
    // Both heartbeat; the follower never syncs.
    for (let i = 0; i < 6; i++) {
      h.clock.advance(5_000)
      h.coordinator.heartbeat(hb('g', 1, follower))
      h.coordinator.heartbeat(hb('g', 1, leader))
    }
    const described = h.coordinator.describeGroups(['g'])[0]!
    assert.deepEqual(
      described.members.map((m) => m.memberId),
      [leader],
    )
    assert.equal(described.state, 'PreparingRebalance')
  })

  it('a new member whose client vanished during its first join is dropped after the new-member timeout', async (t) => {
    const h = await harness(t, { groupNewMemberJoinTimeout: 20_000 })
    const { members, generation } = await stableGroup(h, 1)
    const b = await requestMemberId(h.coordinator)
    const jb = rejoin(h.coordinator, b)
    // The old member keeps heartbeating but does not rejoin: the join phase waits (rebalance timeout 30 s).
    for (let i = 0; i < 4; i++) {
      h.clock.advance(5_000)
      h.coordinator.heartbeat(hb('g', generation, members[0]!))
    }
    const result = await jb
    assert.equal(result.errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('a pending member that never rejoins expires after its session timeout', async (t) => {
    const h = await harness(t)
    const { members } = await stableGroup(h, 1)
    await requestMemberId(h.coordinator)
    const ja = rejoin(h.coordinator, members[0]!)
    assert.equal((await peek(ja)).done, false, 'waiting for the pending member')
    h.clock.advance(SESSION)
    assert.equal((await ja).generationId, 2)
  })
})

describe('generation fencing', () => {
  it('stale generations and unknown members are refused by Heartbeat, SyncGroup and OffsetCommit', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 2)
    const [a, b] = members as [string, string]
    assert.equal(h.coordinator.heartbeat(hb('g', generation - 1, a)), ErrorCodes.ILLEGAL_GENERATION)
    assert.equal(h.coordinator.heartbeat(hb('g', generation, 'ghost')), ErrorCodes.UNKNOWN_MEMBER_ID)
    assert.equal(h.coordinator.heartbeat(hb('other', generation, a)), ErrorCodes.UNKNOWN_MEMBER_ID)
    assert.equal(h.coordinator.heartbeat(hb('', generation, a)), ErrorCodes.INVALID_GROUP_ID)
    const sync = await h.coordinator.syncGroup({
      groupId: 'g',
      generationId: generation + 1,
      memberId: b,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    })
    assert.equal(sync.errorCode, ErrorCodes.ILLEGAL_GENERATION)
    const commit = await h.coordinator.commitOffsets({
      groupId: 'g',
      generationId: generation - 1,
      memberId: a,
      groupInstanceId: null,
      apiVersion: 8,
      topics: [{ name: 't', partitions: [{ partition: 0, offset: 5n, leaderEpoch: -1, metadata: null }] }],
    })
    assert.equal(commit[0]!.partitions[0]!.errorCode, ErrorCodes.ILLEGAL_GENERATION)
    // After a rebalance the old generation is stale for everyone.
    const ja = rejoin(h.coordinator, a)
    const jb = rejoin(h.coordinator, b)
    await Promise.all([ja, jb])
    assert.equal(h.coordinator.heartbeat(hb('g', generation, a)), ErrorCodes.ILLEGAL_GENERATION)
  })
})

describe('static membership', () => {
  const staticJoin = (instance: string, memberId = '') =>
    joinInput({ groupInstanceId: instance, memberId, clientId: `client-${instance}`, apiVersion: 5 })

  async function staticGroup(h: Awaited<ReturnType<typeof harness>>) {
    const ja = h.coordinator.joinGroup(staticJoin('i-1'))
    const jb = h.coordinator.joinGroup(staticJoin('i-2'))
    h.clock.advance(0)
    const [ra, rb] = await Promise.all([ja, jb])
    assert.equal(ra.errorCode, ErrorCodes.NONE, 'static members need no MEMBER_ID_REQUIRED round')
    assert.match(ra.memberId, /^i-1-/)
    const base = { groupId: 'g', generationId: 1, protocolType: null, protocolName: null }
    await Promise.all([
      h.coordinator.syncGroup({
        ...base,
        memberId: ra.memberId,
        groupInstanceId: 'i-1',
        assignments: [
          { memberId: ra.memberId, assignment: Buffer.from('p0') },
          { memberId: rb.memberId, assignment: Buffer.from('p1') },
        ],
      }),
      h.coordinator.syncGroup({ ...base, memberId: rb.memberId, groupInstanceId: 'i-2', assignments: [] }),
    ])
    return { a: ra.memberId, b: rb.memberId }
  }

  it('a restarted static member gets a new id and its old assignment, without a rebalance', async (t) => {
    const h = await harness(t)
    const { a, b } = await staticGroup(h)
    const again = await h.coordinator.joinGroup(staticJoin('i-2'))
    assert.equal(again.errorCode, ErrorCodes.NONE)
    assert.notEqual(again.memberId, b)
    assert.equal(again.generationId, 1, 'same generation: no rebalance')
    assert.equal(again.leader, a)
    assert.equal(h.coordinator.describeGroups(['g'])[0]!.state, 'Stable')
    const synced = await h.coordinator.syncGroup({
      groupId: 'g',
      generationId: 1,
      memberId: again.memberId,
      groupInstanceId: 'i-2',
      protocolType: null,
      protocolName: null,
      assignments: [],
    })
    assert.equal(synced.assignment.toString(), 'p1')
    // The old incarnation is fenced.
    assert.equal(h.coordinator.heartbeat(hb('g', 1, b, 'i-2')), ErrorCodes.FENCED_INSTANCE_ID)
    assert.equal(h.coordinator.heartbeat(hb('g', 1, again.memberId, 'i-2')), ErrorCodes.NONE)
  })

  it('a restarted static leader is told the old leader id before v9, and skipAssignment from v9', async (t) => {
    const h = await harness(t)
    const { a } = await staticGroup(h)
    const v5 = await h.coordinator.joinGroup(staticJoin('i-1'))
    assert.equal(v5.leader, a, 'the old id: the new incarnation acts as a follower')
    assert.equal(v5.skipAssignment, false)
    const v9 = await h.coordinator.joinGroup({ ...staticJoin('i-1'), apiVersion: 9 })
    assert.equal(v9.leader, v9.memberId)
    assert.equal(v9.skipAssignment, true)
    assert.equal(v9.members.length, 2)
    assert.equal(v9.generationId, 1)
  })

  it('a static member is not dropped for missing a rebalance, only when its session expires', async (t) => {
    const h = await harness(t)
    const { a, b } = await staticGroup(h)
    const ja = h.coordinator.joinGroup(staticJoin('i-1', a))
    h.clock.advance(5_000)
    h.coordinator.heartbeat(hb('g', 1, a, 'i-1'))
    assert.equal((await peek(ja)).done, false)
    h.clock.advance(SESSION)
    const ra = await ja
    assert.equal(ra.generationId, 2)
    assert.deepEqual(
      ra.members.map((m) => m.memberId),
      [a],
      'b was removed by its session timeout',
    )
    assert.equal(h.coordinator.heartbeat(hb('g', 2, b, 'i-2')), ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('LeaveGroup by instance id alone removes a static member (admin removal)', async (t) => {
    const h = await harness(t)
    const { b } = await staticGroup(h)
    const result = h.coordinator.leaveGroup({
      groupId: 'g',
      members: [{ memberId: '', groupInstanceId: 'i-2' }],
    })
    assert.equal(result.members[0]!.errorCode, ErrorCodes.NONE)
    assert.equal(h.coordinator.describeGroups(['g'])[0]!.members.length, 1)
    assert.equal(h.coordinator.heartbeat(hb('g', 1, b, 'i-2')), ErrorCodes.UNKNOWN_MEMBER_ID)
    const wrong = h.coordinator.leaveGroup({
      groupId: 'g',
      members: [{ memberId: 'stale', groupInstanceId: 'i-1' }],
    })
    assert.equal(wrong.members[0]!.errorCode, ErrorCodes.FENCED_INSTANCE_ID)
  })

  it('a parked join of a replaced static member is fenced', async (t) => {
    const h = await harness(t)
    const { a, b } = await staticGroup(h)
    // b's old incarnation rejoins with new metadata (a rebalance starts, it parks), then a new
    // incarnation with the same instance id shows up, then a rejoins.
    const old = h.coordinator.joinGroup({
      ...staticJoin('i-2', b),
      protocols: protocols(['range'], ['other']),
    })
    assert.equal((await peek(old)).done, false)
    const fresh = h.coordinator.joinGroup(staticJoin('i-2'))
    const stale = await old
    assert.equal(stale.errorCode, ErrorCodes.FENCED_INSTANCE_ID)
    const ja = h.coordinator.joinGroup(staticJoin('i-1', a))
    const [ra, rf] = await Promise.all([ja, fresh])
    assert.equal(ra.generationId, 2)
    assert.equal(rf.generationId, 2)
  })
})
