/**
 * DescribeGroups, ListGroups and DeleteGroups.
 * - Describe shows members with client id and host; their metadata and assignment bytes only while
 *   the group is Stable (as Kafka). A group that does not exist is described as Dead.
 * - List filters by state (case-insensitive) and type; every group here is 'classic'.
 * - Delete removes an Empty group and all its offsets; a group with members is NON_EMPTY_GROUP.
 */
import { ErrorCodes } from '@spool/protocol'
import type { GroupDeleteRecord } from './journal.ts'
import { forgetGroup, persist, type Runtime } from './runtime.ts'
import { timerKeys } from './timers.ts'
import type { DescribedGroup, ListedGroup, ListGroupsFilter } from './types.ts'

const EMPTY = Buffer.alloc(0)

export function describeGroups(rt: Runtime, groupIds: readonly string[]): DescribedGroup[] {
  return groupIds.map((groupId) => {
    const group = rt.groups.get(groupId)
    if (rt.closed) {
      return {
        errorCode: ErrorCodes.COORDINATOR_NOT_AVAILABLE,
        groupId,
        state: 'Dead',
        protocolType: '',
        protocolData: '',
        members: [],
        exists: false,
      }
    }
    if (group === undefined) {
      return {
        errorCode: ErrorCodes.NONE,
        groupId,
        state: 'Dead',
        protocolType: '',
        protocolData: '',
        members: [],
        exists: false,
      }
    }
    const stable = group.is('Stable')
    return {
      errorCode: ErrorCodes.NONE,
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? (group.protocolName ?? '') : '',
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadata(group.protocolName) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
      exists: true,
    }
  })
}

/** Group types Kafka knows; every group this coordinator holds is of the first. */
const GROUP_TYPES = new Set(['classic', 'consumer', 'share', 'streams'])

export function listGroups(rt: Runtime, filter: ListGroupsFilter = {}): ListedGroup[] {
  const states = new Set((filter.states ?? []).map((s) => s.trim().toLowerCase()))
  const types = new Set(
    (filter.types ?? []).map((s) => s.trim().toLowerCase()).filter((t) => GROUP_TYPES.has(t)),
  )
  if ((filter.types ?? []).length > 0 && !types.has('classic')) return []
  return [...rt.groups.values()]
    .filter((g) => states.size === 0 || states.has(g.state.toLowerCase()))
    .map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType ?? '',
      state: g.state,
      type: 'classic' as const,
    }))
}

export async function deleteGroups(
  rt: Runtime,
  groupIds: readonly string[],
): Promise<Array<{ groupId: string; errorCode: number }>> {
  const records: GroupDeleteRecord[] = []
  const results = groupIds.map((groupId) => {
    if (rt.closed) return { groupId, errorCode: ErrorCodes.COORDINATOR_NOT_AVAILABLE }
    const group = rt.groups.get(groupId)
    if (group === undefined || group.is('Dead')) return { groupId, errorCode: ErrorCodes.GROUP_ID_NOT_FOUND }
    if (!group.is('Empty')) return { groupId, errorCode: ErrorCodes.NON_EMPTY_GROUP }
    group.transitionTo('Dead', rt.clock.now())
    rt.groups.delete(groupId)
    forgetGroup(rt, groupId)
    rt.offsets.deleteGroup(groupId)
    rt.timers.cancel(timerKeys.join(groupId))
    rt.timers.cancel(timerKeys.sync(groupId))
    records.push({ t: 'group-del', id: groupId })
    rt.log.info({ groupId }, 'group deleted')
    return { groupId, errorCode: ErrorCodes.NONE }
  })
  if (records.length > 0) {
    try {
      await persist(rt, records)
    } catch {
      return results.map((r) =>
        r.errorCode === ErrorCodes.NONE ? { ...r, errorCode: ErrorCodes.NOT_COORDINATOR } : r,
      )
    }
  }
  return results
}
