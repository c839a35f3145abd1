import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { ErrorCodes } from '@spool/protocol'
import { createManualClock } from '../../src/group/clock.ts'
import { createGroupCoordinator } from '../../src/group/coordinator.ts'
import type { GroupCoordinator } from '../../src/group/types.ts'
import { harness, SESSION, stableGroup } from './helpers.ts'

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'spool-groups-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

const commitOne = (c: GroupCoordinator, groupId: string, offset: bigint, extra = {}) =>
  c.commitOffsets({
    groupId,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    apiVersion: 8,
    topics: [{ name: 'orders', partitions: [{ partition: 0, offset, leaderEpoch: 2, metadata: 'meta' }] }],
    ...extra,
  })

const fetchOne = (c: GroupCoordinator, groupId: string) =>
  c.fetchOffsets(groupId, [{ name: 'orders', partitions: [0] }]).topics[0]!.partitions[0]!

describe('durability across coordinator restarts', () => {
  it('committed offsets, with metadata and leader epoch, survive a restart', async (t) => {
    const dir = await tempDir(t)
    const first = await createGroupCoordinator({ dir })
    await commitOne(first, 'g', 10n)
    await commitOne(first, 'g', 11n)
    await commitOne(first, 'h', 5n)
    await first.close()
    const second = await createGroupCoordinator({ dir })
    t.after(() => second.close())
    assert.deepEqual(fetchOne(second, 'g'), {
      partition: 0,
      offset: 11n,
      leaderEpoch: 2,
      metadata: 'meta',
      errorCode: 0,
    })
    assert.equal(fetchOne(second, 'h').offset, 5n)
  })

  it('deleted groups and deleted offsets stay deleted', async (t) => {
    const dir = await tempDir(t)
    const first = await createGroupCoordinator({ dir })
    await commitOne(first, 'gone', 1n)
    await commitOne(first, 'kept', 1n)
    await commitOne(first, 'trimmed', 1n)
    assert.equal((await first.deleteGroups(['gone']))[0]!.errorCode, 0)
    await first.deleteOffsets('trimmed', [{ name: 'orders', partitions: [0] }])
    await first.close()
    const second = await createGroupCoordinator({ dir })
    t.after(() => second.close())
    assert.deepEqual(
      second
        .listGroups()
        .map((g) => g.groupId)
        .sort(),
      ['kept', 'trimmed'],
    )
    assert.equal(fetchOne(second, 'gone').offset, -1n)
    assert.equal(fetchOne(second, 'trimmed').offset, -1n)
    assert.equal(fetchOne(second, 'kept').offset, 1n)
  })

  it('a stable group comes back Stable in its generation; members carry on heartbeating', async (t) => {
    const dir = await tempDir(t)
    const clock = createManualClock()
    const first = await createGroupCoordinator({ dir, clock, groupMinSessionTimeout: 1_000 })
    const h = { coordinator: first, clock, journal: undefined as never }
    const { members, generation, leader } = await stableGroup(h, 2)
    await first.close()
    const second = await createGroupCoordinator({ dir, clock, groupMinSessionTimeout: 1_000 })
    t.after(() => second.close())
    const [described] = second.describeGroups(['g'])
    assert.equal(described!.state, 'Stable')
    assert.equal(described!.protocolData, 'range')
    assert.deepEqual(described!.members.map((m) => m.memberId).sort(), [...members].sort())
    const b = members[1]!
    assert.equal(described!.members.find((m) => m.memberId === b)!.assignment.toString(), `assignment-${b}`)
    for (const memberId of members) {
      assert.equal(
        second.heartbeat({ groupId: 'g', generationId: generation, memberId, groupInstanceId: null }),
        0,
      )
    }
    const sync = await second.syncGroup({
      groupId: 'g',
      generationId: generation,
      memberId: b,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [],
    })
    assert.equal(sync.assignment.toString(), `assignment-${b}`)
    // A member that never comes back is removed by its session timeout, as before the restart.
    clock.advance(SESSION - 1)
    assert.equal(second.describeGroups(['g'])[0]!.state, 'Stable')
    second.heartbeat({ groupId: 'g', generationId: generation, memberId: leader, groupInstanceId: null })
    clock.advance(1)
    assert.equal(second.describeGroups(['g'])[0]!.members.length, 1)
    assert.equal(
      second.heartbeat({ groupId: 'g', generationId: generation, memberId: b, groupInstanceId: null }),
      ErrorCodes.UNKNOWN_MEMBER_ID,
    )
  })

  it('generations keep counting up after a restart', async (t) => {
    const dir = await tempDir(t)
    const clock = createManualClock()
    const first = await createGroupCoordinator({ dir, clock, groupMinSessionTimeout: 1_000 })
    const { members } = await stableGroup({ coordinator: first, clock, journal: undefined as never }, 1)
    first.leaveGroup({ groupId: 'g', members: [{ memberId: members[0]!, groupInstanceId: null }] })
    await new Promise((r) => setImmediate(r))
    await first.close()
    const second = await createGroupCoordinator({ dir, clock, groupMinSessionTimeout: 1_000 })
    t.after(() => second.close())
    assert.equal(second.describeGroups(['g'])[0]!.state, 'Empty')
    const { generation } = await stableGroup({ coordinator: second, clock, journal: undefined as never }, 1)
    assert.equal(generation, 3, 'generation 1, then 2 (empty), then 3')
  })

  it('the journal is compacted at start and when it outgrows the live state', async (t) => {
    const dir = await tempDir(t)
    const path = join(dir, 'groups.jsonl')
    const first = await createGroupCoordinator({ dir, journalCompactBytes: 4_096 })
    for (let i = 0; i < 200; i++) await commitOne(first, 'g', BigInt(i))
    await new Promise((r) => setTimeout(r, 50))
    const size = (await stat(path)).size
    assert.ok(size < 4_096 + 200, `compacted while running (${size} bytes)`)
    await first.close()
    const second = await createGroupCoordinator({ dir })
    t.after(() => second.close())
    const lines = (await readFile(path, 'utf8')).trim().split('\n')
    assert.equal(lines.length, 2, 'header and one commit record')
    assert.equal(fetchOne(second, 'g').offset, 199n)
  })

  it('memory mode: a fresh coordinator starts with nothing', async (t) => {
    const a = await harness(t)
    await commitOne(a.coordinator, 'g', 1n)
    const b = await harness(t)
    assert.equal(fetchOne(b.coordinator, 'g').offset, -1n)
  })
})
