import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorCodes } from '@spool/protocol'
import type { OffsetCommitInput } from '../../src/group/types.ts'
import { harness, joinInput, protocols, rejoin, stableGroup } from './helpers.ts'

const commit = (overrides: Partial<OffsetCommitInput> = {}): OffsetCommitInput => ({
  groupId: 'g',
  generationId: -1,
  memberId: '',
  groupInstanceId: null,
  apiVersion: 8,
  topics: [
    {
      name: 'orders',
      partitions: [
        { partition: 0, offset: 42n, leaderEpoch: 3, metadata: 'hello' },
        { partition: 1, offset: 7n, leaderEpoch: -1, metadata: null },
      ],
    },
  ],
  ...overrides,
})

const codes = (result: Array<{ partitions: ReadonlyArray<{ errorCode: number }> }>) =>
  result.flatMap((t) => t.partitions.map((p) => p.errorCode))

describe('offsets', () => {
  it('a commit from outside group management (-1) creates a simple group; fetch returns it with metadata', async (t) => {
    const { coordinator } = await harness(t)
    assert.deepEqual(codes(await coordinator.commitOffsets(commit())), [0, 0])
    const fetched = coordinator.fetchOffsets('g', [{ name: 'orders', partitions: [0, 1, 2] }])
    assert.equal(fetched.errorCode, 0)
    assert.deepEqual(fetched.topics[0]!.partitions, [
      { partition: 0, offset: 42n, leaderEpoch: 3, metadata: 'hello', errorCode: 0 },
      { partition: 1, offset: 7n, leaderEpoch: -1, metadata: '', errorCode: 0 },
      { partition: 2, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: 0 },
    ])
    const listed = coordinator.listGroups()
    assert.deepEqual(listed, [{ groupId: 'g', protocolType: '', state: 'Empty', type: 'classic' }])
  })

  it('fetch of all topics (null) lists every committed partition; an unknown group has none', async (t) => {
    const { coordinator } = await harness(t)
    await coordinator.commitOffsets(commit())
    await coordinator.commitOffsets(
      commit({
        topics: [
          { name: 'users', partitions: [{ partition: 3, offset: 1n, leaderEpoch: -1, metadata: '' }] },
        ],
      }),
    )
    const all = coordinator.fetchOffsets('g', null)
    assert.deepEqual(
      all.topics.map((t) => [t.name, t.partitions.map((p) => [p.partition, p.offset])]),
      [
        [
          'orders',
          [
            [0, 42n],
            [1, 7n],
          ],
        ],
        ['users', [[3, 1n]]],
      ],
    )
    assert.deepEqual(coordinator.fetchOffsets('none', null), { errorCode: 0, topics: [] })
    const unknown = coordinator.fetchOffsets('none', [{ name: 'orders', partitions: [0] }])
    assert.equal(unknown.topics[0]!.partitions[0]!.offset, -1n)
  })

  it('a later commit replaces the earlier one', async (t) => {
    const { coordinator } = await harness(t)
    await coordinator.commitOffsets(commit())
    await coordinator.commitOffsets(
      commit({
        topics: [
          { name: 'orders', partitions: [{ partition: 0, offset: 100n, leaderEpoch: 4, metadata: 'x' }] },
        ],
      }),
    )
    const p0 = coordinator.fetchOffsets('g', [{ name: 'orders', partitions: [0] }]).topics[0]!.partitions[0]!
    assert.equal(p0.offset, 100n)
    assert.equal(p0.metadata, 'x')
  })

  it('members commit with their generation; a commit without one is refused while the group has members', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 2)
    const ok = await h.coordinator.commitOffsets(commit({ generationId: generation, memberId: members[1]! }))
    assert.deepEqual(codes(ok), [0, 0])
    const simple = await h.coordinator.commitOffsets(commit())
    assert.deepEqual(codes(simple), [ErrorCodes.UNKNOWN_MEMBER_ID, ErrorCodes.UNKNOWN_MEMBER_ID])
    const stranger = await h.coordinator.commitOffsets(commit({ generationId: generation, memberId: 'x' }))
    assert.equal(codes(stranger)[0], ErrorCodes.UNKNOWN_MEMBER_ID)
  })

  it('a commit while the group awaits SyncGroup gets REBALANCE_IN_PROGRESS; during PreparingRebalance it is accepted', async (t) => {
    const h = await harness(t)
    const { members, generation } = await stableGroup(h, 2)
    const ja = rejoin(h.coordinator, members[0]!)
    const during = await h.coordinator.commitOffsets(
      commit({ generationId: generation, memberId: members[1]! }),
    )
    assert.deepEqual(codes(during), [0, 0], 'PreparingRebalance: the old generation may still commit')
    const jb = rejoin(h.coordinator, members[1]!)
    await Promise.all([ja, jb])
    const completing = await h.coordinator.commitOffsets(
      commit({ generationId: generation + 1, memberId: members[1]! }),
    )
    assert.equal(codes(completing)[0], ErrorCodes.REBALANCE_IN_PROGRESS)
  })

  it('a commit with a generation to a group that does not exist: ILLEGAL_GENERATION, GROUP_ID_NOT_FOUND from v9', async (t) => {
    const { coordinator } = await harness(t)
    const v8 = await coordinator.commitOffsets(commit({ generationId: 3, memberId: 'm', apiVersion: 8 }))
    assert.equal(codes(v8)[0], ErrorCodes.ILLEGAL_GENERATION)
    const v9 = await coordinator.commitOffsets(commit({ generationId: 3, memberId: 'm', apiVersion: 9 }))
    assert.equal(codes(v9)[0], ErrorCodes.GROUP_ID_NOT_FOUND)
  })

  it('metadata longer than the limit is refused for that partition only', async (t) => {
    const { coordinator } = await harness(t, { offsetMetadataMaxBytes: 4 })
    const result = await coordinator.commitOffsets(commit())
    assert.deepEqual(codes(result), [ErrorCodes.OFFSET_METADATA_TOO_LARGE, 0])
  })

  it('OffsetDelete: refused for a live non-consumer group and for subscribed topics, works otherwise', async (t) => {
    const h = await harness(t)
    await h.coordinator.commitOffsets(commit())
    const deleted = await h.coordinator.deleteOffsets('g', [{ name: 'orders', partitions: [0] }])
    assert.deepEqual(deleted, {
      errorCode: 0,
      topics: [{ name: 'orders', partitions: [{ partition: 0, errorCode: 0 }] }],
    })
    assert.equal(
      h.coordinator.fetchOffsets('g', [{ name: 'orders', partitions: [0] }]).topics[0]!.partitions[0]!.offset,
      -1n,
    )
    assert.equal((await h.coordinator.deleteOffsets('missing', [])).errorCode, ErrorCodes.GROUP_ID_NOT_FOUND)

    // A live consumer group subscribed to 'orders' (helpers' subscription) can drop other topics only.
    const { members, generation } = await stableGroup(h, 1, { groupId: 'live' })
    await h.coordinator.commitOffsets(
      commit({
        groupId: 'live',
        generationId: generation,
        memberId: members[0]!,
        topics: [
          { name: 'orders', partitions: [{ partition: 0, offset: 1n, leaderEpoch: -1, metadata: '' }] },
          { name: 'old', partitions: [{ partition: 0, offset: 1n, leaderEpoch: -1, metadata: '' }] },
        ],
      }),
    )
    const live = await h.coordinator.deleteOffsets('live', [
      { name: 'orders', partitions: [0] },
      { name: 'old', partitions: [0] },
    ])
    assert.deepEqual(
      live.topics.map((t) => t.partitions[0]!.errorCode),
      [ErrorCodes.GROUP_SUBSCRIBED_TO_TOPIC, 0],
    )

    const other = await harness(t)
    const jc = other.coordinator.joinGroup(
      joinInput({ groupId: 'c', protocolType: 'connect', apiVersion: 3 }),
    )
    other.clock.advance(0)
    await jc
    const refused = await other.coordinator.deleteOffsets('c', [{ name: 'orders', partitions: [0] }])
    assert.equal(refused.errorCode, ErrorCodes.NON_EMPTY_GROUP)
  })

  it('offsets of an empty group expire after the retention; the group then goes', async (t) => {
    const h = await harness(t, { offsetsRetention: 60_000, offsetsRetentionCheckInterval: 10_000 })
    await h.coordinator.commitOffsets(commit())
    h.clock.advance(50_000)
    assert.equal(h.coordinator.fetchOffsets('g', null).topics.length, 1)
    h.clock.advance(20_000)
    assert.deepEqual(h.coordinator.fetchOffsets('g', null).topics, [])
    assert.deepEqual(h.coordinator.listGroups(), [])
  })

  it('offsets of a stable group are kept for the topics it subscribes to', async (t) => {
    const h = await harness(t, { offsetsRetention: 60_000, offsetsRetentionCheckInterval: 10_000 })
    const { members, generation } = await stableGroup(h, 1, { protocols: protocols(['range'], ['orders']) })
    await h.coordinator.commitOffsets(commit({ generationId: generation, memberId: members[0]! }))
    for (let i = 0; i < 20; i++) {
      h.clock.advance(5_000)
      h.coordinator.heartbeat({
        groupId: 'g',
        generationId: generation,
        memberId: members[0]!,
        groupInstanceId: null,
      })
    }
    assert.equal(h.coordinator.fetchOffsets('g', null).topics.length, 1)
  })

  it('offsets of deleted topics are dropped', async (t) => {
    const { coordinator } = await harness(t)
    await coordinator.commitOffsets(commit())
    await coordinator.onTopicsDeleted(['orders'])
    assert.deepEqual(coordinator.fetchOffsets('g', null).topics, [])
  })
})

describe('describe, list and delete groups', () => {
  it('describes members with client id, host, metadata and assignment while Stable', async (t) => {
    const h = await harness(t)
    const { members } = await stableGroup(h, 2)
    const [described] = h.coordinator.describeGroups(['g'])
    assert.equal(described!.state, 'Stable')
    assert.equal(described!.protocolType, 'consumer')
    assert.equal(described!.protocolData, 'range')
    const m = described!.members.find((x) => x.memberId === members[1])!
    assert.equal(m.clientId, 'c1')
    assert.equal(m.clientHost, '/127.0.0.1')
    assert.equal(m.assignment.toString(), `assignment-${members[1]}`)
    assert.ok(m.metadata.length > 0)
    const missing = h.coordinator.describeGroups(['nope'])[0]!
    assert.equal(missing.state, 'Dead')
    assert.equal(missing.exists, false)
  })

  it('hides metadata and assignments while rebalancing', async (t) => {
    const h = await harness(t)
    const { members } = await stableGroup(h, 2)
    rejoin(h.coordinator, members[0]!)
    const [described] = h.coordinator.describeGroups(['g'])
    assert.equal(described!.state, 'PreparingRebalance')
    assert.equal(described!.protocolData, '')
    assert.ok(described!.members.every((m) => m.metadata.length === 0 && m.assignment.length === 0))
  })

  it('lists groups filtered by state and type', async (t) => {
    const h = await harness(t)
    await stableGroup(h, 1, { groupId: 'stable' })
    await h.coordinator.commitOffsets(commit({ groupId: 'simple' }))
    const ids = (l: Array<{ groupId: string }>) => l.map((g) => g.groupId).sort()
    assert.deepEqual(ids(h.coordinator.listGroups()), ['simple', 'stable'])
    assert.deepEqual(ids(h.coordinator.listGroups({ states: ['STABLE'] })), ['stable'])
    assert.deepEqual(ids(h.coordinator.listGroups({ states: ['empty', 'stable'] })), ['simple', 'stable'])
    assert.deepEqual(ids(h.coordinator.listGroups({ types: ['classic'] })), ['simple', 'stable'])
    assert.deepEqual(ids(h.coordinator.listGroups({ types: ['consumer'] })), [])
  })

  it('deletes empty groups with their offsets; refuses groups with members', async (t) => {
    const h = await harness(t)
    await stableGroup(h, 1, { groupId: 'busy' })
    await h.coordinator.commitOffsets(commit({ groupId: 'idle' }))
    const results = await h.coordinator.deleteGroups(['busy', 'idle', 'ghost'])
    assert.deepEqual(results, [
      { groupId: 'busy', errorCode: ErrorCodes.NON_EMPTY_GROUP },
      { groupId: 'idle', errorCode: 0 },
      { groupId: 'ghost', errorCode: ErrorCodes.GROUP_ID_NOT_FOUND },
    ])
    assert.equal(
      h.coordinator.fetchOffsets('idle', [{ name: 'orders', partitions: [0] }]).topics[0]!.partitions[0]!
        .offset,
      -1n,
    )
    assert.deepEqual(
      h.coordinator.listGroups().map((g) => g.groupId),
      ['busy'],
    )
  })
})
