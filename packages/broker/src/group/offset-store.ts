/**
 * Committed offsets in memory: group → topic → partition → offset and metadata. The journal makes
 * them durable; this is what OffsetFetch reads.
 */
import type { OffsetEntry } from './journal.ts'

export interface OffsetAndMetadata {
  readonly offset: bigint
  /** -1 = unknown. */
  readonly leaderEpoch: number
  readonly metadata: string
  readonly commitTimestamp: number
  /** Set only by OffsetCommit v2-4 with an explicit retention; -1 = none. */
  readonly expireTimestamp: number
}

type TopicOffsets = Map<number, OffsetAndMetadata>

export class OffsetStore {
  readonly #groups = new Map<string, Map<string, TopicOffsets>>()

  get(groupId: string, topic: string, partition: number): OffsetAndMetadata | undefined {
    return this.#groups.get(groupId)?.get(topic)?.get(partition)
  }

  put(groupId: string, topic: string, partition: number, value: OffsetAndMetadata): void {
    let topics = this.#groups.get(groupId)
    if (topics === undefined) {
      topics = new Map()
      this.#groups.set(groupId, topics)
    }
    let partitions = topics.get(topic)
    if (partitions === undefined) {
      partitions = new Map()
      topics.set(topic, partitions)
    }
    partitions.set(partition, value)
  }

  /** True if something was removed. */
  delete(groupId: string, topic: string, partition: number): boolean {
    const topics = this.#groups.get(groupId)
    const partitions = topics?.get(topic)
    if (partitions === undefined || !partitions.delete(partition)) return false
    if (partitions.size === 0) topics!.delete(topic)
    if (topics!.size === 0) this.#groups.delete(groupId)
    return true
  }

  deleteGroup(groupId: string): number {
    const topics = this.#groups.get(groupId)
    if (topics === undefined) return 0
    let n = 0
    for (const p of topics.values()) n += p.size
    this.#groups.delete(groupId)
    return n
  }

  hasGroup(groupId: string): boolean {
    return this.#groups.has(groupId)
  }

  groupIds(): string[] {
    return [...this.#groups.keys()]
  }

  /** Topics with offsets of a group, each with its partitions in ascending order. */
  topics(groupId: string): Array<{ name: string; partitions: Array<[number, OffsetAndMetadata]> }> {
    const topics = this.#groups.get(groupId)
    if (topics === undefined) return []
    return [...topics].map(([name, partitions]) => ({
      name,
      partitions: [...partitions].sort((a, b) => a[0] - b[0]),
    }))
  }

  /** Every offset of a group as journal entries (for snapshots). */
  entries(groupId: string): OffsetEntry[] {
    return this.topics(groupId).flatMap(({ name, partitions }) =>
      partitions.map(
        ([p, o]) =>
          [
            name,
            p,
            o.offset.toString(),
            o.leaderEpoch,
            o.metadata,
            o.commitTimestamp,
            o.expireTimestamp,
          ] as const,
      ),
    )
  }

  /** Number of stored offsets. */
  get size(): number {
    let n = 0
    for (const topics of this.#groups.values()) for (const p of topics.values()) n += p.size
    return n
  }
}

/** A journal entry back into an offset. */
export function fromEntry(entry: OffsetEntry): OffsetAndMetadata {
  return {
    offset: BigInt(entry[2]),
    leaderEpoch: entry[3],
    metadata: entry[4],
    commitTimestamp: entry[5],
    expireTimestamp: entry[6],
  }
}
