/**
 * Metadata and watermarks of Kafka's internal topics (`__consumer_offsets`,
 * `__transaction_state`, `__share_group_state`). The client library leaves every topic the broker
 * flags internal out of its metadata cache, and its `listOffsets` looks partitions up in that
 * cache; so for these topics the admin sends Metadata and ListOffsets itself, over the client's
 * own connections, at the highest version both the broker and the library speak.
 */

import type { Admin, ClusterTopicMetadata, Connection } from '@platformatic/kafka'
import * as kafka from '@platformatic/kafka'
import { NotConnectedError, SpoolBusError } from '../errors.ts'

/** The shape the client library gives a cached topic (without its cache timestamp). */
export type TopicMetadata = Omit<ClusterTopicMetadata, 'lastUpdate'>

export interface AnyApi {
  async(connection: Connection, ...args: unknown[]): Promise<unknown>
}

interface RawMetadataResponse {
  topics: Array<{
    errorCode: number
    name: string | null
    topicId: string
    partitions: Array<{
      partitionIndex: number
      leaderId: number
      leaderEpoch: number
      replicaNodes: number[]
      isrNodes: number[]
      offlineReplicas: number[]
    }>
  }>
}

interface RawListOffsetsResponse {
  topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; offset: bigint }> }>
}

const READ_UNCOMMITTED = 0
const NO_REPLICA = -1 // ListOffsets from a client, not a follower

/** The library's implementation of `name` at the highest version the broker also serves. */
export async function negotiate(client: Admin, name: string): Promise<{ api: AnyApi; version: number }> {
  const offered = (await client.listApis()).find((a) => a.name === name)
  if (offered) {
    const prefix = name.slice(0, 1).toLowerCase() + name.slice(1)
    for (let version = offered.maxVersion; version >= offered.minVersion; version--) {
      const candidate = (kafka as unknown as Record<string, { api?: AnyApi } | undefined>)[
        `${prefix}V${version}`
      ]
      if (candidate?.api) return { api: candidate.api, version }
    }
  }
  throw new SpoolBusError(
    'SPOOL_ERR_UNSUPPORTED_VERSION',
    `the broker offers no version of ${name} that the client implements`,
    { details: { api: name } },
  )
}

async function anyConnection(client: Admin): Promise<Connection> {
  const connections = await client.connectToBrokers()
  const connection = connections.values().next().value
  if (!connection) throw new NotConnectedError('no broker is reachable to ask for topic metadata')
  return connection
}

/**
 * Metadata of topics the client's cache leaves out. Topics the broker does not know (or answers
 * with an error for) are absent from the result.
 *
 * @example
 * const meta = await internalTopicMetadata(client, ['__consumer_offsets'])
 * meta.get('__consumer_offsets')?.partitionsCount // 50 on a stock Kafka
 */
export async function internalTopicMetadata(
  client: Admin,
  names: readonly string[],
): Promise<Map<string, TopicMetadata>> {
  const out = new Map<string, TopicMetadata>()
  if (names.length === 0) return out
  const { api, version } = await negotiate(client, 'Metadata')
  let response: RawMetadataResponse
  try {
    response = (await api.async(await anyConnection(client), [...names], false, false)) as RawMetadataResponse
  } catch (error) {
    // A per-topic error fails the whole parse; the library keeps what did parse on the error.
    const partial = (error as { response?: RawMetadataResponse }).response
    if (!partial?.topics) throw error
    response = partial
  }
  for (const topic of response.topics) {
    if (topic.errorCode !== 0 || !topic.name || !names.includes(topic.name)) continue
    const partitions: TopicMetadata['partitions'] = []
    for (const p of [...topic.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex)) {
      partitions[p.partitionIndex] = {
        leader: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicaNodes,
        isr: p.isrNodes,
        offlineReplicas: p.offlineReplicas,
      }
    }
    out.set(topic.name, {
      // Metadata before v10 carries no topic ids: the name stands in, as the library does.
      id: version <= 8 ? topic.name : topic.topicId,
      partitions,
      partitionsCount: topic.partitions.length,
    })
  }
  return out
}

/**
 * The offset at `timestamp` (-2n earliest, -1n latest) of every partition of the given topics,
 * asked of each partition's leader. Partitions without a leader are left out.
 */
export async function internalTopicOffsets(
  client: Admin,
  topics: ReadonlyArray<{ name: string; metadata: TopicMetadata }>,
  timestamp: bigint,
): Promise<Map<string, Map<number, bigint>>> {
  const out = new Map<string, Map<number, bigint>>()
  const byLeader = new Map<
    number,
    Array<{
      name: string
      partitions: Array<{ partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint }>
    }>
  >()
  for (const { name, metadata } of topics) {
    out.set(name, new Map())
    metadata.partitions.forEach((p, partitionIndex) => {
      if (!p || p.leader < 0) return
      const requests = byLeader.get(p.leader) ?? []
      byLeader.set(p.leader, requests)
      let request = requests.find((r) => r.name === name)
      if (!request) {
        request = { name, partitions: [] }
        requests.push(request)
      }
      request.partitions.push({ partitionIndex, currentLeaderEpoch: p.leaderEpoch, timestamp })
    })
  }
  if (byLeader.size === 0) return out
  const { api } = await negotiate(client, 'ListOffsets')
  const connections = await client.connectToBrokers([...byLeader.keys()])
  await Promise.all(
    [...byLeader].map(async ([leader, requests]) => {
      const connection = connections.get(leader)
      if (!connection) {
        throw new NotConnectedError(`broker ${leader}, leader of ${requests[0]!.name}, is not reachable`, {
          details: { broker: leader },
        })
      }
      const response = (await api.async(
        connection,
        NO_REPLICA,
        READ_UNCOMMITTED,
        requests,
      )) as RawListOffsetsResponse
      for (const topic of response.topics) {
        for (const p of topic.partitions) out.get(topic.name)?.set(p.partitionIndex, p.offset)
      }
    }),
  )
  return out
}
