/**
 * The registry of every API this codec knows: key -> name, request and response schemas.
 */
import type { MessageDef, MessageInput, MessageOf } from '../schema/types.ts'
import { ProduceRequest, ProduceResponse } from './00-produce.ts'
import { FetchRequest, FetchResponse } from './01-fetch.ts'
import { ListOffsetsRequest, ListOffsetsResponse } from './02-list-offsets.ts'
import { MetadataRequest, MetadataResponse } from './03-metadata.ts'
import { OffsetCommitRequest, OffsetCommitResponse } from './08-offset-commit.ts'
import { OffsetFetchRequest, OffsetFetchResponse } from './09-offset-fetch.ts'
import { FindCoordinatorRequest, FindCoordinatorResponse } from './10-find-coordinator.ts'
import { JoinGroupRequest, JoinGroupResponse } from './11-join-group.ts'
import { HeartbeatRequest, HeartbeatResponse } from './12-heartbeat.ts'
import { LeaveGroupRequest, LeaveGroupResponse } from './13-leave-group.ts'
import { SyncGroupRequest, SyncGroupResponse } from './14-sync-group.ts'
import { DescribeGroupsRequest, DescribeGroupsResponse } from './15-describe-groups.ts'
import { ListGroupsRequest, ListGroupsResponse } from './16-list-groups.ts'
import { SaslHandshakeRequest, SaslHandshakeResponse } from './17-sasl-handshake.ts'
import { ApiVersionsRequest, ApiVersionsResponse } from './18-api-versions.ts'
import { CreateTopicsRequest, CreateTopicsResponse } from './19-create-topics.ts'
import { DeleteTopicsRequest, DeleteTopicsResponse } from './20-delete-topics.ts'
import { DeleteRecordsRequest, DeleteRecordsResponse } from './21-delete-records.ts'
import { InitProducerIdRequest, InitProducerIdResponse } from './22-init-producer-id.ts'
import { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from './23-offset-for-leader-epoch.ts'
import { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from './24-add-partitions-to-txn.ts'
import { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from './25-add-offsets-to-txn.ts'
import { EndTxnRequest, EndTxnResponse } from './26-end-txn.ts'
import { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from './28-txn-offset-commit.ts'
import { DescribeConfigsRequest, DescribeConfigsResponse } from './32-describe-configs.ts'
import { SaslAuthenticateRequest, SaslAuthenticateResponse } from './36-sasl-authenticate.ts'
import { CreatePartitionsRequest, CreatePartitionsResponse } from './37-create-partitions.ts'
import { DeleteGroupsRequest, DeleteGroupsResponse } from './42-delete-groups.ts'
import {
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse,
} from './44-incremental-alter-configs.ts'
import { OffsetDeleteRequest, OffsetDeleteResponse } from './47-offset-delete.ts'
import { DescribeClusterRequest, DescribeClusterResponse } from './60-describe-cluster.ts'

/** API keys by name. */
export const ApiKeys = {
  PRODUCE: 0,
  FETCH: 1,
  LIST_OFFSETS: 2,
  METADATA: 3,
  OFFSET_COMMIT: 8,
  OFFSET_FETCH: 9,
  FIND_COORDINATOR: 10,
  JOIN_GROUP: 11,
  HEARTBEAT: 12,
  LEAVE_GROUP: 13,
  SYNC_GROUP: 14,
  DESCRIBE_GROUPS: 15,
  LIST_GROUPS: 16,
  SASL_HANDSHAKE: 17,
  API_VERSIONS: 18,
  CREATE_TOPICS: 19,
  DELETE_TOPICS: 20,
  DELETE_RECORDS: 21,
  INIT_PRODUCER_ID: 22,
  OFFSET_FOR_LEADER_EPOCH: 23,
  ADD_PARTITIONS_TO_TXN: 24,
  ADD_OFFSETS_TO_TXN: 25,
  END_TXN: 26,
  TXN_OFFSET_COMMIT: 28,
  DESCRIBE_CONFIGS: 32,
  SASL_AUTHENTICATE: 36,
  CREATE_PARTITIONS: 37,
  DELETE_GROUPS: 42,
  INCREMENTAL_ALTER_CONFIGS: 44,
  OFFSET_DELETE: 47,
  DESCRIBE_CLUSTER: 60,
} as const

export type ApiKey = (typeof ApiKeys)[keyof typeof ApiKeys]

export interface ApiDef<Req extends MessageDef = MessageDef, Res extends MessageDef = MessageDef> {
  readonly apiKey: number
  /** Kafka's name for the API, e.g. 'Produce'. */
  readonly name: string
  readonly request: Req
  readonly response: Res
}

const api = <const Req extends MessageDef, const Res extends MessageDef>(
  name: string,
  request: Req,
  response: Res,
) => ({ apiKey: request.apiKey, name, request, response }) as const satisfies ApiDef<Req, Res>

/**
 * Every API by key.
 *
 * @example
 * const { request, response } = APIS[ApiKeys.METADATA]
 */
export const APIS = {
  0: api('Produce', ProduceRequest, ProduceResponse),
  1: api('Fetch', FetchRequest, FetchResponse),
  2: api('ListOffsets', ListOffsetsRequest, ListOffsetsResponse),
  3: api('Metadata', MetadataRequest, MetadataResponse),
  8: api('OffsetCommit', OffsetCommitRequest, OffsetCommitResponse),
  9: api('OffsetFetch', OffsetFetchRequest, OffsetFetchResponse),
  10: api('FindCoordinator', FindCoordinatorRequest, FindCoordinatorResponse),
  11: api('JoinGroup', JoinGroupRequest, JoinGroupResponse),
  12: api('Heartbeat', HeartbeatRequest, HeartbeatResponse),
  13: api('LeaveGroup', LeaveGroupRequest, LeaveGroupResponse),
  14: api('SyncGroup', SyncGroupRequest, SyncGroupResponse),
  15: api('DescribeGroups', DescribeGroupsRequest, DescribeGroupsResponse),
  16: api('ListGroups', ListGroupsRequest, ListGroupsResponse),
  17: api('SaslHandshake', SaslHandshakeRequest, SaslHandshakeResponse),
  18: api('ApiVersions', ApiVersionsRequest, ApiVersionsResponse),
  19: api('CreateTopics', CreateTopicsRequest, CreateTopicsResponse),
  20: api('DeleteTopics', DeleteTopicsRequest, DeleteTopicsResponse),
  21: api('DeleteRecords', DeleteRecordsRequest, DeleteRecordsResponse),
  22: api('InitProducerId', InitProducerIdRequest, InitProducerIdResponse),
  23: api('OffsetForLeaderEpoch', OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse),
  24: api('AddPartitionsToTxn', AddPartitionsToTxnRequest, AddPartitionsToTxnResponse),
  25: api('AddOffsetsToTxn', AddOffsetsToTxnRequest, AddOffsetsToTxnResponse),
  26: api('EndTxn', EndTxnRequest, EndTxnResponse),
  28: api('TxnOffsetCommit', TxnOffsetCommitRequest, TxnOffsetCommitResponse),
  32: api('DescribeConfigs', DescribeConfigsRequest, DescribeConfigsResponse),
  36: api('SaslAuthenticate', SaslAuthenticateRequest, SaslAuthenticateResponse),
  37: api('CreatePartitions', CreatePartitionsRequest, CreatePartitionsResponse),
  42: api('DeleteGroups', DeleteGroupsRequest, DeleteGroupsResponse),
  44: api('IncrementalAlterConfigs', IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse),
  47: api('OffsetDelete', OffsetDeleteRequest, OffsetDeleteResponse),
  60: api('DescribeCluster', DescribeClusterRequest, DescribeClusterResponse),
} as const satisfies Record<ApiKey, ApiDef>

/** The schema pair of `apiKey`, or undefined for an API this codec does not know. */
export function apiDef(apiKey: number): ApiDef | undefined {
  return Object.hasOwn(APIS, apiKey) ? (APIS as Record<number, ApiDef>)[apiKey] : undefined
}

/** Decoded request body of an API, e.g. `RequestOf<typeof ApiKeys.FETCH>`. */
export type RequestOf<K extends ApiKey> = MessageOf<(typeof APIS)[K]['request']>
/** Decoded response body of an API. */
export type ResponseOf<K extends ApiKey> = MessageOf<(typeof APIS)[K]['response']>
/** What `encodeResponse` accepts for an API (fields may be left out). */
export type ResponseInput<K extends ApiKey> = MessageInput<(typeof APIS)[K]['response']>
/** What `encodeRequest` accepts for an API (fields may be left out). */
export type RequestInput<K extends ApiKey> = MessageInput<(typeof APIS)[K]['request']>
