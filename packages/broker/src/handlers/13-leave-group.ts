/**
 * LeaveGroup (key 13), v0-5, flexible from v4.
 * Version notes: v0-2 one member id, errors at the top level (the member's error when the group
 * has none, as Kafka folds it); v1 throttle time; v3 a batch of members (member id and/or group
 * instance id) with an error each; v5 a reason per member.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.LEAVE_GROUP>
type Res = ResponseInput<typeof ApiKeys.LEAVE_GROUP>

export const leaveGroupHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.LEAVE_GROUP,
  name: 'LeaveGroup',
  versions: kafkaVersions(ApiKeys.LEAVE_GROUP),
  handle({ request, version, broker }) {
    const members =
      version >= 3
        ? request.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            reason: m.reason,
          }))
        : [{ memberId: request.memberId, groupInstanceId: null }]
    const result = broker.groups.leaveGroup({ groupId: request.groupId, members })
    if (version >= 3) return { throttleTimeMs: 0, errorCode: result.errorCode, members: [...result.members] }
    const memberError =
      result.members.find((m) => m.errorCode !== ErrorCodes.NONE)?.errorCode ?? ErrorCodes.NONE
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode !== ErrorCodes.NONE ? result.errorCode : memberError,
    }
  },
}
