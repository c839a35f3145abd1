/**
 * The rebalance machinery shared by join, sync, heartbeat and leave, following Kafka's classic
 * coordinator:
 * - prepareRebalance moves a group to PreparingRebalance (answering parked SyncGroups with
 *   REBALANCE_IN_PROGRESS) and arms the join deadline: the initial delay for an Empty group
 *   (extended while new members keep arriving, up to the rebalance timeout), else the rebalance
 *   timeout.
 * - The join phase completes as soon as every known member has rejoined and no member told
 *   MEMBER_ID_REQUIRED is still to come back, or when the deadline passes; dynamic members that did
 *   not rejoin are then removed. Waiting for the pending members is what keeps a burst of
 *   concurrent first joins to one rebalance.
 * - Completing the join bumps the generation, elects a leader among the rejoined members, chooses
 *   the protocol, answers every parked JoinGroup (the leader gets all members' metadata) and waits
 *   for SyncGroups up to the rebalance timeout.
 * - Each member has a heartbeat deadline (its session timeout; a new member's first join gets
 *   `groupNewMemberJoinTimeout`). A member that misses it is removed, which rebalances the group.
 */
import { ErrorCodes } from '@spool/protocol'
import type { ClassicGroup } from './group.ts'
import type { ClassicGroupMember } from './member.ts'
import { persistGroup, type Runtime, sameGroup } from './runtime.ts'
import { timerKeys } from './timers.ts'
import type { JoinGroupResult } from './types.ts'

const EMPTY = Buffer.alloc(0)

/** A JoinGroup answer carrying only an error. */
export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    memberId,
    members: [],
  }
}

/** The JoinGroup answer for the current generation (members listed for the leader only). */
export function currentJoinResult(
  group: ClassicGroup,
  memberId: string,
  withMembers: boolean,
): JoinGroupResult {
  return {
    errorCode: ErrorCodes.NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    skipAssignment: false,
    memberId,
    members: withMembers ? group.joinMembers() : [],
  }
}

export function maybePrepareRebalanceOrCompleteJoin(rt: Runtime, group: ClassicGroup, reason: string): void {
  if (group.canRebalance()) prepareRebalance(rt, group, reason)
  else maybeCompleteJoinPhase(rt, group)
}

export function prepareRebalance(rt: Runtime, group: ClassicGroup, reason: string): void {
  if (group.is('CompletingRebalance'))
    resetAndPropagateAssignmentWithError(rt, group, ErrorCodes.REBALANCE_IN_PROGRESS)
  removeSyncExpiration(rt, group)
  const initial = group.is('Empty')
  if (initial) {
    const delay = rt.options.groupInitialRebalanceDelay
    const remaining = Math.max(group.rebalanceTimeoutMs() - delay, 0)
    rt.timers.schedule(timerKeys.join(group.groupId), delay, () =>
      tryCompleteInitialRebalanceElseSchedule(rt, group, delay, remaining),
    )
  }
  group.transitionTo('PreparingRebalance', rt.clock.now())
  rt.log.info(
    { groupId: group.groupId, generation: group.generationId, reason },
    'preparing to rebalance group',
  )
  if (!initial) maybeCompleteJoinElseSchedule(rt, group)
}

/** Completes the join phase if everyone is in (never during the initial delay). */
export function maybeCompleteJoinPhase(rt: Runtime, group: ClassicGroup): void {
  if (!group.is('PreparingRebalance')) return
  if (group.previousState === 'Empty') return
  if (!group.hasAllMembersJoined()) return
  completeJoin(rt, group)
}

function maybeCompleteJoinElseSchedule(rt: Runtime, group: ClassicGroup): void {
  if (group.hasAllMembersJoined()) {
    completeJoin(rt, group)
    return
  }
  rt.timers.schedule(timerKeys.join(group.groupId), group.rebalanceTimeoutMs(), () => {
    if (sameGroup(rt, group)) completeJoin(rt, group)
  })
}

function tryCompleteInitialRebalanceElseSchedule(
  rt: Runtime,
  group: ClassicGroup,
  delay: number,
  remaining: number,
): void {
  if (!sameGroup(rt, group)) return
  if (group.newMemberAdded && remaining !== 0) {
    group.newMemberAdded = false
    const nextDelay = Math.min(rt.options.groupInitialRebalanceDelay, remaining)
    const nextRemaining = Math.max(remaining - delay, 0)
    rt.timers.schedule(timerKeys.join(group.groupId), nextDelay, () =>
      tryCompleteInitialRebalanceElseSchedule(rt, group, nextDelay, nextRemaining),
    )
    return
  }
  completeJoin(rt, group)
}

/** Ends the join phase: drops dynamic members that did not rejoin and starts the next generation. */
export function completeJoin(rt: Runtime, group: ClassicGroup): void {
  rt.timers.cancel(timerKeys.join(group.groupId))
  for (const m of group.notYetRejoined()) {
    if (m.isStatic) continue
    group.remove(m.memberId)
    rt.timers.cancel(timerKeys.heartbeat(group.groupId, m.memberId))
    rt.log.info({ groupId: group.groupId, memberId: m.memberId }, 'removed member that did not rejoin')
  }
  if (group.is('Dead')) return
  if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
    // Only static members that have not rejoined are left: wait for them (or their session timeout).
    rt.timers.schedule(timerKeys.join(group.groupId), group.rebalanceTimeoutMs(), () => {
      if (sameGroup(rt, group)) completeJoin(rt, group)
    })
    return
  }
  const now = rt.clock.now()
  group.initNextGeneration(now)
  if (group.is('Empty')) {
    rt.log.info({ groupId: group.groupId, generation: group.generationId }, 'group is now empty')
    persistGroup(rt, group)
    return
  }
  rt.log.info(
    {
      groupId: group.groupId,
      generation: group.generationId,
      members: group.size,
      protocol: group.protocolName,
    },
    'group rebalanced, awaiting sync',
  )
  for (const m of [...group.members.values()]) {
    group.completeJoin(m, currentJoinResult(group, m.memberId, group.isLeader(m.memberId)))
    rescheduleHeartbeat(rt, group, m)
    m.isNew = false
    group.addPendingSync(m.memberId)
  }
  schedulePendingSync(rt, group)
}

function schedulePendingSync(rt: Runtime, group: ClassicGroup): void {
  const generation = group.generationId
  rt.timers.schedule(timerKeys.sync(group.groupId), group.rebalanceTimeoutMs(), () =>
    expirePendingSync(rt, group, generation),
  )
}

/** Members that never sent SyncGroup within the rebalance timeout are removed, and the group rebalances. */
function expirePendingSync(rt: Runtime, group: ClassicGroup, generation: number): void {
  if (!sameGroup(rt, group) || group.generationId !== generation) return
  if (!group.is('CompletingRebalance') && !group.is('Stable')) return
  if (group.hasReceivedSyncFromAll()) return
  const missing = group.pendingSyncMembers()
  for (const memberId of missing) {
    group.remove(memberId)
    rt.timers.cancel(timerKeys.heartbeat(group.groupId, memberId))
  }
  prepareRebalance(rt, group, `removing ${missing.join(', ')} on pending sync expiration`)
}

export function removeSyncExpiration(rt: Runtime, group: ClassicGroup): void {
  group.clearPendingSync()
  rt.timers.cancel(timerKeys.sync(group.groupId))
}

/** Marks a member as synced; cancels the sync deadline when nobody else is missing. */
export function removePendingSyncMember(rt: Runtime, group: ClassicGroup, memberId: string): void {
  group.removePendingSync(memberId)
  if (group.is('CompletingRebalance') || group.is('Stable')) {
    if (group.hasReceivedSyncFromAll()) rt.timers.cancel(timerKeys.sync(group.groupId))
  } else {
    rt.timers.cancel(timerKeys.sync(group.groupId))
  }
}

export function resetAndPropagateAssignmentWithError(
  rt: Runtime,
  group: ClassicGroup,
  errorCode: number,
): void {
  for (const m of group.members.values()) m.assignment = EMPTY
  propagateAssignment(rt, group, errorCode)
}

export function setAndPropagateAssignment(
  rt: Runtime,
  group: ClassicGroup,
  assignment: Map<string, Buffer>,
): void {
  for (const m of group.members.values()) m.assignment = assignment.get(m.memberId) ?? EMPTY
  propagateAssignment(rt, group, ErrorCodes.NONE)
}

function propagateAssignment(rt: Runtime, group: ClassicGroup, errorCode: number): void {
  const ok = errorCode === ErrorCodes.NONE
  for (const m of [...group.members.values()]) {
    const completed = group.completeSync(m, {
      errorCode,
      protocolType: ok ? group.protocolType : null,
      protocolName: ok ? group.protocolName : null,
      assignment: m.assignment,
    })
    // A session that expired while the member waited was ignored; it needs a fresh deadline.
    if (completed) rescheduleHeartbeat(rt, group, m)
  }
}

/** Arms (or re-arms) a member's heartbeat deadline. */
export function rescheduleHeartbeat(
  rt: Runtime,
  group: ClassicGroup,
  member: ClassicGroupMember,
  timeoutMs = member.sessionTimeoutMs,
): void {
  const memberId = member.memberId
  rt.timers.schedule(timerKeys.heartbeat(group.groupId, memberId), timeoutMs, () =>
    expireHeartbeat(rt, group, memberId),
  )
}

/** A heartbeat deadline passed: remove the member (or pending member) unless it is parked in a rebalance. */
export function expireHeartbeat(rt: Runtime, group: ClassicGroup, memberId: string): void {
  if (!sameGroup(rt, group) || group.is('Dead')) return
  if (group.isPendingMember(memberId)) {
    rt.log.info({ groupId: group.groupId, memberId }, 'pending member expired')
    removePendingMemberAndUpdateGroup(rt, group, memberId)
    return
  }
  const member = group.member(memberId)
  if (member === undefined || member.hasSatisfiedHeartbeat()) return
  rt.log.info({ groupId: group.groupId, memberId }, 'member session expired, removing it')
  removeMemberAndUpdateGroup(rt, group, member, `member ${memberId} session expired`)
}

/** Removes a member; its parked JoinGroup (if any) gets UNKNOWN_MEMBER_ID so a live client rejoins. */
export function removeMemberAndUpdateGroup(
  rt: Runtime,
  group: ClassicGroup,
  member: ClassicGroupMember,
  reason: string,
): void {
  group.completeJoin(member, joinError('', ErrorCodes.UNKNOWN_MEMBER_ID))
  group.remove(member.memberId)
  rt.timers.cancel(timerKeys.heartbeat(group.groupId, member.memberId))
  if (group.is('Stable') || group.is('CompletingRebalance'))
    maybePrepareRebalanceOrCompleteJoin(rt, group, reason)
  else if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) completeJoin(rt, group)
}

export function removePendingMemberAndUpdateGroup(rt: Runtime, group: ClassicGroup, memberId: string): void {
  group.remove(memberId)
  rt.timers.cancel(timerKeys.heartbeat(group.groupId, memberId))
  if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) completeJoin(rt, group)
}
