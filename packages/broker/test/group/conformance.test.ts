/**
 * The classic group protocol at the wire level, run unchanged against the embedded broker and real
 * Apache Kafka (describeOnBrokers): the same requests must get the same answers. One connection per
 * member, since a parked JoinGroup holds up its connection's later responses.
 */
import assert from 'node:assert/strict'
import { it, type TestContext } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { createTopic, WireClient } from '../helpers/wire.ts'
import { subscription } from './helpers.ts'

const SESSION = 10_000

async function connect(t: TestContext, bootstrap: string): Promise<WireClient> {
  const [, port] = bootstrapList(bootstrap)[0]!.split(':')
  const c = await WireClient.connect(Number(port))
  t.after(() => c.close())
  return c
}

/** FindCoordinator until it answers: real Kafka first creates __consumer_offsets (COORDINATOR_NOT_AVAILABLE). */
async function coordinatorReady(c: WireClient, groupId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const found = await c.request(ApiKeys.FIND_COORDINATOR, 4, { keyType: 0, coordinatorKeys: [groupId] })
    if (found.coordinators[0]!.errorCode === 0) {
      // The coordinator may still be loading the group's partition (NOT_COORDINATOR meanwhile).
      const probe = await c.request(ApiKeys.HEARTBEAT, 4, {
        groupId,
        generationId: -1,
        memberId: 'probe',
        groupInstanceId: null,
      })
      if (
        probe.errorCode !== ErrorCodes.NOT_COORDINATOR &&
        probe.errorCode !== ErrorCodes.COORDINATOR_LOAD_IN_PROGRESS
      )
        return
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('no group coordinator')
}

const join = (c: WireClient, groupId: string, memberId: string, topic: string, extra = {}) =>
  c.request(ApiKeys.JOIN_GROUP, 9, {
    groupId,
    sessionTimeoutMs: SESSION,
    rebalanceTimeoutMs: 20_000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription([topic]) }],
    reason: null,
    ...extra,
  })

const sync = (
  c: WireClient,
  groupId: string,
  generationId: number,
  memberId: string,
  assignments = [] as any[],
) =>
  c.request(ApiKeys.SYNC_GROUP, 5, {
    groupId,
    generationId,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocolName: 'range',
    assignments,
  })

const heartbeat = (c: WireClient, groupId: string, generationId: number, memberId: string) =>
  c.request(ApiKeys.HEARTBEAT, 4, { groupId, generationId, memberId, groupInstanceId: null })

const commit = (
  c: WireClient,
  groupId: string,
  generation: number,
  memberId: string,
  topic: string,
  offset: bigint,
) =>
  c.request(ApiKeys.OFFSET_COMMIT, 9, {
    groupId,
    generationIdOrMemberEpoch: generation,
    memberId,
    groupInstanceId: null,
    topics: [
      {
        name: topic,
        partitions: [
          { partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: 'md' },
        ],
      },
    ],
  })

describeOnBrokers('classic group protocol on the wire', (target) => {
  it('join, sync, heartbeat, commit, a second member, leave, delete', async (t) => {
    const topic = uniqueName('conf')
    const groupId = uniqueName('conf-group')
    const a = await connect(t, target.bootstrap!)
    const b = await connect(t, target.bootstrap!)
    await createTopic(a, topic, 2)

    await coordinatorReady(a, groupId)

    // First join: member id required, then the join completes with one member.
    const first = await join(a, groupId, '', topic)
    assert.equal(first.errorCode, ErrorCodes.MEMBER_ID_REQUIRED)
    assert.match(first.memberId, /^wire-test-/)
    const ja = await join(a, groupId, first.memberId, topic)
    assert.deepEqual(
      [ja.errorCode, ja.generationId, ja.protocolType, ja.protocolName, ja.leader, ja.skipAssignment],
      [0, 1, 'consumer', 'range', first.memberId, false],
    )
    assert.deepEqual(ja.members[0]!.metadata, subscription([topic]))
    const sa = await sync(a, groupId, 1, first.memberId, [
      { memberId: first.memberId, assignment: Buffer.from('A') },
    ])
    assert.deepEqual(
      [sa.errorCode, sa.protocolType, sa.protocolName, sa.assignment.toString()],
      [0, 'consumer', 'range', 'A'],
    )

    assert.equal((await heartbeat(a, groupId, 1, first.memberId)).errorCode, 0)
    assert.equal((await heartbeat(a, groupId, 0, first.memberId)).errorCode, ErrorCodes.ILLEGAL_GENERATION)
    assert.equal((await heartbeat(a, groupId, 1, 'nobody')).errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)

    assert.equal(
      (await commit(a, groupId, 1, first.memberId, topic, 42n)).topics[0]!.partitions[0]!.errorCode,
      0,
    )
    const simple = await commit(a, groupId, -1, '', topic, 1n)
    assert.equal(simple.topics[0]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
    const fetched = await a.request(ApiKeys.OFFSET_FETCH, 9, {
      groups: [
        { groupId, memberId: null, memberEpoch: -1, topics: [{ name: topic, partitionIndexes: [0, 1] }] },
      ],
      requireStable: true,
    })
    assert.deepEqual(
      fetched.groups[0]!.topics[0]!.partitions.map((p) => [p.committedOffset, p.metadata, p.errorCode]),
      [
        [42n, 'md', 0],
        [-1n, '', 0],
      ],
    )

    // A second member: the first learns of the rebalance by heartbeat, both rejoin into generation 2.
    const second = await join(b, groupId, '', topic)
    assert.equal(second.errorCode, ErrorCodes.MEMBER_ID_REQUIRED)
    const jbPending = join(b, groupId, second.memberId, topic)
    let hb = 0
    for (let i = 0; i < 50 && hb !== ErrorCodes.REBALANCE_IN_PROGRESS; i++) {
      hb = (await heartbeat(a, groupId, 1, first.memberId)).errorCode
      if (hb !== ErrorCodes.REBALANCE_IN_PROGRESS) await new Promise((r) => setTimeout(r, 50))
    }
    assert.equal(hb, ErrorCodes.REBALANCE_IN_PROGRESS)
    const [ja2, jb2] = await Promise.all([join(a, groupId, first.memberId, topic), jbPending])
    assert.deepEqual([ja2.errorCode, ja2.generationId, ja2.members.length], [0, 2, 2])
    assert.deepEqual(
      [jb2.errorCode, jb2.generationId, jb2.members.length, jb2.leader],
      [0, 2, 0, first.memberId],
    )
    const syncB = sync(b, groupId, 2, second.memberId)
    await sync(a, groupId, 2, first.memberId, [
      { memberId: first.memberId, assignment: Buffer.from('A2') },
      { memberId: second.memberId, assignment: Buffer.from('B2') },
    ])
    assert.equal((await syncB).assignment.toString(), 'B2')

    const described = await a.request(ApiKeys.DESCRIBE_GROUPS, 5, {
      groups: [groupId],
      includeAuthorizedOperations: false,
    })
    const g = described.groups[0]!
    assert.deepEqual(
      [g.errorCode, g.groupState, g.protocolType, g.protocolData],
      [0, 'Stable', 'consumer', 'range'],
    )
    assert.deepEqual(g.members.map((m) => m.memberId).sort(), [first.memberId, second.memberId].sort())
    assert.ok(g.members.every((m) => m.clientId === 'wire-test' && m.clientHost === '/127.0.0.1'))

    const busy = await a.request(ApiKeys.DELETE_GROUPS, 2, { groupsNames: [groupId] })
    assert.equal(busy.results[0]!.errorCode, ErrorCodes.NON_EMPTY_GROUP)

    const left = await a.request(ApiKeys.LEAVE_GROUP, 5, {
      groupId,
      members: [
        { memberId: first.memberId, groupInstanceId: null, reason: 'done' },
        { memberId: second.memberId, groupInstanceId: null, reason: 'done' },
        { memberId: 'ghost', groupInstanceId: null, reason: null },
      ],
    })
    assert.deepEqual(
      left.members.map((m) => m.errorCode),
      [0, 0, ErrorCodes.UNKNOWN_MEMBER_ID],
    )
    const empty = await a.request(ApiKeys.DESCRIBE_GROUPS, 6, {
      groups: [groupId],
      includeAuthorizedOperations: false,
    })
    assert.deepEqual([empty.groups[0]!.errorCode, empty.groups[0]!.groupState], [0, 'Empty'])
    const listed = await a.request(ApiKeys.LIST_GROUPS, 5, {
      statesFilter: ['empty'],
      typesFilter: ['classic'],
    })
    assert.ok(
      listed.groups.some(
        (x) => x.groupId === groupId && x.groupState === 'Empty' && x.groupType === 'classic',
      ),
    )

    // Offsets outlive the members; an admin commit is fine on the Empty group.
    const adminCommit = await commit(a, groupId, -1, '', topic, 7n)
    assert.equal(adminCommit.topics[0]!.partitions[0]!.errorCode, 0)
    const deleted = await a.request(ApiKeys.DELETE_GROUPS, 2, { groupsNames: [groupId] })
    assert.equal(deleted.results[0]!.errorCode, 0)
    const gone = await a.request(ApiKeys.DESCRIBE_GROUPS, 6, {
      groups: [groupId],
      includeAuthorizedOperations: false,
    })
    assert.equal(gone.groups[0]!.errorCode, ErrorCodes.GROUP_ID_NOT_FOUND)
    const noOffsets = await a.request(ApiKeys.OFFSET_FETCH, 9, {
      groups: [{ groupId, memberId: null, memberEpoch: -1, topics: null }],
      requireStable: false,
    })
    assert.deepEqual(noOffsets.groups[0]!.topics, [])
  })

  it('errors for unknown groups and members, and session timeout bounds', async (t) => {
    const topic = uniqueName('conf-err')
    const groupId = uniqueName('conf-err-group')
    const c = await connect(t, target.bootstrap!)
    await createTopic(c, topic, 1)
    await coordinatorReady(c, groupId)
    assert.equal((await heartbeat(c, groupId, 1, 'm')).errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
    assert.equal((await sync(c, groupId, 1, 'm')).errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
    assert.equal((await join(c, groupId, 'm', topic)).errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
    assert.equal((await join(c, '', '', topic)).errorCode, ErrorCodes.INVALID_GROUP_ID)
    assert.equal(
      (await join(c, groupId, '', topic, { sessionTimeoutMs: 10 })).errorCode,
      ErrorCodes.INVALID_SESSION_TIMEOUT,
    )
    const v8 = await c.request(ApiKeys.OFFSET_COMMIT, 8, {
      groupId,
      generationIdOrMemberEpoch: 3,
      memberId: 'm',
      groupInstanceId: null,
      topics: [
        {
          name: topic,
          partitions: [
            { partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null },
          ],
        },
      ],
    })
    assert.equal(v8.topics[0]!.partitions[0]!.errorCode, ErrorCodes.ILLEGAL_GENERATION)
    const unknownTopic = await c.request(ApiKeys.OFFSET_COMMIT, 8, {
      groupId,
      generationIdOrMemberEpoch: -1,
      memberId: '',
      groupInstanceId: null,
      topics: [
        {
          name: uniqueName('missing'),
          partitions: [
            { partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: null },
          ],
        },
      ],
    })
    assert.equal(unknownTopic.topics[0]!.partitions[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    const leave = await c.request(ApiKeys.LEAVE_GROUP, 1, { groupId, memberId: 'm' })
    assert.equal(leave.errorCode, ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('static members, commits during CompletingRebalance, OffsetDelete, topic ids (v10)', async (t) => {
    const topic = uniqueName('conf-static')
    const other = uniqueName('conf-other')
    const groupId = uniqueName('conf-static-group')
    const a = await connect(t, target.bootstrap!)
    const b = await connect(t, target.bootstrap!)
    const topicId = await createTopic(a, topic, 1)
    await createTopic(a, other, 1)
    await coordinatorReady(a, groupId)

    // Two static members (JoinGroup v5: no member-id round for them).
    const staticJoin = (c: WireClient, instance: string, memberId = '') =>
      c.request(ApiKeys.JOIN_GROUP, 5, {
        groupId,
        sessionTimeoutMs: SESSION,
        rebalanceTimeoutMs: 20_000,
        memberId,
        groupInstanceId: instance,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: subscription([topic]) }],
      })
    const ja = await staticJoin(a, 'pod-a')
    assert.equal(ja.errorCode, 0)
    assert.match(ja.memberId, /^pod-a-/)
    // A commit while the group awaits SyncGroup: REBALANCE_IN_PROGRESS.
    const early = await commit(a, groupId, 1, ja.memberId, topic, 3n)
    assert.equal(early.topics[0]!.partitions[0]!.errorCode, ErrorCodes.REBALANCE_IN_PROGRESS)
    await sync(a, groupId, 1, ja.memberId, [{ memberId: ja.memberId, assignment: Buffer.from('A') }])

    // The same instance restarts: new member id, same generation, old id fenced, old leader id returned (v5).
    const again = await staticJoin(b, 'pod-a')
    assert.deepEqual([again.errorCode, again.generationId, again.leader], [0, 1, ja.memberId])
    assert.notEqual(again.memberId, ja.memberId)
    const fenced = await a.request(ApiKeys.HEARTBEAT, 3, {
      groupId,
      generationId: 1,
      memberId: ja.memberId,
      groupInstanceId: 'pod-a',
    })
    assert.equal(fenced.errorCode, ErrorCodes.FENCED_INSTANCE_ID)
    const resynced = await b.request(ApiKeys.SYNC_GROUP, 3, {
      groupId,
      generationId: 1,
      memberId: again.memberId,
      groupInstanceId: 'pod-a',
      assignments: [],
    })
    assert.equal(resynced.assignment.toString(), 'A')

    // Commits by topic id (v10), read back by topic id; OffsetDelete keeps subscribed topics.
    const v10 = await b.request(ApiKeys.OFFSET_COMMIT, 10, {
      groupId,
      generationIdOrMemberEpoch: 1,
      memberId: again.memberId,
      groupInstanceId: 'pod-a',
      topics: [
        {
          topicId,
          partitions: [
            { partitionIndex: 0, committedOffset: 9n, committedLeaderEpoch: -1, committedMetadata: null },
          ],
        },
      ],
    })
    assert.deepEqual([v10.topics[0]!.topicId, v10.topics[0]!.partitions[0]!.errorCode], [topicId, 0])
    const fetched = await b.request(ApiKeys.OFFSET_FETCH, 10, {
      groups: [{ groupId, memberId: null, memberEpoch: -1, topics: [{ topicId, partitionIndexes: [0] }] }],
      requireStable: false,
    })
    assert.deepEqual(
      [fetched.groups[0]!.topics[0]!.topicId, fetched.groups[0]!.topics[0]!.partitions[0]!.committedOffset],
      [topicId, 9n],
    )
    const del = await b.request(ApiKeys.OFFSET_DELETE, 0, {
      groupId,
      topics: [
        { name: topic, partitions: [{ partitionIndex: 0 }] },
        { name: other, partitions: [{ partitionIndex: 0 }] },
      ],
    })
    assert.deepEqual(
      [del.errorCode, del.topics.map((x) => x.partitions[0]!.errorCode)],
      [0, [ErrorCodes.GROUP_SUBSCRIBED_TO_TOPIC, 0]],
    )

    // Admin removal by instance id (LeaveGroup v3+, member id left empty) empties the group.
    const removed = await b.request(ApiKeys.LEAVE_GROUP, 4, {
      groupId,
      members: [{ memberId: '', groupInstanceId: 'pod-a' }],
    })
    assert.equal(removed.members[0]!.errorCode, 0)
    const described = await b.request(ApiKeys.DESCRIBE_GROUPS, 5, { groups: [groupId] })
    assert.equal(described.groups[0]!.groupState, 'Empty')
  })
})
