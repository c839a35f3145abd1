/**
 * JoinGroup. A first join (empty member id) gets a member id: from v4 it is answered at once with
 * MEMBER_ID_REQUIRED and the id is held as "pending" until the member rejoins with it (the group's
 * join phase waits for pending members, so concurrent first joins make one rebalance, not one each);
 * before v4 the member is added directly. A static member (group instance id) rejoining without its
 * member id replaces its old id (the old one is fenced) and, in a Stable group whose protocol does
 * not change, gets the current generation back without a rebalance. An existing member rejoining
 * with new metadata, or the leader rejoining, starts a rebalance; a follower rejoining unchanged
 * gets the current generation back.
 */
import { randomUUID } from 'node:crypto'
import { ErrorCodes } from '@spool/protocol'
import type { ClassicGroup } from './group.ts'
import { ClassicGroupMember, ownProtocols } from './member.ts'
import {
  currentJoinResult,
  expireHeartbeat,
  joinError,
  maybeCompleteJoinPhase,
  maybePrepareRebalanceOrCompleteJoin,
  prepareRebalance,
  rescheduleHeartbeat,
} from './rebalance.ts'
import { createGroup, persistGroup, type Runtime } from './runtime.ts'
import { timerKeys } from './timers.ts'
import type { JoinGroupInput, JoinGroupResult } from './types.ts'

type Respond = (result: JoinGroupResult) => void

/** JoinGroup v4+ requires a known member id for dynamic members. */
const requiresKnownMemberId = (version: number) => version >= 4
/** JoinGroup v9+ lets a rejoining static leader skip assignment. */
const supportsSkippingAssignment = (version: number) => version >= 9

export function joinGroup(rt: Runtime, input: JoinGroupInput): Promise<JoinGroupResult> {
  if (rt.closed) return Promise.resolve(joinError(input.memberId, ErrorCodes.COORDINATOR_NOT_AVAILABLE))
  if (input.groupId === '') return Promise.resolve(joinError(input.memberId, ErrorCodes.INVALID_GROUP_ID))
  if (
    input.sessionTimeoutMs < rt.options.groupMinSessionTimeout ||
    input.sessionTimeoutMs > rt.options.groupMaxSessionTimeout
  ) {
    return Promise.resolve(joinError(input.memberId, ErrorCodes.INVALID_SESSION_TIMEOUT))
  }
  return new Promise<JoinGroupResult>((resolve) => {
    try {
      joinClassicGroup(rt, input, resolve)
    } catch (error) {
      rt.log.error({ err: error, groupId: input.groupId }, 'JoinGroup failed')
      resolve(joinError(input.memberId, ErrorCodes.UNKNOWN_SERVER_ERROR))
    }
  })
}

function joinClassicGroup(rt: Runtime, input: JoinGroupInput, respond: Respond): void {
  const isUnknownMember = input.memberId === ''
  let group = rt.groups.get(input.groupId)
  if (group === undefined) {
    // A group is created by a first join only; a member id for a group we do not know is stale.
    if (!isUnknownMember) {
      respond(joinError(input.memberId, ErrorCodes.UNKNOWN_MEMBER_ID))
      return
    }
    group = createGroup(rt, input.groupId)
    persistGroup(rt, group)
  }
  if (!acceptJoiningMember(rt, group, input.memberId)) {
    group.remove(input.memberId)
    respond(joinError('', ErrorCodes.GROUP_MAX_SIZE_REACHED))
  } else if (isUnknownMember) joinNewMember(rt, input, group, respond)
  else joinExistingMember(rt, input, group, respond)
}

function acceptJoiningMember(rt: Runtime, group: ClassicGroup, memberId: string): boolean {
  const max = rt.options.groupMaxSize
  switch (group.state) {
    case 'Empty':
    case 'Dead':
      return true
    case 'PreparingRebalance':
      return group.member(memberId)?.isAwaitingJoin === true || group.awaitingJoinCount < max
    default:
      return group.hasMember(memberId) || group.size < max
  }
}

function joinNewMember(rt: Runtime, input: JoinGroupInput, group: ClassicGroup, respond: Respond): void {
  if (group.is('Dead')) {
    respond(joinError('', ErrorCodes.COORDINATOR_NOT_AVAILABLE))
    return
  }
  if (!group.supportsProtocols(input.protocolType, input.protocols)) {
    respond(joinError('', ErrorCodes.INCONSISTENT_GROUP_PROTOCOL))
    return
  }
  const newMemberId = `${input.groupInstanceId ?? input.clientId}-${randomUUID()}`
  if (input.groupInstanceId !== null) {
    const existing = group.staticMemberId(input.groupInstanceId)
    if (existing !== undefined) updateStaticMember(rt, input, group, existing, newMemberId, respond)
    else addMember(rt, input, group, newMemberId, respond)
  } else if (requiresKnownMemberId(input.apiVersion)) {
    group.addPendingMember(newMemberId)
    rt.timers.schedule(timerKeys.heartbeat(group.groupId, newMemberId), input.sessionTimeoutMs, () =>
      expireHeartbeat(rt, group, newMemberId),
    )
    respond(joinError(newMemberId, ErrorCodes.MEMBER_ID_REQUIRED))
  } else addMember(rt, input, group, newMemberId, respond)
}

function joinExistingMember(rt: Runtime, input: JoinGroupInput, group: ClassicGroup, respond: Respond): void {
  const { memberId } = input
  const fail = (errorCode: number) => respond(joinError(memberId, errorCode))
  if (group.is('Dead')) fail(ErrorCodes.COORDINATOR_NOT_AVAILABLE)
  else if (!group.supportsProtocols(input.protocolType, input.protocols))
    fail(ErrorCodes.INCONSISTENT_GROUP_PROTOCOL)
  else if (group.isPendingMember(memberId)) {
    // Pending ids are only handed to dynamic members; a static one here is a confused client.
    if (input.groupInstanceId !== null) fail(ErrorCodes.UNKNOWN_MEMBER_ID)
    else addMember(rt, input, group, memberId, respond)
  } else {
    const error = group.validateMember(memberId, input.groupInstanceId)
    if (error !== ErrorCodes.NONE) fail(error)
    else rejoin(rt, input, group, group.member(memberId)!, respond)
  }
}

/** A known member sends JoinGroup again. */
function rejoin(
  rt: Runtime,
  input: JoinGroupInput,
  group: ClassicGroup,
  member: ClassicGroupMember,
  respond: Respond,
): void {
  const { memberId } = member
  const unchanged = member.matches(input.protocols)
  switch (group.state) {
    case 'PreparingRebalance':
      updateMember(rt, input, group, member, respond, `member ${memberId} joining during rebalance`)
      break
    case 'CompletingRebalance':
      // Unchanged: the member lost our JoinGroup answer, so it gets the current generation again.
      if (unchanged) respond(currentJoinResult(group, memberId, group.isLeader(memberId)))
      else updateMember(rt, input, group, member, respond, `member ${memberId} changed metadata`)
      break
    case 'Stable':
      // The leader rejoins to make the group reassign (e.g. topic metadata changed).
      if (group.isLeader(memberId))
        updateMember(rt, input, group, member, respond, `leader ${memberId} rejoining`)
      else if (!unchanged)
        updateMember(rt, input, group, member, respond, `member ${memberId} changed metadata`)
      else respond(currentJoinResult(group, memberId, false))
      break
    default:
      respond(joinError(memberId, ErrorCodes.UNKNOWN_MEMBER_ID))
  }
}

function addMember(
  rt: Runtime,
  input: JoinGroupInput,
  group: ClassicGroup,
  memberId: string,
  respond: Respond,
): void {
  const member = new ClassicGroupMember({
    memberId,
    groupInstanceId: input.groupInstanceId,
    clientId: input.clientId,
    clientHost: input.clientHost,
    rebalanceTimeoutMs: input.rebalanceTimeoutMs,
    sessionTimeoutMs: input.sessionTimeoutMs,
    protocolType: input.protocolType,
    protocols: ownProtocols(input.protocols),
  })
  member.isNew = true
  if (group.is('PreparingRebalance') && group.previousState === 'Empty') group.newMemberAdded = true
  group.add(member, respond)
  // A parked JoinGroup of a new member cannot heartbeat; if its client went away, this removes it.
  rescheduleHeartbeat(rt, group, member, rt.options.groupNewMemberJoinTimeout)
  maybePrepareRebalanceOrCompleteJoin(rt, group, `adding member ${memberId}`)
}

function updateMember(
  rt: Runtime,
  input: JoinGroupInput,
  group: ClassicGroup,
  member: ClassicGroupMember,
  respond: Respond,
  reason: string,
): void {
  // A second JoinGroup while one is parked (a client retry): the first one is told to rejoin.
  group.completeJoin(member, joinError(member.memberId, ErrorCodes.REBALANCE_IN_PROGRESS))
  group.updateMember(
    member,
    ownProtocols(input.protocols),
    input.rebalanceTimeoutMs,
    input.sessionTimeoutMs,
    respond,
  )
  maybePrepareRebalanceOrCompleteJoin(rt, group, reason)
}

function updateStaticMember(
  rt: Runtime,
  input: JoinGroupInput,
  group: ClassicGroup,
  oldMemberId: string,
  newMemberId: string,
  respond: Respond,
): void {
  const previousLeader = group.leaderId
  const member = group.replaceStaticMember(input.groupInstanceId!, oldMemberId, newMemberId)
  rt.timers.cancel(timerKeys.heartbeat(group.groupId, oldMemberId))
  rescheduleHeartbeat(rt, group, member)
  group.updateMember(
    member,
    ownProtocols(input.protocols),
    input.rebalanceTimeoutMs,
    input.sessionTimeoutMs,
    respond,
  )
  const reason = `static member ${input.groupInstanceId} rejoined as ${newMemberId}`
  if (group.is('Stable')) {
    if (group.protocolName !== group.selectProtocol()) {
      maybePrepareRebalanceOrCompleteJoin(rt, group, reason)
      return
    }
    // Same protocol: no rebalance; the member keeps its assignment under its new id.
    persistGroup(rt, group)
    if (supportsSkippingAssignment(input.apiVersion)) {
      const isLeader = group.isLeader(newMemberId)
      group.completeJoin(member, {
        ...currentJoinResult(group, newMemberId, isLeader),
        skipAssignment: isLeader,
      })
    } else {
      // Before v9 the old leader id is returned, so the replaced leader acts as a follower and
      // does not recompute an assignment the others would never see.
      group.completeJoin(member, {
        ...currentJoinResult(group, newMemberId, false),
        leader: previousLeader ?? '',
      })
    }
  } else if (group.is('CompletingRebalance')) {
    // The leader may already be assigning with the old id: rebalance so the new id gets a share.
    prepareRebalance(rt, group, reason)
  } else maybeCompleteJoinPhase(rt, group)
}
