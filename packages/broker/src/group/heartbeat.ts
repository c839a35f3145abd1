/**
 * Heartbeat. Keeps a member's session alive. While the group rebalances the answer is
 * REBALANCE_IN_PROGRESS, which is how members learn they must rejoin; a stale generation gets
 * ILLEGAL_GENERATION, an unknown member UNKNOWN_MEMBER_ID (both make the client rejoin).
 */
import { ErrorCodes } from '@spool/protocol'
import { rescheduleHeartbeat } from './rebalance.ts'
import type { Runtime } from './runtime.ts'
import type { HeartbeatInput } from './types.ts'

export function heartbeat(rt: Runtime, input: HeartbeatInput): number {
  if (rt.closed) return ErrorCodes.COORDINATOR_NOT_AVAILABLE
  if (input.groupId === '') return ErrorCodes.INVALID_GROUP_ID
  const group = rt.groups.get(input.groupId)
  if (group === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID
  if (group.is('Dead')) return ErrorCodes.COORDINATOR_NOT_AVAILABLE
  const error = group.validateMember(input.memberId, input.groupInstanceId)
  if (error !== ErrorCodes.NONE) return error
  if (input.generationId !== group.generationId) return ErrorCodes.ILLEGAL_GENERATION
  const member = group.member(input.memberId)!
  switch (group.state) {
    case 'Empty':
      return ErrorCodes.UNKNOWN_MEMBER_ID
    case 'PreparingRebalance':
      rescheduleHeartbeat(rt, group, member)
      return ErrorCodes.REBALANCE_IN_PROGRESS
    default:
      // CompletingRebalance too: members may heartbeat between their JoinGroup and SyncGroup.
      rescheduleHeartbeat(rt, group, member)
      return ErrorCodes.NONE
  }
}
