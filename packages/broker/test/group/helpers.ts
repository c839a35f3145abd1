/**
 * Test helpers for the group coordinator: a coordinator on a manual clock, request builders, and a
 * way to look at a promise's state without waiting for it.
 */
import type { TestContext } from 'node:test'
import { setImmediate as tick } from 'node:timers/promises'
import { ErrorCodes } from '@spool/protocol'
import { createManualClock, type ManualClock } from '../../src/group/clock.ts'
import { createGroupCoordinator } from '../../src/group/coordinator.ts'
import { createMemoryJournal, type GroupJournal } from '../../src/group/journal.ts'
import type { GroupCoordinatorInput } from '../../src/group/options.ts'
import type {
  GroupCoordinator,
  GroupProtocol,
  JoinGroupInput,
  JoinGroupResult,
} from '../../src/group/types.ts'

export const SESSION = 10_000
export const REBALANCE = 30_000

export interface Harness {
  readonly coordinator: GroupCoordinator
  readonly clock: ManualClock
  readonly journal: GroupJournal
}

/** A coordinator on a manual clock and a memory journal (or the given one), closed after the test. */
export async function harness(t: TestContext, options: GroupCoordinatorInput = {}): Promise<Harness> {
  const clock = (options.clock as ManualClock | undefined) ?? createManualClock()
  const journal = options.journal ?? (options.dir === undefined ? createMemoryJournal() : undefined)
  const coordinator = await createGroupCoordinator({
    groupMinSessionTimeout: 1_000,
    ...options,
    clock,
    journal,
  })
  t.after(() => coordinator.close())
  return { coordinator, clock, journal: journal! }
}

/** The v0 consumer subscription bytes: version, topics, user data. */
export function subscription(topics: string[], version = 0): Buffer {
  const parts = [Buffer.from([version >> 8, version & 0xff])]
  const count = Buffer.alloc(4)
  count.writeInt32BE(topics.length)
  parts.push(count)
  for (const topic of topics) {
    const len = Buffer.alloc(2)
    len.writeInt16BE(Buffer.byteLength(topic))
    parts.push(len, Buffer.from(topic))
  }
  parts.push(Buffer.from([0xff, 0xff, 0xff, 0xff]))
  return Buffer.concat(parts)
}

export function protocols(names: string[], topics: string[] = ['orders']): GroupProtocol[] {
  return names.map((name) => ({ name, metadata: subscription(topics) }))
}

export function joinInput(overrides: Partial<JoinGroupInput> = {}): JoinGroupInput {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: protocols(['range']),
    sessionTimeoutMs: SESSION,
    rebalanceTimeoutMs: REBALANCE,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    apiVersion: 9,
    ...overrides,
  }
}

/** Lets pending promise callbacks run. */
export const flush = () => tick()

/** Reads a promise's state after letting microtasks run. */
export async function peek<T>(promise: Promise<T>): Promise<{ done: boolean; value?: T }> {
  let state: { done: boolean; value?: T } = { done: false }
  promise.then((value) => {
    state = { done: true, value }
  })
  await flush()
  return state
}

/** Does the v4+ dance: first join (MEMBER_ID_REQUIRED), then the rejoin with the given id. */
export async function requestMemberId(
  c: GroupCoordinator,
  overrides: Partial<JoinGroupInput> = {},
): Promise<string> {
  const first = await c.joinGroup(joinInput(overrides))
  if (first.errorCode !== ErrorCodes.MEMBER_ID_REQUIRED)
    throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`)
  return first.memberId
}

/** Starts a rejoin with a known member id; the promise resolves when the join phase completes. */
export function rejoin(c: GroupCoordinator, memberId: string, overrides: Partial<JoinGroupInput> = {}) {
  return c.joinGroup(joinInput({ memberId, ...overrides }))
}

/**
 * Forms a Stable group of `n` members: all get ids, all join in one rebalance, the leader assigns
 * `assignment-<memberId>` to each. Returns the members' join results (leader first).
 */
export async function stableGroup(
  h: Harness,
  n: number,
  overrides: Partial<JoinGroupInput> = {},
): Promise<{ generation: number; leader: string; members: string[]; joins: JoinGroupResult[] }> {
  const ids: string[] = []
  for (let i = 0; i < n; i++)
    ids.push(await requestMemberId(h.coordinator, { clientId: `c${i}`, ...overrides }))
  const joins = ids.map((id, i) => rejoin(h.coordinator, id, { clientId: `c${i}`, ...overrides }))
  h.clock.advance(0)
  const results = await Promise.all(joins)
  const leader = results[0]!.leader
  const generation = results[0]!.generationId
  const syncs = results.map((r) =>
    h.coordinator.syncGroup({
      groupId: overrides.groupId ?? 'g',
      generationId: generation,
      memberId: r.memberId,
      groupInstanceId: overrides.groupInstanceId ?? null,
      protocolType: null,
      protocolName: null,
      assignments:
        r.memberId === leader
          ? ids.map((id) => ({ memberId: id, assignment: Buffer.from(`assignment-${id}`) }))
          : [],
    }),
  )
  await Promise.all(syncs)
  const leaderFirst = [...results].sort((a, b) =>
    a.memberId === leader ? -1 : b.memberId === leader ? 1 : 0,
  )
  return { generation, leader, members: leaderFirst.map((r) => r.memberId), joins: leaderFirst }
}
