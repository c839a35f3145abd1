/**
 * Committing a group's offsets together with their metadata string (OffsetCommit's
 * `committed_metadata`), which the client library's `alterConsumerGroupOffsets` always sends as
 * null. The request goes to the group's coordinator over the library's own connections, as that
 * method's does (generation -1, no member: only for a group without active members).
 */
import type { Admin } from '@platformatic/kafka'
import { NotConnectedError } from '../errors.ts'
import { negotiate } from './internal-topics.ts'

export interface OffsetWithMetadata {
  partition: number
  offset: bigint
  metadata: string
}

/**
 * Commits `offsets` of `topic` for `groupId`, each with its metadata. Rejects with the library's
 * response error when Kafka refuses one (for example OFFSET_METADATA_TOO_LARGE).
 *
 * @example
 * await commitWithMetadata(admin, 'spool-redrive.orders.dlq', 'orders.dlq', [{ partition: 0, offset: 5n, metadata: 'v1;7,9' }])
 */
export async function commitWithMetadata(
  admin: Admin,
  groupId: string,
  topic: string,
  offsets: readonly OffsetWithMetadata[],
): Promise<void> {
  if (offsets.length === 0) return
  const [coordinator] = await admin.findCoordinator({ keyType: 0, keys: [groupId] })
  if (!coordinator || coordinator.nodeId < 0) {
    throw new NotConnectedError(`Kafka named no coordinator for group "${groupId}" (yet)`, {
      details: { group: groupId },
    })
  }
  const connection = (await admin.connectToBrokers([coordinator.nodeId])).get(coordinator.nodeId)
  if (!connection) {
    throw new NotConnectedError(`the coordinator of group "${groupId}" is not reachable`, {
      details: { group: groupId, broker: coordinator.nodeId },
    })
  }
  const { api } = await negotiate(admin, 'OffsetCommit')
  const partitions = offsets.map((o) => ({
    partitionIndex: o.partition,
    committedOffset: o.offset,
    committedLeaderEpoch: -1,
    committedMetadata: o.metadata,
  }))
  await api.async(connection, groupId, -1, '', null, [{ name: topic, partitions }])
}
