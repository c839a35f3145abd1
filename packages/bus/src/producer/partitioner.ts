/**
 * Partitioning the way the Java client does it: a keyed record goes to
 * `toPositive(murmur2(key)) % partitions` — or, with `partitioner: 'kafkajs-legacy'`, where KafkaJS's
 * LegacyPartitioner puts it; records without a key stick to one partition per batch (Java's sticky
 * partitioner), which keeps batches large. The publisher assigns the partition itself before
 * sending, so it can tell each caller exactly where its record went.
 */
import { javaPartition, type OutgoingMessage } from '../kafka/adapter.ts'
import { legacyPartition } from './legacy-murmur2.ts'

/** How keyed records are placed: as the Java client (and KafkaJS's DefaultPartitioner), or as KafkaJS's LegacyPartitioner. */
export type KeyPartitioner = 'java' | 'kafkajs-legacy'

export class StickyPartitioner {
  #sticky = new Map<string, number>()
  #keyed: (message: OutgoingMessage, key: Buffer) => number

  constructor(keyed: KeyPartitioner = 'java') {
    this.#keyed = keyed === 'kafkajs-legacy' ? (_message, key) => legacyPartition(key) : javaPartition
  }

  /** Moves unkeyed records of the next batch to the next partition. */
  rotate(): void {
    for (const [topic, n] of this.#sticky) this.#sticky.set(topic, n + 1)
  }

  /** The raw (not yet reduced modulo the partition count) partition for a record. */
  partition(message: OutgoingMessage, key: Buffer | undefined): number {
    if (typeof message.partition === 'number') return message.partition
    if (key !== undefined) return this.#keyed(message, key)
    let n = this.#sticky.get(message.topic)
    if (n === undefined) {
      n = Math.floor(Math.random() * 1024)
      this.#sticky.set(message.topic, n)
    }
    return n
  }

  /** Sets `message.partition` for a topic of `count` partitions and returns it. */
  assign(message: OutgoingMessage, count: number): number {
    const partition = this.partition(message, message.key) % count
    message.partition = partition
    return partition
  }
}
