import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorCodes } from '@spool/protocol'
import {
  flush,
  harness,
  joinInput,
  peek,
  protocols,
  REBALANCE,
  rejoin,
  requestMemberId,
  SESSION,
  stableGroup,
  subscription,
} from './helpers.ts'

describe('JoinGroup and SyncGroup', () => {
  it('v4+: a first join gets MEMBER_ID_REQUIRED with an id made from the client id', async (t) => {
    const { coordinator } = await harness(t)
    const first = await coordinator.joinGroup(joinInput({ clientId: 'svc' }))
    assert.equal(first.errorCode, ErrorCodes.MEMBER_ID_REQUIRED)
    assert.match(first.memberId, /^svc-[0-9a-f-]{36}$/)
    assert.equal(first.generationId, -1)
  })

  it('one member: joins as leader of generation 1, gets its own metadata, syncs to Stable', async (t) => {
    const h = await harness(t)
    const id = await requestMemberId(h.coordinator)
    const join = rejoin(h.coordinator, id)
    assert.equal((await peek(join)).done, false, 'the initial rebalance waits for its delay')
    h.clock.advance(0)
    const joined = await join
    assert.equal(joined.errorCode, ErrorCodes.NONE)
    assert.equal(joined.generationId, 1)
    assert.equal(joined.leader, id)
    assert.equal(joined.protocolName, 'range')
    assert.equal(joined.protocolType, 'consumer')
    assert.deepEqual(
      joined.members.map((m) => m.memberId),
      [id],
    )
    assert.deepEqual(joined.members[0]!.metadata, subscription(['orders']))
    assert.equal(h.coordinator.describeGroups(['g'])[0]!.state, 'CompletingRebalance')

    const synced = await h.coordinator.syncGroup({
      groupId: 'g',
      generationId: 1,
      memberId: id,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [{ memberId: id, assignment: Buffer.from('mine') }],
    })
    assert.equal(synced.errorCode, ErrorCodes.NONE)
    assert.equal(synced.assignment.toString(), 'mine')
    assert.equal(synced.protocolName, 'range')
    assert.equal(h.coordinator.describeGroups(['g'])[0]!.state, 'Stable')
    assert.equal(
      h.coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId: id, groupInstanceId: null }),
      ErrorCodes.NONE,
    )
  })

  it('before v4 a first join is added at once, without MEMBER_ID_REQUIRED', async (t) => {
    const h = await harness(t)
    const join = h.coordinator.joinGroup(joinInput({ apiVersion: 3 }))
    h.clock.advance(0)
    const joined = await join
    assert.equal(joined.errorCode, ErrorCodes.NONE)
    assert.equal(joined.generationId, 1)
    assert.equal(joined.leader, joined.memberId)
  })

  it('two members joining concurrently make one generation; only the leader gets the member list', async (t) => {
    const h = await harness(t)
    const a = await requestMemberId(h.coordinator, { clientId: 'a' })
    const b = await requestMemberId(h.coordinator, { clientId: 'b' })
    const ja = rejoin(h.coordinator, a)
    const jb = rejoin(h.coordinator, b)
    h.clock.advance(0)
    const [ra, rb] = await Promise.all([ja, jb])
    assert.equal(ra.generationId, 1)
    assert.equal(rb.generationId, 1)
    assert.equal(ra.leader, a)
    assert.equal(rb.leader, a)
    assert.deepEqual(ra.members.map((m) => m.memberId).sort(), [a, b].sort())
    assert.deepEqual(rb.members, [])
  })

  it('followers wait for the leader SyncGroup and each gets its own assignment (3 members)', async (t) => {
    const h = await harness(t)
    const ids = [
      await requestMemberId(h.coordinator),
      await requestMemberId(h.coordinator),
      await requestMemberId(h.coordinator),
    ]
    const joins = ids.map((id) => rejoin(h.coordinator, id))
    h.clock.advance(0)
    const results = await Promise.all(joins)
    const leader = results[0]!.leader
    const followers = ids.filter((id) => id !== leader)
    const sync = (memberId: string, assignments: Array<{ memberId: string; assignment: Buffer }> = []) =>
      h.coordinator.syncGroup({
        groupId: 'g',
        generationId: 1,
        memberId,
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments,
      })
    const f0 = sync(followers[0]!)
    const f1 = sync(followers[1]!)
    assert.equal((await peek(f0)).done, false, 'a follower waits for the leader')
    const l = sync(
      leader,
      ids.map((id) => ({ memberId: id, assignment: Buffer.from(`for-${id}`) })),
    )
    const [r0, r1, rl] = await Promise.all([f0, f1, l])
    assert.equal(r0.assignment.toString(), `for-${followers[0]}`)
    assert.equal(r1.assignment.toString(), `for-${followers[1]}`)
    assert.equal(rl.assignment.toString(), `for-${leader}`)
    const described = h.coordinator.describeGroups(['g'])[0]!
    assert.equal(described.state, 'Stable')
    assert.equal(described.members.length, 3)
  })

  it('a member the leader leaves out gets an empty assignment', async (t) => {
    const h = await harness(t)
    const a = await requestMemberId(h.coordinator)
    const b = await requestMemberId(h.coordinator)
    const joins = [rejoin(h.coordinator, a), rejoin(h.coordinator, b)]
    h.clock.advance(0)
    await Promise.all(joins)
    const base = {
      groupId: 'g',
      generationId: 1,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
    }
    const fb = h.coordinator.syncGroup({ ...base, memberId: b, assignments: [] })
    await h.coordinator.syncGroup({
      ...base,
      memberId: a,
      assignments: [{ memberId: a, assignment: Buffer.from('x') }],
    })
    assert.equal((await fb).assignment.length, 0)
  })

  it('a burst of first joins into a Stable group makes exactly one rebalance', async (t) => {
    const h = await harness(t)
    const { members } = await stableGroup(h, 1)
    const [a] = members
    // Two new members ask for ids at the same time; then one of them rejoins first.
    const b = await requestMemberId(h.coordinator, { clientId: 'b' })
    const c = await requestMemberId(h.coordinator, { clientId: 'c' })
    assert.equal(
      h.coordinator.describeGroups(['g'])[0]!.state,
      'Stable',
      'a pending member alone does not rebalance',
    )
    const jb = rejoin(h.coordinator, b)
    assert.equal(
      h.coordinator.heartbeat({ groupId: 'g', generationId: 1, memberId: a!, groupInstanceId: null }),
      ErrorCodes.REBALANCE_IN_PROGRESS,
    )
    const ja = rejoin(h.coordinator, a!)
    await flush()
    assert.equal((await peek(ja)).done, false, 'the join phase waits for the member still pending')
    const jc = rejoin(h.coordinator, c)
    const results = await Promise.all([ja, jb, jc])
    assert.deepEqual(
      results.map((r) => [r.errorCode, r.generationId]),
      [
        [0, 2],
        [0, 2],
        [0, 2],
      ],
    )
    assert.equal(results[0]!.members.length, 3, 'the leader sees all three members')
  })

  it('with an initial delay, members arriving during it join the first generation', async (t) => {
    const h = await harness(t, { groupInitialRebalanceDelay: 3_000 })
    const a = await requestMemberId(h.coordinator)
    const ja = rejoin(h.coordinator, a)
    h.clock.advance(2_000)
    const b = await requestMemberId(h.coordinator)
    const jb = rejoin(h.coordinator, b)
    h.clock.advance(2_000)
    // The delay ran out at 3 s with a new member in: it was extended by another 3 s.
    assert.equal((await peek(ja)).done, false, 'a new member extends the delay')
    h.clock.advance(1_999)
    assert.equal((await peek(ja)).done, false)
    h.clock.advance(1)
    const [ra, rb] = await Promise.all([ja, jb])
    assert.equal(ra.generationId, 1)
    assert.equal(rb.generationId, 1)
    assert.equal(ra.members.length, 2)
  })

  it('a member rejoining unchanged while CompletingRebalance gets the same generation back', async (t) => {
    const h = await harness(t)
    const a = await requestMemberId(h.coordinator)
    const ja = rejoin(h.coordinator, a)
    h.clock.advance(0)
    await ja
    const again = await rejoin(h.coordinator, a)
    assert.equal(again.errorCode, ErrorCodes.NONE)
    assert.equal(again.generationId, 1)
    assert.equal(again.members.length, 1)
  })

  it('a follower rejoining unchanged in a Stable group gets the current generation without a rebalance', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 2)
    const again = await rejoin(h.coordinator, members[1]!)
    assert.equal(again.generationId, generation)
    assert.deepEqual(again.members, [])
    assert.equal(h.coordinator.describeGroups(['g'])[0]!.state, 'Stable')
  })

  it('the leader rejoining forces a rebalance', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 2)
    const jl = rejoin(h.coordinator, members[0]!)
    assert.equal(h.coordinator.describeGroups(['g'])[0]!.state, 'PreparingRebalance')
    const jf = rejoin(h.coordinator, members[1]!)
    const [rl, rf] = await Promise.all([jl, jf])
    assert.equal(rl.generationId, generation + 1)
    assert.equal(rf.generationId, generation + 1)
  })

  it('a SyncGroup during PreparingRebalance gets REBALANCE_IN_PROGRESS; parked syncs too', async (t) => {
    const h = await harness(t)
    const a = await requestMemberId(h.coordinator)
    const b = await requestMemberId(h.coordinator)
    const joins = [rejoin(h.coordinator, a), rejoin(h.coordinator, b)]
    h.clock.advance(0)
    const [ra] = await Promise.all(joins)
    const follower = ra!.leader === a ? b : a
    const base = {
      groupId: 'g',
      generationId: 1,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
    }
    const parked = h.coordinator.syncGroup({ ...base, memberId: follower, assignments: [] })
    // A third member arrives before the leader syncs.
    const c = await requestMemberId(h.coordinator)
    const jc = rejoin(h.coordinator, c)
    assert.equal((await parked).errorCode, ErrorCodes.REBALANCE_IN_PROGRESS)
    const late = await h.coordinator.syncGroup({ ...base, memberId: ra!.leader, assignments: [] })
    assert.equal(late.errorCode, ErrorCodes.REBALANCE_IN_PROGRESS)
    h.clock.advance(REBALANCE)
    assert.equal((await jc).generationId, 2)
  })

  it('rejects bad requests: empty group id, session timeout out of bounds, unknown member id', async (t) => {
    const h = await harness(t, { groupMinSessionTimeout: 6_000, groupMaxSessionTimeout: 60_000 })
    assert.equal(
      (await h.coordinator.joinGroup(joinInput({ groupId: '' }))).errorCode,
      ErrorCodes.INVALID_GROUP_ID,
    )
    assert.equal(
      (await h.coordinator.joinGroup(joinInput({ sessionTimeoutMs: 5_999 }))).errorCode,
      ErrorCodes.INVALID_SESSION_TIMEOUT,
    )
    assert.equal(
      (await h.coordinator.joinGroup(joinInput({ sessionTimeoutMs: 60_001 }))).errorCode,
      ErrorCodes.INVALID_SESSION_TIMEOUT,
    )
    assert.equal(
      (await h.coordinator.joinGroup(joinInput({ memberId: 'nobody', sessionTimeoutMs: SESSION }))).errorCode,
      ErrorCodes.UNKNOWN_MEMBER_ID,
    )
  })

  it('a member id the group never gave out is UNKNOWN_MEMBER_ID', async (t) => {
    const h = await harness(t)
    await stableGroup(h, 1)
    const result = await rejoin(h.coordinator, 'made-up')
    assert.equal(result.errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('group.max.size: members beyond it get GROUP_MAX_SIZE_REACHED', async (t) => {
    const h = await harness(t, { groupMaxSize: 1 })
    const { members } = await stableGroup(h, 1)
    const result = await h.coordinator.joinGroup(joinInput())
    assert.equal(result.errorCode, ErrorCodes.GROUP_MAX_SIZE_REACHED)
    assert.equal(result.memberId, '')
    assert.equal(
      (await rejoin(h.coordinator, members[0]!)).errorCode,
      ErrorCodes.NONE,
      'members already in stay',
    )
  })

  it('protocol type must match the group', async (t) => {
    const h = await harness(t)
    await stableGroup(h, 1)
    const other = await h.coordinator.joinGroup(joinInput({ protocolType: 'connect' }))
    assert.equal(other.errorCode, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL)
    const none = await h.coordinator.joinGroup(joinInput({ groupId: 'fresh', protocols: [] }))
    assert.equal(none.errorCode, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL)
    const untyped = await h.coordinator.joinGroup(joinInput({ groupId: 'fresh2', protocolType: '' }))
    assert.equal(untyped.errorCode, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL)
  })

  it('SyncGroup v5 protocol fields must match the group', async (t) => {
    const h = await harness(t)
    const a = await requestMemberId(h.coordinator)
    const ja = rejoin(h.coordinator, a)
    h.clock.advance(0)
    await ja
    const result = await h.coordinator.syncGroup({
      groupId: 'g',
      generationId: 1,
      memberId: a,
      groupInstanceId: null,
      protocolType: 'consumer',
      protocolName: 'roundrobin',
      assignments: [],
    })
    assert.equal(result.errorCode, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL)
  })

  it('protocols: the one all members support, by vote, ties going to the leader preference', async (t) => {
    const h = await harness(t)
    const ids = [
      await requestMemberId(h.coordinator),
      await requestMemberId(h.coordinator),
      await requestMemberId(h.coordinator),
    ]
    const offers = [
      protocols(['sticky', 'range', 'roundrobin']),
      protocols(['roundrobin', 'range']),
      protocols(['roundrobin', 'range', 'sticky']),
    ]
    const joins = ids.map((id, i) => rejoin(h.coordinator, id, { protocols: offers[i]! }))
    h.clock.advance(0)
    const results = await Promise.all(joins)
    // 'sticky' is not supported by the second member; 'roundrobin' wins two votes to one.
    assert.deepEqual(new Set(results.map((r) => r.protocolName)), new Set(['roundrobin']))

    const h2 = await harness(t)
    const x = await requestMemberId(h2.coordinator, { groupId: 'tie' })
    const y = await requestMemberId(h2.coordinator, { groupId: 'tie' })
    const jx = rejoin(h2.coordinator, x, { groupId: 'tie', protocols: protocols(['range', 'roundrobin']) })
    const jy = rejoin(h2.coordinator, y, { groupId: 'tie', protocols: protocols(['roundrobin', 'range']) })
    h2.clock.advance(0)
    const [rx] = await Promise.all([jx, jy])
    assert.equal(rx.leader, x)
    assert.equal(rx.protocolName, 'range', 'a one-to-one tie goes to the leader preference')

    const unsupported = await h.coordinator.joinGroup(joinInput({ protocols: protocols(['sticky']) }))
    assert.equal(unsupported.errorCode, ErrorCodes.INCONSISTENT_GROUP_PROTOCOL)
  })

  it('the leader receives member metadata verbatim, whatever the assignor', async (t) => {
    const h = await harness(t)
    const custom = Buffer.from([0, 1, 2, 3, 250, 251])
    const a = await requestMemberId(h.coordinator)
    const ja = rejoin(h.coordinator, a, {
      protocolType: 'connect',
      protocols: [{ name: 'v1', metadata: custom }],
    })
    h.clock.advance(0)
    const joined = await ja
    assert.equal(joined.protocolType, 'connect')
    assert.deepEqual(joined.members[0]!.metadata, custom)
  })
})
