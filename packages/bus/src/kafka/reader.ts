/**
 * Reads a fixed range of a topic — from given offsets up to the end offsets seen when the read
 * starts — without taking part in any application consumer group. Used to inspect and redrive
 * dead letters and to browse messages.
 */
import { randomUUID } from 'node:crypto'
import { type Admin, ProtocolError as KafkaProtocolError } from '@platformatic/kafka'
import { NotFoundError } from '../admin/errors.ts'
import type { BusOptions } from '../config/options.ts'
import { KafkaRequestError, TimeoutError } from '../errors.ts'
import { createConsumer, type KafkaConsumer, type KafkaMessage } from './adapter.ts'

export interface PartitionRange {
  partition: number
  start: bigint
  end: bigint
}

/** Earliest and end offsets of every partition of a topic. */
export async function partitionRanges(admin: Admin, topic: string): Promise<PartitionRange[]> {
  const metadata = await admin.metadata({ topics: [topic] })
  const count = metadata.topics.get(topic)?.partitionsCount ?? 0
  const partitions = Array.from({ length: count }, (_, i) => i)
  const [earliest, latest] = await Promise.all(
    [-2n, -1n].map((timestamp) =>
      admin.listOffsets({
        topics: [{ name: topic, partitions: partitions.map((p) => ({ partitionIndex: p, timestamp })) }],
      }),
    ),
  )
  const start = new Map(earliest![0]?.partitions.map((p) => [p.partitionIndex, p.offset]))
  const end = new Map(latest![0]?.partitions.map((p) => [p.partitionIndex, p.offset]))
  return partitions.map((p) => ({ partition: p, start: start.get(p) ?? 0n, end: end.get(p) ?? 0n }))
}

const CONTROL_BATCH = 0x20 // attributes bit of a transaction marker batch: no user records
const FETCH_MAX_BYTES = 4 * 1024 * 1024
const OFFSET_OUT_OF_RANGE = 1
const RETRIABLE_FETCH_ERRORS = new Set([3, 5, 6, 74, 75, 100]) // unknown partition, leader moved or epoch stale

/**
 * Calls `onMessage` for every record of `topic` in the given ranges, in offset order per partition.
 * Stops early when `onMessage` returns false.
 *
 * Reads with plain Fetch requests to each partition's leader: no consumer group is joined, so a
 * read costs no rebalance (a group join waits `group.initial.rebalance.delay.ms`, 3 s on a stock
 * Kafka) and leaves no group behind.
 */
export async function readRanges(
  options: BusOptions,
  topic: string,
  ranges: PartitionRange[],
  onMessage: (message: KafkaMessage) => boolean | undefined,
  timeout = 30_000,
): Promise<void> {
  const position = new Map(ranges.filter((r) => r.end > r.start).map((r) => [r.partition, r.start]))
  if (position.size === 0) return
  const end = new Map(ranges.map((r) => [r.partition, r.end]))
  const deadline = Date.now() + timeout
  const consumer = createConsumer(options, {
    groupId: `spool-reader-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 10_000,
    clientSuffix: '-reader',
  })
  const commit = () => {}
  try {
    let metadata = await consumer.metadata({ topics: [topic] })
    while (position.size > 0) {
      if (Date.now() > deadline) throw new TimeoutError(`reading ${topic} timed out after ${timeout} ms`)
      const info = metadata.topics.get(topic)
      if (!info) throw new NotFoundError('topic', topic)
      const byLeader = new Map<number, number[]>()
      for (const partition of position.keys()) {
        const leader = info.partitions[partition]?.leader ?? -1
        byLeader.set(leader, [...(byLeader.get(leader) ?? []), partition])
      }
      let stale = false
      for (const [leader, partitions] of byLeader) {
        if (leader < 0) {
          stale = true
          continue
        }
        const response = await consumer.fetch({
          node: leader,
          maxWaitTime: 0,
          minBytes: 1,
          maxBytes: FETCH_MAX_BYTES,
          topics: [
            {
              topicId: info.id,
              partitions: partitions.map((partition) => ({
                partition,
                fetchOffset: position.get(partition)!,
                partitionMaxBytes: FETCH_MAX_BYTES,
                currentLeaderEpoch: -1,
                lastFetchedEpoch: -1,
              })),
            },
          ],
        })
        for (const answer of response.responses[0]?.partitions ?? []) {
          const partition = answer.partitionIndex
          if (answer.errorCode === OFFSET_OUT_OF_RANGE) {
            // Retention removed the start of the range meanwhile: continue from what is left.
            position.set(partition, answer.logStartOffset)
            if (answer.logStartOffset >= end.get(partition)!) position.delete(partition)
            continue
          }
          if (RETRIABLE_FETCH_ERRORS.has(answer.errorCode)) {
            stale = true
            continue
          }
          if (answer.errorCode !== 0) throw fetchFailure(topic, partition, answer.errorCode)
          const last = end.get(partition)!
          for (const batch of answer.records ?? []) {
            if ((batch.attributes & CONTROL_BATCH) !== 0) {
              position.set(partition, batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n)
              continue
            }
            for (const record of batch.records) {
              const offset = batch.firstOffset + BigInt(record.offsetDelta)
              if (offset < position.get(partition)!) continue // a batch starts before the fetch offset
              if (offset >= last) break
              position.set(partition, offset + 1n)
              if (onMessage(toMessage(topic, partition, offset, batch, record, commit)) === false) return
            }
            if (position.get(partition)! < batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n) {
              position.set(partition, batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n)
            }
          }
          if (position.get(partition)! >= last || answer.highWatermark <= position.get(partition)!) {
            position.delete(partition)
          }
        }
      }
      if (stale) {
        await new Promise((r) => setTimeout(r, 100))
        metadata = await consumer.metadata({ topics: [topic], forceUpdate: true })
      }
    }
  } finally {
    await consumer.close(true).catch(() => {})
  }
}

/** A partition's Fetch error as a KafkaRequestError, with the client's description of the code. */
function fetchFailure(topic: string, partition: number, errorCode: number): KafkaRequestError {
  let cause: KafkaProtocolError | undefined
  try {
    cause = new KafkaProtocolError(errorCode)
  } catch {
    // A code the client does not know: the number alone says it.
  }
  const name = (cause as { apiId?: string } | undefined)?.apiId
  const kafkaError = name === undefined ? `code ${errorCode}` : `${name} (${errorCode})`
  return new KafkaRequestError(`reading ${topic}/${partition} failed with Kafka error ${kafkaError}`, {
    cause,
    retryable: (cause as { canRetry?: boolean } | undefined)?.canRetry === true,
    details: { topic, partition, kafkaError: name, kafkaErrorCode: errorCode },
  })
}

type FetchedBatch = NonNullable<
  NonNullable<
    Awaited<ReturnType<KafkaConsumer['fetch']>>['responses'][number]['partitions'][number]['records']
  >
>[number]

function toMessage(
  topic: string,
  partition: number,
  offset: bigint,
  batch: FetchedBatch,
  record: FetchedBatch['records'][number],
  commit: () => void,
): KafkaMessage {
  const headerEntries: Array<[string, Buffer]> = record.headers.map(([k, v]) => [
    k?.toString('utf8') ?? '',
    v ?? Buffer.alloc(0),
  ])
  const message = {
    topic,
    partition,
    offset,
    key: record.key as Buffer,
    value: record.value as Buffer,
    timestamp: batch.firstTimestamp + record.timestampDelta,
    headers: new Map(headerEntries),
    headerEntries,
    leaderEpoch: batch.partitionLeaderEpoch,
    metadata: {},
    commit,
    toJSON: () => ({
      key: record.key as Buffer,
      value: record.value as Buffer,
      headers: headerEntries,
      topic,
      partition,
      timestamp: String(message.timestamp),
      offset: String(offset),
      leaderEpoch: batch.partitionLeaderEpoch,
      metadata: {},
    }),
  }
  return message
}
