/**
 * A response carrying one error code for any request, with the code at the level where each API
 * reports errors: per partition for Produce, Fetch, ListOffsets, commits and DeleteRecords; per
 * topic for topic admin; per resource for configs; per group or coordinator key for batched group
 * calls; top level for the rest. Used for injected faults and for handler crashes
 * (UNKNOWN_SERVER_ERROR), so a client always gets an answer it can act on instead of a dropped
 * connection.
 */
import { ApiKeys } from '@spool/protocol'

type Body = Record<string, any>
type Builder = (req: Body, errorCode: number, version: number) => Body

const perPartition =
  (
    topicKey: string,
    partsKey: string,
    indexKey: string,
    outTopics: string,
    outParts: string,
    outIndex: string,
    extra: Body = {},
  ) =>
  (req: Body, errorCode: number): Body => ({
    [outTopics]: (req[topicKey] ?? []).map((t: Body) => ({
      name: t.name,
      topic: t.topic,
      topicId: t.topicId,
      [outParts]: (t[partsKey] ?? []).map((p: Body) => ({
        [outIndex]: typeof p === 'number' ? p : p[indexKey],
        errorCode,
        ...extra,
      })),
    })),
  })

const topLevel: Builder = (_req, errorCode) => ({ errorCode })

const BUILDERS: Partial<Record<number, Builder>> = {
  [ApiKeys.PRODUCE]: (req, errorCode) => ({
    responses: req.topicData.map((t: Body) => ({
      name: t.name,
      topicId: t.topicId,
      partitionResponses: t.partitionData.map((p: Body) => ({ index: p.index, errorCode, baseOffset: -1n })),
    })),
  }),
  [ApiKeys.FETCH]: (req, errorCode) => ({
    errorCode: 0,
    sessionId: 0,
    responses: req.topics.map((t: Body) => ({
      topic: t.topic,
      topicId: t.topicId,
      partitions: t.partitions.map((p: Body) => ({
        partitionIndex: p.partition,
        errorCode,
        highWatermark: -1n,
        lastStableOffset: -1n,
        logStartOffset: -1n,
        abortedTransactions: null,
        records: null,
      })),
    })),
  }),
  [ApiKeys.LIST_OFFSETS]: perPartition(
    'topics',
    'partitions',
    'partitionIndex',
    'topics',
    'partitions',
    'partitionIndex',
    { offset: -1n, timestamp: -1n },
  ),
  [ApiKeys.METADATA]: (req, errorCode) => ({
    topics: (req.topics ?? []).map((t: Body) => ({
      errorCode,
      name: t.name,
      topicId: t.topicId,
      partitions: [],
    })),
    errorCode,
  }),
  [ApiKeys.OFFSET_COMMIT]: perPartition(
    'topics',
    'partitions',
    'partitionIndex',
    'topics',
    'partitions',
    'partitionIndex',
  ),
  [ApiKeys.OFFSET_FETCH]: (req, errorCode) => ({
    errorCode,
    topics: [],
    groups: (req.groups ?? []).map((g: Body) => ({ groupId: g.groupId, topics: [], errorCode })),
  }),
  [ApiKeys.FIND_COORDINATOR]: (req, errorCode) => ({
    errorCode,
    nodeId: -1,
    host: '',
    port: -1,
    coordinators: (req.coordinatorKeys ?? []).map((key: string) => ({
      key,
      nodeId: -1,
      host: '',
      port: -1,
      errorCode,
    })),
  }),
  [ApiKeys.JOIN_GROUP]: (req, errorCode) => ({
    errorCode,
    generationId: -1,
    leader: '',
    memberId: req.memberId ?? '',
    members: [],
  }),
  [ApiKeys.HEARTBEAT]: topLevel,
  [ApiKeys.LEAVE_GROUP]: (_req, errorCode) => ({ errorCode, members: [] }),
  [ApiKeys.SYNC_GROUP]: (_req, errorCode) => ({ errorCode, assignment: Buffer.alloc(0) }),
  [ApiKeys.DESCRIBE_GROUPS]: (req, errorCode) => ({
    groups: req.groups.map((groupId: string) => ({
      errorCode,
      groupId,
      groupState: '',
      protocolType: '',
      protocolData: '',
      members: [],
    })),
  }),
  [ApiKeys.LIST_GROUPS]: (_req, errorCode) => ({ errorCode, groups: [] }),
  [ApiKeys.SASL_HANDSHAKE]: (_req, errorCode) => ({ errorCode, mechanisms: [] }),
  [ApiKeys.API_VERSIONS]: (_req, errorCode) => ({ errorCode, apiKeys: [] }),
  [ApiKeys.CREATE_TOPICS]: (req, errorCode) => ({
    topics: req.topics.map((t: Body) => ({ name: t.name, errorCode, configs: null })),
  }),
  [ApiKeys.DELETE_TOPICS]: (req, errorCode, version) => ({
    responses:
      version >= 6
        ? req.topics.map((t: Body) => ({ name: t.name, topicId: t.topicId, errorCode }))
        : req.topicNames.map((name: string) => ({ name, errorCode })),
  }),
  [ApiKeys.DELETE_RECORDS]: perPartition(
    'topics',
    'partitions',
    'partitionIndex',
    'topics',
    'partitions',
    'partitionIndex',
    { lowWatermark: -1n },
  ),
  [ApiKeys.INIT_PRODUCER_ID]: (_req, errorCode) => ({ errorCode, producerId: -1n, producerEpoch: -1 }),
  [ApiKeys.OFFSET_FOR_LEADER_EPOCH]: (req, errorCode) => ({
    topics: req.topics.map((t: Body) => ({
      topic: t.topic,
      partitions: t.partitions.map((p: Body) => ({
        partition: p.partition,
        errorCode,
        leaderEpoch: -1,
        endOffset: -1n,
      })),
    })),
  }),
  [ApiKeys.ADD_PARTITIONS_TO_TXN]: (req, errorCode, version) => {
    const topicResults = (topics: Body[]) =>
      topics.map((t) => ({
        name: t.name,
        resultsByPartition: t.partitions.map((p: number) => ({
          partitionIndex: p,
          partitionErrorCode: errorCode,
        })),
      }))
    if (version >= 4)
      return {
        errorCode,
        resultsByTransaction: req.transactions.map((x: Body) => ({
          transactionalId: x.transactionalId,
          topicResults: topicResults(x.topics),
        })),
      }
    return { resultsByTopicV3AndBelow: topicResults(req.v3AndBelowTopics) }
  },
  [ApiKeys.ADD_OFFSETS_TO_TXN]: topLevel,
  [ApiKeys.END_TXN]: topLevel,
  [ApiKeys.TXN_OFFSET_COMMIT]: perPartition(
    'topics',
    'partitions',
    'partitionIndex',
    'topics',
    'partitions',
    'partitionIndex',
  ),
  [ApiKeys.DESCRIBE_CONFIGS]: (req, errorCode) => ({
    results: req.resources.map((r: Body) => ({
      errorCode,
      errorMessage: null,
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      configs: [],
    })),
  }),
  [ApiKeys.SASL_AUTHENTICATE]: (_req, errorCode) => ({
    errorCode,
    errorMessage: null,
    authBytes: Buffer.alloc(0),
  }),
  [ApiKeys.CREATE_PARTITIONS]: (req, errorCode) => ({
    results: req.topics.map((t: Body) => ({ name: t.name, errorCode, errorMessage: null })),
  }),
  [ApiKeys.DELETE_GROUPS]: (req, errorCode) => ({
    results: req.groupsNames.map((groupId: string) => ({ groupId, errorCode })),
  }),
  [ApiKeys.INCREMENTAL_ALTER_CONFIGS]: (req, errorCode) => ({
    responses: req.resources.map((r: Body) => ({
      errorCode,
      errorMessage: null,
      resourceType: r.resourceType,
      resourceName: r.resourceName,
    })),
  }),
  [ApiKeys.OFFSET_DELETE]: (_req, errorCode) => ({ errorCode, topics: [] }),
  [ApiKeys.DESCRIBE_CLUSTER]: (_req, errorCode) => ({ errorCode, clusterId: '', brokers: [] }),
}

/**
 * The response body answering `request` with `errorCode` everywhere it applies.
 *
 * @example
 * encodeResponse(ApiKeys.PRODUCE, 9, correlationId, errorResponse(ApiKeys.PRODUCE, 9, body, ErrorCodes.NOT_LEADER_OR_FOLLOWER))
 */
export function errorResponse(apiKey: number, version: number, request: Body, errorCode: number): Body {
  const build = BUILDERS[apiKey] ?? topLevel
  return build(request, errorCode, version)
}
