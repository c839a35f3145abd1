/**
 * DescribeGroups (key 15), v0-6, flexible from v5.
 * Version notes: v1 throttle time; v3 authorized operations on request; v4 members' group instance
 * ids; v6 an error message, and GROUP_ID_NOT_FOUND for a group that does not exist (earlier
 * versions describe it as Dead without an error).
 * Member metadata and assignment bytes are filled only while the group is Stable, as in Kafka.
 */
import {
  ApiKeys,
  AUTHORIZED_OPERATIONS_OMITTED,
  ErrorCodes,
  type RequestOf,
  type ResponseInput,
} from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.DESCRIBE_GROUPS>
type Res = ResponseInput<typeof ApiKeys.DESCRIBE_GROUPS>

// Kafka's AclOperation codes a group supports: READ 3, DELETE 6, DESCRIBE 8, DESCRIBE_CONFIGS 10,
// ALTER_CONFIGS 11. Without ACLs every one is allowed.
const GROUP_OPERATIONS = [3, 6, 8, 10, 11].reduce((bits, op) => bits | (1 << op), 0)

export const describeGroupsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.DESCRIBE_GROUPS,
  name: 'DescribeGroups',
  versions: kafkaVersions(ApiKeys.DESCRIBE_GROUPS),
  handle({ request, version, broker }) {
    return {
      throttleTimeMs: 0,
      groups: broker.groups.describeGroups(request.groups).map((g) => {
        const notFound = version >= 6 && !g.exists && g.errorCode === ErrorCodes.NONE
        return {
          errorCode: notFound ? ErrorCodes.GROUP_ID_NOT_FOUND : g.errorCode,
          errorMessage: notFound ? `Group ${g.groupId} not found.` : null,
          groupId: g.groupId,
          groupState: g.state,
          protocolType: g.protocolType,
          protocolData: g.protocolData,
          members: g.members.map((m) => ({
            memberId: m.memberId,
            groupInstanceId: m.groupInstanceId,
            clientId: m.clientId,
            clientHost: m.clientHost,
            memberMetadata: m.metadata,
            memberAssignment: m.assignment,
          })),
          authorizedOperations:
            request.includeAuthorizedOperations && g.errorCode === ErrorCodes.NONE && !notFound
              ? GROUP_OPERATIONS
              : AUTHORIZED_OPERATIONS_OMITTED,
        }
      }),
    }
  },
}
