/**
 * DeleteGroups (key 42), v0-3, flexible from v2.
 * Version notes: v1 throttles after answering; v3 an error message per group.
 * Only Empty groups can be deleted (NON_EMPTY_GROUP otherwise); their committed offsets go too.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.DELETE_GROUPS>
type Res = ResponseInput<typeof ApiKeys.DELETE_GROUPS>

const MESSAGES: Readonly<Record<number, (groupId: string) => string>> = {
  [ErrorCodes.GROUP_ID_NOT_FOUND]: (g) => `Group ${g} not found.`,
  [ErrorCodes.NON_EMPTY_GROUP]: (g) => `Group ${g} is not empty.`,
}

export const deleteGroupsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.DELETE_GROUPS,
  name: 'DeleteGroups',
  versions: kafkaVersions(ApiKeys.DELETE_GROUPS),
  async handle({ request, broker }) {
    const results = await broker.groups.deleteGroups(request.groupsNames)
    return {
      throttleTimeMs: 0,
      results: results.map((r) => ({
        groupId: r.groupId,
        errorCode: r.errorCode,
        errorMessage: MESSAGES[r.errorCode]?.(r.groupId) ?? null,
      })),
    }
  },
}
