/**
 * Metadata (key 3), v0-13, flexible from v9.
 * Version notes: v0 an empty topic list means all topics, from v1 null means all and empty none;
 * v1 controller id and isInternal; v2 cluster id; v4 allowAutoTopicCreation (earlier versions
 * always allow it); v7 leader epoch; v8 authorized operations (cluster ones up to v10); v10 topic
 * ids; v12 lookup by topic id; v13 a top-level error code.
 * One broker, which is also the controller (KafkaJS sends admin requests to the controller id), and
 * the leader and only replica of every partition, at leader epoch 0.
 */
import {
  ApiKeys,
  AUTHORIZED_OPERATIONS_OMITTED,
  ErrorCodes,
  type RequestOf,
  type ResponseInput,
  ZERO_UUID,
} from '@spool/protocol'
import { invalidTopicName, type Topic, TopicError } from '../topics/manager.ts'
import { LEADER_EPOCH } from '../topics/partition.ts'
import { CLUSTER_OPERATIONS, kafkaVersions, TOPIC_OPERATIONS } from './common.ts'
import type { BrokerContext, Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.METADATA>
type Res = ResponseInput<typeof ApiKeys.METADATA>
type TopicOut = NonNullable<Res['topics']>[number]

function describeTopic(t: Topic, broker: BrokerContext, ops: number): TopicOut {
  const node = broker.nodeId
  return {
    errorCode: ErrorCodes.NONE,
    name: t.name,
    topicId: t.id,
    isInternal: false,
    partitions: t.partitions.map((p) => ({
      errorCode: ErrorCodes.NONE,
      partitionIndex: p.index,
      leaderId: node,
      leaderEpoch: LEADER_EPOCH,
      replicaNodes: [node],
      isrNodes: [node],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: ops,
  }
}

const missing = (errorCode: number, name: string | null, topicId = ZERO_UUID): TopicOut => ({
  errorCode,
  name,
  topicId,
  isInternal: false,
  partitions: [],
})

export const metadataHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.METADATA,
  name: 'Metadata',
  versions: kafkaVersions(ApiKeys.METADATA),
  async handle({ request, version, broker }) {
    const ops = request.includeTopicAuthorizedOperations ? TOPIC_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED
    const all = request.topics === null || (version === 0 && request.topics.length === 0)
    const topics: TopicOut[] = []
    if (all) {
      for (const t of broker.topics.list()) topics.push(describeTopic(t, broker, ops))
    } else {
      const seen = new Set<string>()
      // Versions before 4 cannot say "don't create": Kafka creates for them.
      const allowCreate = request.allowAutoTopicCreation
      for (const wanted of request.topics!) {
        if (wanted.name === null) {
          const t = broker.topics.byId(wanted.topicId)
          topics.push(
            t === undefined
              ? missing(ErrorCodes.UNKNOWN_TOPIC_ID, null, wanted.topicId)
              : describeTopic(t, broker, ops),
          )
          continue
        }
        if (seen.has(wanted.name)) continue
        seen.add(wanted.name)
        if (invalidTopicName(wanted.name) !== undefined) {
          topics.push(missing(ErrorCodes.INVALID_TOPIC_EXCEPTION, wanted.name))
          continue
        }
        try {
          const t = await broker.topics.ensure(wanted.name, allowCreate)
          topics.push(
            t === undefined
              ? missing(ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION, wanted.name)
              : describeTopic(t, broker, ops),
          )
        } catch (e) {
          if (!(e instanceof TopicError)) throw e
          topics.push(missing(e.errorCode, wanted.name))
        }
      }
    }
    return {
      throttleTimeMs: 0,
      brokers: [
        { nodeId: broker.nodeId, host: broker.advertised.host, port: broker.advertised.port, rack: null },
      ],
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      topics,
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations
        ? CLUSTER_OPERATIONS
        : AUTHORIZED_OPERATIONS_OMITTED,
      errorCode: ErrorCodes.NONE,
    }
  },
}
