/**
 * Every request handler, by API key. Core handlers are listed here; the group APIs (OffsetCommit,
 * OffsetFetch, FindCoordinator, JoinGroup, Heartbeat, LeaveGroup, SyncGroup, DescribeGroups,
 * ListGroups, DeleteGroups, OffsetDelete) come from group-handlers.ts, which exports them as one
 * array. ApiVersions advertises exactly the keys registered here, at each handler's versions.
 */

import { internalError } from '../errors.ts'
import { produceHandler } from './00-produce.ts'
import { fetchHandler } from './01-fetch.ts'
import { listOffsetsHandler } from './02-list-offsets.ts'
import { metadataHandler } from './03-metadata.ts'
import { saslHandshakeHandler } from './17-sasl-handshake.ts'
import { apiVersionsHandler } from './18-api-versions.ts'
import { createTopicsHandler } from './19-create-topics.ts'
import { deleteTopicsHandler } from './20-delete-topics.ts'
import { deleteRecordsHandler } from './21-delete-records.ts'
import { initProducerIdHandler } from './22-init-producer-id.ts'
import { offsetForLeaderEpochHandler } from './23-offset-for-leader-epoch.ts'
import { addPartitionsToTxnHandler } from './24-add-partitions-to-txn.ts'
import { addOffsetsToTxnHandler } from './25-add-offsets-to-txn.ts'
import { endTxnHandler } from './26-end-txn.ts'
import { txnOffsetCommitHandler } from './28-txn-offset-commit.ts'
import { describeConfigsHandler } from './32-describe-configs.ts'
import { saslAuthenticateHandler } from './36-sasl-authenticate.ts'
import { createPartitionsHandler } from './37-create-partitions.ts'
import { incrementalAlterConfigsHandler } from './44-incremental-alter-configs.ts'
import { describeClusterHandler } from './60-describe-cluster.ts'
import { groupHandlers } from './group-handlers.ts'
import type { Handler } from './types.ts'

/** The handlers of the core (non-group) APIs. */
export const coreHandlers: readonly Handler[] = [
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  metadataHandler,
  saslHandshakeHandler,
  apiVersionsHandler,
  createTopicsHandler,
  deleteTopicsHandler,
  deleteRecordsHandler,
  initProducerIdHandler,
  offsetForLeaderEpochHandler,
  addPartitionsToTxnHandler,
  addOffsetsToTxnHandler,
  endTxnHandler,
  txnOffsetCommitHandler,
  describeConfigsHandler,
  saslAuthenticateHandler,
  createPartitionsHandler,
  incrementalAlterConfigsHandler,
  describeClusterHandler,
]

/** Every handler by key; a key registered twice is a programming error. */
export function handlerRegistry(extra: readonly Handler[] = []): Map<number, Handler> {
  const map = new Map<number, Handler>()
  for (const h of [...coreHandlers, ...groupHandlers, ...extra]) {
    if (map.has(h.apiKey))
      throw internalError(`Two handlers for API key ${h.apiKey} (${map.get(h.apiKey)!.name}, ${h.name})`)
    map.set(h.apiKey, h)
  }
  return map
}
