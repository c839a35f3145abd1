/**
 * SyncGroup (key 14), v0-5, flexible from v4.
 * Version notes: v1 throttle time; v3 group instance id; v5 protocol type and name in both
 * directions (a mismatch with the group's is INCONSISTENT_GROUP_PROTOCOL).
 * A follower's answer waits (parked) until the leader's SyncGroup brings the assignment.
 */
import { ApiKeys, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.SYNC_GROUP>
type Res = ResponseInput<typeof ApiKeys.SYNC_GROUP>

export const syncGroupHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.SYNC_GROUP,
  name: 'SyncGroup',
  versions: kafkaVersions(ApiKeys.SYNC_GROUP),
  async handle({ request, broker }) {
    const result = await broker.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocolName: request.protocolName,
      assignments: request.assignments,
    })
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      protocolType: result.protocolType,
      protocolName: result.protocolName,
      assignment: result.assignment,
    }
  },
}
