/**
 * LeaveGroup (v3+ a batch of members). A member is named by member id, or by group instance id
 * alone (an admin removing a static member). A pending member (told MEMBER_ID_REQUIRED) may leave
 * too. Anyone removed with a parked JoinGroup gets UNKNOWN_MEMBER_ID; the group then rebalances
 * (or finishes the join phase it was in).
 */
import { ErrorCodes } from '@spool/protocol'
import type { ClassicGroup } from './group.ts'
import { joinError, maybeCompleteJoinPhase, maybePrepareRebalanceOrCompleteJoin } from './rebalance.ts'
import type { Runtime } from './runtime.ts'
import { timerKeys } from './timers.ts'
import type { LeaveGroupInput, LeaveGroupResult } from './types.ts'

function removeCurrentMember(rt: Runtime, group: ClassicGroup, memberId: string): void {
  const member = group.member(memberId)
  rt.timers.cancel(timerKeys.heartbeat(group.groupId, memberId))
  if (member !== undefined) group.completeJoin(member, joinError('', ErrorCodes.UNKNOWN_MEMBER_ID))
  group.remove(memberId)
}

export function leaveGroup(rt: Runtime, input: LeaveGroupInput): LeaveGroupResult {
  const all = (errorCode: number): LeaveGroupResult => ({
    errorCode: ErrorCodes.NONE,
    members: input.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode,
    })),
  })
  if (rt.closed) return { errorCode: ErrorCodes.COORDINATOR_NOT_AVAILABLE, members: [] }
  if (input.groupId === '') return { errorCode: ErrorCodes.INVALID_GROUP_ID, members: [] }
  const group = rt.groups.get(input.groupId)
  if (group === undefined) return all(ErrorCodes.UNKNOWN_MEMBER_ID)
  if (group.is('Dead')) return { errorCode: ErrorCodes.COORDINATOR_NOT_AVAILABLE, members: [] }

  const members = input.members.map((m) => {
    const answer = (errorCode: number) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode,
    })
    if (m.memberId === '') {
      // Removal by instance id only (admin tools).
      const staticId = m.groupInstanceId === null ? undefined : group.staticMemberId(m.groupInstanceId)
      if (staticId === undefined) return answer(ErrorCodes.UNKNOWN_MEMBER_ID)
      removeCurrentMember(rt, group, staticId)
      return answer(ErrorCodes.NONE)
    }
    if (group.isPendingMember(m.memberId)) {
      group.remove(m.memberId)
      rt.timers.cancel(timerKeys.heartbeat(group.groupId, m.memberId))
      return answer(ErrorCodes.NONE)
    }
    const error = group.validateMember(m.memberId, m.groupInstanceId)
    if (error !== ErrorCodes.NONE) return answer(error)
    removeCurrentMember(rt, group, m.memberId)
    rt.log.info(
      { groupId: group.groupId, memberId: m.memberId, reason: m.reason ?? null },
      'member left group',
    )
    return answer(ErrorCodes.NONE)
  })

  const left = members.filter((m) => m.errorCode === ErrorCodes.NONE).map((m) => m.memberId)
  if (left.length > 0) {
    const reason = `members left: ${left.join(', ')}`
    if (group.is('Stable') || group.is('CompletingRebalance'))
      maybePrepareRebalanceOrCompleteJoin(rt, group, reason)
    else if (group.is('PreparingRebalance')) maybeCompleteJoinPhase(rt, group)
  }
  return { errorCode: ErrorCodes.NONE, members }
}
