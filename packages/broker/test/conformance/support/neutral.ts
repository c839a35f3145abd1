/**
 * A neutral observer for the conformance scenarios: set-up and checks made over a bare wire client
 * (requests encoded by @spool/protocol), the same bytes for either broker. It reads what a broker
 * really stored — whole batches with their headers (codec, producer id, sequences) — rather than
 * what a client library chooses to show.
 */
import type { TestContext } from 'node:test'
import {
  ApiKeys,
  type BatchHeader,
  decodeRecords,
  encodeBatch,
  type RecordInput,
  splitBatches,
} from '@spool/protocol'
import { WireClient } from '../../helpers/wire.ts'

/** A wire client to the first broker of `bootstrap` (both test brokers listen on 127.0.0.1). */
export async function wireTo(bootstrap: string): Promise<WireClient> {
  const [, port] = bootstrap.split(',')[0]!.split(':')
  return WireClient.connect(Number(port))
}

/** Runs `fn` with a fresh wire client, closed afterwards. */
export async function withWire<T>(bootstrap: string, fn: (c: WireClient) => Promise<T>): Promise<T> {
  const c = await wireTo(bootstrap)
  try {
    return await fn(c)
  } finally {
    c.close()
  }
}

/** Metadata v12 as the broker answers it (cluster id, controller, brokers, partitions per topic). */
export async function metadataWire(bootstrap: string, topics: readonly string[] | null = null) {
  return withWire(bootstrap, (c) =>
    c.request(ApiKeys.METADATA, 12, {
      topics:
        topics === null
          ? null
          : topics.map((name) => ({ name, topicId: '00000000-0000-0000-0000-000000000000' })),
      allowAutoTopicCreation: false,
      includeTopicAuthorizedOperations: false,
    }),
  )
}

/**
 * Creates a topic (CreateTopics v7) and waits until every partition answers ListOffsets: real Kafka
 * lists leaders in Metadata a moment before the leader serves the partition, and a produce in that
 * moment fails for some partitions — which a non-idempotent client's retry turns into duplicates.
 */
export async function createTopicWire(bootstrap: string, name: string, partitions: number): Promise<void> {
  await withWire(bootstrap, async (c) => {
    const res = await c.request(ApiKeys.CREATE_TOPICS, 7, {
      topics: [{ name, numPartitions: partitions, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 30_000,
      validateOnly: false,
    })
    const t = res.topics[0]!
    if (t.errorCode !== 0) throw new Error(`CreateTopics ${name}: error ${t.errorCode} ${t.errorMessage}`)
  })
  await waitServed(bootstrap, name, partitions)
}

/** Waits until every partition of `topic` is led and served (ListOffsets answers without error). */
export async function waitServed(bootstrap: string, topic: string, partitions: number): Promise<void> {
  let last = ''
  for (let i = 0; i < 300; i++) {
    const res = await withWire(bootstrap, (c) =>
      c.request(ApiKeys.LIST_OFFSETS, 7, {
        replicaId: -1,
        isolationLevel: 0,
        topics: [
          {
            name: topic,
            partitions: Array.from({ length: partitions }, (_, partitionIndex) => ({
              partitionIndex,
              currentLeaderEpoch: -1,
              timestamp: -1n,
            })),
          },
        ],
      }),
    )
    const ps = res.topics[0]?.partitions ?? []
    if (ps.length === partitions && ps.every((p) => p.errorCode === 0)) return
    last = ps.map((p) => p.errorCode).join(',')
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`topic ${topic} is not served yet (ListOffsets errors ${last})`)
}

/** Produces one batch per partition with explicit timestamps (Produce v9, acks=all). */
export async function produceWire(
  bootstrap: string,
  topic: string,
  partition: number,
  records: ReadonlyArray<{ key?: string | null; value: string; timestamp: bigint }>,
): Promise<bigint> {
  return withWire(bootstrap, async (c) => {
    const batch = encodeBatch({
      records: records.map(
        (r): RecordInput => ({
          key: r.key ? Buffer.from(r.key) : null,
          value: Buffer.from(r.value),
          headers: [],
          timestamp: r.timestamp,
        }),
      ),
    })
    const res = await c.request(ApiKeys.PRODUCE, 9, {
      transactionalId: null,
      acks: -1,
      timeoutMs: 30_000,
      topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
    })
    const p = res.responses[0]!.partitionResponses[0]!
    if (p.errorCode !== 0) throw new Error(`Produce to ${topic}/${partition}: error ${p.errorCode}`)
    return p.baseOffset
  })
}

/** What one partition holds: its batches' headers and every record, in offset order. */
export interface StoredPartition {
  readonly partition: number
  readonly batches: BatchHeader[]
  readonly records: Array<{ offset: bigint; key: string | null; value: string; timestamp: bigint }>
}

/** Reads every partition of `topic` from its log start to its high watermark (Fetch v12). */
export async function readTopic(bootstrap: string, topic: string): Promise<StoredPartition[]> {
  const md = await metadataWire(bootstrap, [topic])
  const count = md.topics[0]?.partitions.length ?? 0
  return withWire(bootstrap, async (c) => {
    const out: StoredPartition[] = []
    for (let partition = 0; partition < count; partition++) {
      const stored: StoredPartition = { partition, batches: [], records: [] }
      let offset = 0n
      for (;;) {
        const res = await c.request(ApiKeys.FETCH, 12, {
          replicaId: -1,
          maxWaitMs: 0,
          minBytes: 0,
          maxBytes: 64 << 20,
          isolationLevel: 0,
          sessionId: 0,
          sessionEpoch: -1,
          topics: [{ topic, partitions: [{ partition, fetchOffset: offset, partitionMaxBytes: 16 << 20 }] }],
          forgottenTopicsData: [],
          rackId: '',
        })
        const p = res.responses[0]!.partitions[0]!
        if (p.errorCode !== 0) throw new Error(`Fetch ${topic}/${partition}@${offset}: error ${p.errorCode}`)
        const { batches } = splitBatches(p.records ?? Buffer.alloc(0))
        if (batches.length === 0) break
        for (const b of batches) {
          const { header, records } = decodeRecords(b)
          if (header.baseOffset + BigInt(header.lastOffsetDelta) < offset) continue
          stored.batches.push(header)
          for (const r of records) {
            if (r.offset < offset) continue
            stored.records.push({
              offset: r.offset,
              key: r.key === null ? null : r.key.toString(),
              value: r.value?.toString() ?? '',
              timestamp: r.timestamp,
            })
          }
          offset = header.baseOffset + BigInt(header.lastOffsetDelta) + 1n
        }
        if (offset >= p.highWatermark) break
      }
      out.push(stored)
    }
    return out
  })
}

/** Latest (-1) or earliest (-2) offset of each partition (ListOffsets v7). */
export async function listOffsetsWire(
  bootstrap: string,
  topic: string,
  partitions: number,
  timestamp: bigint = -1n,
): Promise<Map<number, bigint>> {
  return withWire(bootstrap, async (c) => {
    const res = await c.request(ApiKeys.LIST_OFFSETS, 7, {
      replicaId: -1,
      isolationLevel: 0,
      topics: [
        {
          name: topic,
          partitions: Array.from({ length: partitions }, (_, partitionIndex) => ({
            partitionIndex,
            currentLeaderEpoch: -1,
            timestamp,
          })),
        },
      ],
    })
    return new Map(res.topics[0]!.partitions.map((p) => [p.partitionIndex, p.offset]))
  })
}

/** Committed offsets of `group` on `topic` (OffsetFetch v7); -1 where nothing is committed. */
export async function committedWire(
  bootstrap: string,
  group: string,
  topic: string,
  partitions: number,
): Promise<Map<number, bigint>> {
  return withWire(bootstrap, async (c) => {
    const res = await c.request(ApiKeys.OFFSET_FETCH, 7, {
      groupId: group,
      topics: [{ name: topic, partitionIndexes: Array.from({ length: partitions }, (_, i) => i) }],
      requireStable: false,
    })
    if (res.errorCode !== 0) throw new Error(`OffsetFetch ${group}: error ${res.errorCode}`)
    return new Map(res.topics[0]!.partitions.map((p) => [p.partitionIndex, p.committedOffset]))
  })
}

/** State and member count of `group` (DescribeGroups v5). */
export async function describeGroupWire(
  bootstrap: string,
  group: string,
): Promise<{ state: string; members: number; protocol: string }> {
  return withWire(bootstrap, async (c) => {
    const res = await c.request(ApiKeys.DESCRIBE_GROUPS, 5, {
      groups: [group],
      includeAuthorizedOperations: false,
    })
    const g = res.groups[0]!
    return { state: g.groupState, members: g.members.length, protocol: g.protocolData }
  })
}

/** Registers `fn` to run after the test even if it fails; errors in cleanup are ignored. */
export function cleanup(t: TestContext, fn: () => Promise<unknown>): void {
  t.after(async () => {
    await fn().catch(() => {})
  })
}
