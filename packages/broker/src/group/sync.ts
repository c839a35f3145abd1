/**
 * SyncGroup. After a join phase every member sends SyncGroup; the leader's carries the assignment.
 * Followers wait (parked) until the leader's arrives, then everyone gets its share and the group is
 * Stable. A SyncGroup during PreparingRebalance gets REBALANCE_IN_PROGRESS; a stale generation
 * ILLEGAL_GENERATION; an unknown member UNKNOWN_MEMBER_ID. A SyncGroup in a Stable group returns
 * the member's current assignment.
 */
import { ErrorCodes } from '@spool/protocol'
import type { ClassicGroup } from './group.ts'
import { removePendingSyncMember, setAndPropagateAssignment } from './rebalance.ts'
import { persistGroup, type Runtime } from './runtime.ts'
import type { SyncGroupInput, SyncGroupResult } from './types.ts'

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) }
}

/** A protocol field sent by the client (v5+) must match the group's. */
const inconsistent = (sent: string | null, actual: string | null) => sent !== null && sent !== actual

function validate(group: ClassicGroup, input: SyncGroupInput): number {
  if (group.is('Dead')) return ErrorCodes.COORDINATOR_NOT_AVAILABLE
  const error = group.validateMember(input.memberId, input.groupInstanceId)
  if (error !== ErrorCodes.NONE) return error
  if (input.generationId !== group.generationId) return ErrorCodes.ILLEGAL_GENERATION
  if (
    inconsistent(input.protocolType, group.protocolType) ||
    inconsistent(input.protocolName, group.protocolName)
  )
    return ErrorCodes.INCONSISTENT_GROUP_PROTOCOL
  return ErrorCodes.NONE
}

export function syncGroup(rt: Runtime, input: SyncGroupInput): Promise<SyncGroupResult> {
  if (rt.closed) return Promise.resolve(syncError(ErrorCodes.COORDINATOR_NOT_AVAILABLE))
  if (input.groupId === '') return Promise.resolve(syncError(ErrorCodes.INVALID_GROUP_ID))
  const group = rt.groups.get(input.groupId)
  if (group === undefined || group.is('Empty'))
    return Promise.resolve(syncError(ErrorCodes.UNKNOWN_MEMBER_ID))
  const error = validate(group, input)
  if (error !== ErrorCodes.NONE) return Promise.resolve(syncError(error))
  const member = group.member(input.memberId)!
  switch (group.state) {
    case 'PreparingRebalance':
      return Promise.resolve(syncError(ErrorCodes.REBALANCE_IN_PROGRESS))
    case 'Stable':
      removePendingSyncMember(rt, group, input.memberId)
      return Promise.resolve({
        errorCode: ErrorCodes.NONE,
        protocolType: group.protocolType,
        protocolName: group.protocolName,
        assignment: member.assignment,
      })
    default:
      break
  }
  // CompletingRebalance: park until the leader's assignment arrives.
  return new Promise<SyncGroupResult>((resolve) => {
    // A retried SyncGroup replaces the parked one, which is told to rejoin.
    group.completeSync(member, syncError(ErrorCodes.REBALANCE_IN_PROGRESS))
    member.awaitingSync = resolve
    removePendingSyncMember(rt, group, input.memberId)
    if (!group.isLeader(input.memberId)) return
    const assignment = new Map<string, Buffer>()
    for (const a of input.assignments) assignment.set(a.memberId, Buffer.from(a.assignment))
    const missing = [...group.members.keys()].filter((id) => !assignment.has(id))
    if (missing.length > 0) {
      rt.log.warn({ groupId: group.groupId, members: missing }, 'leader sent no assignment for some members')
    }
    setAndPropagateAssignment(rt, group, assignment)
    group.transitionTo('Stable', rt.clock.now())
    persistGroup(rt, group)
    rt.log.info({ groupId: group.groupId, generation: group.generationId }, 'group stable')
  })
}
