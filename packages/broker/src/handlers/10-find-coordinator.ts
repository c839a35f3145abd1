/**
 * FindCoordinator (key 10), v0-6, flexible from v3.
 * Version notes: v1 key type (0 group, 1 transaction) and error message; v4 several keys per
 * request, answered per key; v5 TRANSACTION_ABORTABLE; v6 share-group keys (key type 2).
 * Every group's coordinator is this node. Transactions are not supported, so a transaction key is
 * answered TRANSACTIONAL_ID_AUTHORIZATION_FAILED, the answer of a Kafka that may not describe that
 * transactional id (the same refusal InitProducerId gives): clients fail at once instead of
 * retrying a coordinator that never comes. Share groups are not enabled: INVALID_REQUEST, as Kafka.
 */
import { ApiKeys, CoordinatorKeyType, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { kafkaVersions } from './common.ts'
import type { BrokerContext, Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.FIND_COORDINATOR>
type Res = ResponseInput<typeof ApiKeys.FIND_COORDINATOR>

interface Answer {
  readonly errorCode: number
  readonly errorMessage: string | null
  readonly nodeId: number
  readonly host: string
  readonly port: number
}

const NO_NODE = { nodeId: -1, host: '', port: -1 }

function coordinatorFor(broker: BrokerContext, keyType: number): Answer {
  switch (keyType) {
    case CoordinatorKeyType.GROUP:
      return { errorCode: ErrorCodes.NONE, errorMessage: null, nodeId: broker.nodeId, ...broker.advertised }
    case CoordinatorKeyType.TRANSACTION:
      return {
        errorCode: ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
        errorMessage: 'Transactions are not supported by this broker.',
        ...NO_NODE,
      }
    case CoordinatorKeyType.SHARE:
      return {
        errorCode: ErrorCodes.INVALID_REQUEST,
        errorMessage: 'Share groups are not enabled.',
        ...NO_NODE,
      }
    default:
      return {
        errorCode: ErrorCodes.INVALID_REQUEST,
        errorMessage: `Unknown key type ${keyType}.`,
        ...NO_NODE,
      }
  }
}

export const findCoordinatorHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.FIND_COORDINATOR,
  name: 'FindCoordinator',
  versions: kafkaVersions(ApiKeys.FIND_COORDINATOR),
  handle({ request, version, broker }) {
    if (version >= 4) {
      return {
        throttleTimeMs: 0,
        coordinators: request.coordinatorKeys.map((key) => ({
          key,
          ...coordinatorFor(broker, request.keyType),
        })),
      }
    }
    return { throttleTimeMs: 0, ...coordinatorFor(broker, request.keyType) }
  },
}
