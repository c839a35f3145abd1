/**
 * DescribeCluster (key 60), v0-2, flexible in every version.
 * Version notes: v1 endpoint type (1 brokers, 2 controllers: a broker listener answers
 * UNSUPPORTED_ENDPOINT_TYPE for controllers, as Kafka's does); v2 fenced brokers (never any here).
 */
import {
  ApiKeys,
  AUTHORIZED_OPERATIONS_OMITTED,
  ErrorCodes,
  type RequestOf,
  type ResponseInput,
} from '@spool/protocol'
import { CLUSTER_OPERATIONS, kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.DESCRIBE_CLUSTER>
type Res = ResponseInput<typeof ApiKeys.DESCRIBE_CLUSTER>

const BROKERS = 1

export const describeClusterHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.DESCRIBE_CLUSTER,
  name: 'DescribeCluster',
  versions: kafkaVersions(ApiKeys.DESCRIBE_CLUSTER),
  handle({ request, broker }) {
    if (request.endpointType !== BROKERS)
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCodes.UNSUPPORTED_ENDPOINT_TYPE,
        errorMessage:
          'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER',
        endpointType: request.endpointType,
        clusterId: broker.clusterId,
        controllerId: -1,
        brokers: [],
      }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCodes.NONE,
      errorMessage: null,
      endpointType: BROKERS,
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      brokers: [
        {
          brokerId: broker.nodeId,
          host: broker.advertised.host,
          port: broker.advertised.port,
          rack: null,
          isFenced: false,
        },
      ],
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations
        ? CLUSTER_OPERATIONS
        : AUTHORIZED_OPERATIONS_OMITTED,
    }
  },
}
