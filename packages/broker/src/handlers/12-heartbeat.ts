/**
 * Heartbeat (key 12), v0-4, flexible from v4.
 * Version notes: v1 throttle time; v3 group instance id (static members are fenced with
 * FENCED_INSTANCE_ID when an old incarnation heartbeats).
 * REBALANCE_IN_PROGRESS tells a member to rejoin; ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID too.
 */
import { ApiKeys, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.HEARTBEAT>
type Res = ResponseInput<typeof ApiKeys.HEARTBEAT>

export const heartbeatHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.HEARTBEAT,
  name: 'Heartbeat',
  versions: kafkaVersions(ApiKeys.HEARTBEAT),
  handle({ request, broker }) {
    const errorCode = broker.groups.heartbeat({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
    })
    return { throttleTimeMs: 0, errorCode }
  },
}
