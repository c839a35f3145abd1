/**
 * The group API handlers (OffsetCommit 8, OffsetFetch 9, FindCoordinator 10, JoinGroup 11,
 * Heartbeat 12, LeaveGroup 13, SyncGroup 14, DescribeGroups 15, ListGroups 16, DeleteGroups 42,
 * OffsetDelete 47), one file per key beside this one; handlers/index.ts registers this array.
 */
import { offsetCommitHandler } from './08-offset-commit.ts'
import { offsetFetchHandler } from './09-offset-fetch.ts'
import { findCoordinatorHandler } from './10-find-coordinator.ts'
import { joinGroupHandler } from './11-join-group.ts'
import { heartbeatHandler } from './12-heartbeat.ts'
import { leaveGroupHandler } from './13-leave-group.ts'
import { syncGroupHandler } from './14-sync-group.ts'
import { describeGroupsHandler } from './15-describe-groups.ts'
import { listGroupsHandler } from './16-list-groups.ts'
import { deleteGroupsHandler } from './42-delete-groups.ts'
import { offsetDeleteHandler } from './47-offset-delete.ts'
import type { Handler } from './types.ts'

export const groupHandlers: readonly Handler[] = [
  offsetCommitHandler,
  offsetFetchHandler,
  findCoordinatorHandler,
  joinGroupHandler,
  heartbeatHandler,
  leaveGroupHandler,
  syncGroupHandler,
  describeGroupsHandler,
  listGroupsHandler,
  deleteGroupsHandler,
  offsetDeleteHandler,
]
