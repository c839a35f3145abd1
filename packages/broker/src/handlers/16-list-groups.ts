/**
 * ListGroups (key 16), v0-5, flexible from v3.
 * Version notes: v1 throttle time; v4 a states filter and each group's state; v5 a types filter
 * and each group's type (every group here is "classic").
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.LIST_GROUPS>
type Res = ResponseInput<typeof ApiKeys.LIST_GROUPS>

export const listGroupsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.LIST_GROUPS,
  name: 'ListGroups',
  versions: kafkaVersions(ApiKeys.LIST_GROUPS),
  handle({ request, broker }) {
    const groups = broker.groups.listGroups({ states: request.statesFilter, types: request.typesFilter })
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCodes.NONE,
      groups: groups.map((g) => ({
        groupId: g.groupId,
        protocolType: g.protocolType,
        groupState: g.state,
        groupType: g.type,
      })),
    }
  },
}
