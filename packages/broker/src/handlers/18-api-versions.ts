/**
 * ApiVersions (key 18), v0-5; flexible from v3 but its response header is always v0.
 * Version notes: v1 throttle time; v3 client software name/version (validated, INVALID_REQUEST when
 * malformed) and feature tagged fields (none advertised here); v5 the caller's cluster and node id.
 * A version above 5 never reaches this handler: the dispatcher answers it in v0 with
 * UNSUPPORTED_VERSION and the key list, as Kafka does. Answered before SASL authentication.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.API_VERSIONS>
type Res = ResponseInput<typeof ApiKeys.API_VERSIONS>

// Kafka's rule for ClientSoftwareName/Version (ApiVersionsRequest.isValid).
const SOFTWARE = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/

export const apiVersionsHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.API_VERSIONS,
  name: 'ApiVersions',
  versions: kafkaVersions(ApiKeys.API_VERSIONS),
  requiresAuth: false,
  handle({ request, version, broker }) {
    if (
      version >= 3 &&
      !(SOFTWARE.test(request.clientSoftwareName) && SOFTWARE.test(request.clientSoftwareVersion))
    )
      return { errorCode: ErrorCodes.INVALID_REQUEST, apiKeys: [] }
    return { errorCode: ErrorCodes.NONE, apiKeys: [...broker.apiKeys], throttleTimeMs: 0 }
  },
}
