/**
 * JoinGroup (key 11), v0-9, flexible from v6.
 * Version notes: v0 has no rebalance timeout (the session timeout stands in, as in Kafka); v1 the
 * rebalance timeout; v2 throttle time; v4 a first join without member id is answered
 * MEMBER_ID_REQUIRED with an id to rejoin with; v5 static membership (group instance id); v6
 * flexible; v7 protocol type in the answer and a nullable protocol name; v8 a reason; v9
 * skipAssignment for a rejoining static leader.
 * The answer may wait (the request is parked) until the group's join phase completes.
 */
import { ApiKeys, type RequestOf, type ResponseInput } from '@spool/protocol'
import { clientHost } from '../group/handler-support.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.JOIN_GROUP>
type Res = ResponseInput<typeof ApiKeys.JOIN_GROUP>

export const joinGroupHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.JOIN_GROUP,
  name: 'JoinGroup',
  versions: kafkaVersions(ApiKeys.JOIN_GROUP),
  async handle({ request, version, broker, connection, header }) {
    const result = await broker.groups.joinGroup({
      groupId: request.groupId,
      memberId: request.memberId,
      groupInstanceId: request.groupInstanceId,
      protocolType: request.protocolType,
      protocols: request.protocols,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: version === 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs,
      clientId: header.clientId ?? connection.clientId ?? '',
      clientHost: clientHost(connection.remoteAddress),
      apiVersion: version,
      reason: request.reason,
    })
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      generationId: result.generationId,
      protocolType: result.protocolType,
      // Before v7 the protocol name is not nullable: Kafka sends '' for none.
      protocolName: version < 7 ? (result.protocolName ?? '') : result.protocolName,
      leader: result.leader,
      skipAssignment: result.skipAssignment,
      memberId: result.memberId,
      members: result.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        metadata: m.metadata,
      })),
    }
  },
}
