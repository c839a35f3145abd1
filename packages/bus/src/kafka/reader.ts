/**
 * Reads a fixed range of a topic — from given offsets up to the end offsets seen when the read
 * starts — without taking part in any application consumer group. Used to inspect and redrive
 * dead letters and to browse messages.
 */
import { randomUUID } from 'node:crypto'
import type { Admin } from '@platformatic/kafka'
import type { BusOptions } from '../config/options.ts'
import { createConsumer, type KafkaMessage } from './adapter.ts'

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

/**
 * Calls `onMessage` for every record of `topic` in the given ranges, in offset order per partition.
 * Stops early when `onMessage` returns false.
 */
export async function readRanges(
  options: BusOptions,
  topic: string,
  ranges: PartitionRange[],
  onMessage: (message: KafkaMessage) => boolean | undefined,
  timeout = 30_000,
): Promise<void> {
  const todo = ranges.filter((r) => r.end > r.start)
  if (todo.length === 0) return
  const consumer = createConsumer(options, {
    groupId: `spool-reader-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    rebalanceTimeout: 10_000,
    clientSuffix: '-reader',
  })
  const remaining = new Map(todo.map((r) => [r.partition, r.end]))
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: 'manual',
      offsets: todo.map((r) => ({ topic, partition: r.partition, offset: r.start })),
      autocommit: false,
      maxWaitTime: 200,
    })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic} timed out after ${timeout} ms`)),
        timeout,
      )
      const finish = () => {
        clearTimeout(timer)
        stream.removeAllListeners('data')
        resolve()
      }
      stream.on('error', (error: Error) => {
        clearTimeout(timer)
        reject(error)
      })
      stream.on('data', (message: KafkaMessage) => {
        const end = remaining.get(message.partition)
        if (end === undefined) return
        if (message.offset >= end) return
        if (onMessage(message) === false) return finish()
        if (message.offset + 1n >= end) {
          remaining.delete(message.partition)
          if (remaining.size === 0) finish()
        }
      })
    })
    await stream.close().catch(() => {})
  } finally {
    await consumer.close(true).catch(() => {})
  }
}
