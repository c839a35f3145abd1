/**
 * What has been redriven from a dead-letter topic, kept in Kafka as the group
 * `spool-redrive.<dlq topic>`: per partition, the committed offset is the bulk watermark (every
 * dead letter below it was redriven) and the commit's metadata lists the offsets at or above it
 * that were redriven one by one, as ranges (`spool-redrive/1 12-15,20`).
 */
import type { KafkaAdmin } from '../kafka/adapter.ts'
import { commitWithMetadata } from '../kafka/commit-metadata.ts'

/** Kafka refuses commit metadata over offset.metadata.max.bytes (4,096 by default). */
export const LEDGER_METADATA_MAX = 4_000
const PREFIX = 'spool-redrive/1 '

export const ledgerGroup = (dlq: string): string => `spool-redrive.${dlq}`

export interface LedgerPartition {
  /** Every dead letter below this offset was redriven (0n: none in bulk). */
  watermark: bigint
  /** Offsets at or above the watermark redriven one by one. */
  selected: Set<bigint>
}

export class RedriveLedger {
  readonly partitions = new Map<number, LedgerPartition>()

  has(partition: number, offset: bigint): boolean {
    const p = this.partitions.get(partition)
    return p !== undefined && (offset < p.watermark || p.selected.has(offset))
  }

  watermark(partition: number): bigint {
    return this.partitions.get(partition)?.watermark ?? 0n
  }

  /** Reads the ledger of `dlqTopic`; an empty one when none was written yet. */
  static async read(admin: KafkaAdmin, dlqTopic: string): Promise<RedriveLedger> {
    const ledger = new RedriveLedger()
    let groups: Awaited<ReturnType<KafkaAdmin['listConsumerGroupOffsets']>>
    try {
      groups = await admin.listConsumerGroupOffsets({ groups: [ledgerGroup(dlqTopic)] })
    } catch {
      return ledger // no ledger yet
    }
    for (const t of groups[0]?.topics ?? []) {
      if (t.name !== dlqTopic) continue
      for (const p of t.partitions) {
        if (p.committedOffset < 0n) continue
        ledger.partitions.set(p.partitionIndex, {
          watermark: p.committedOffset,
          selected: decodeSelected(p.metadata, p.committedOffset),
        })
      }
    }
    return ledger
  }

  /**
   * Records a bulk redrive up to `ends` (partition → end offset) and single redrives of `picked`
   * (partition → offsets), then writes the partitions that changed. Returns the partitions whose
   * single redrives could not be recorded (too many scattered offsets for the commit metadata).
   */
  async write(
    admin: KafkaAdmin,
    dlqTopic: string,
    ends: ReadonlyMap<number, bigint>,
    picked: ReadonlyMap<number, readonly bigint[]>,
  ): Promise<number[]> {
    const changed = new Set<number>()
    for (const [partition, end] of ends) {
      const p = this.#partition(partition)
      if (end > p.watermark) {
        p.watermark = end
        changed.add(partition)
      }
    }
    const unrecorded: number[] = []
    for (const [partition, offsets] of picked) {
      const p = this.#partition(partition)
      const selected = new Set(p.selected)
      for (const o of offsets) if (o >= p.watermark) selected.add(o)
      if (selected.size === p.selected.size) continue
      // Too many scattered offsets for the commit metadata: the ones recorded before are kept.
      if (encodeSelected(selected).length > LEDGER_METADATA_MAX) unrecorded.push(partition)
      else p.selected = selected
      changed.add(partition)
    }
    const offsets = [...changed].map((partition) => {
      const p = this.#partition(partition)
      for (const o of p.selected) if (o < p.watermark) p.selected.delete(o)
      return { partition, offset: p.watermark, metadata: encodeSelected(p.selected) }
    })
    await commitWithMetadata(admin, ledgerGroup(dlqTopic), dlqTopic, offsets)
    return unrecorded
  }

  #partition(partition: number): LedgerPartition {
    let p = this.partitions.get(partition)
    if (!p) {
      p = { watermark: 0n, selected: new Set() }
      this.partitions.set(partition, p)
    }
    return p
  }
}

/** `spool-redrive/1 12-15,20` for {12, 13, 14, 15, 20}; empty for none. */
export function encodeSelected(offsets: ReadonlySet<bigint>): string {
  if (offsets.size === 0) return ''
  const sorted = [...offsets].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const parts: string[] = []
  let start = sorted[0]!
  let last = start
  for (const o of sorted.slice(1)) {
    if (o === last + 1n) {
      last = o
      continue
    }
    parts.push(start === last ? `${start}` : `${start}-${last}`)
    start = o
    last = o
  }
  parts.push(start === last ? `${start}` : `${start}-${last}`)
  return PREFIX + parts.join(',')
}

/** The offsets of `encodeSelected`'s text at or above `watermark`; anything else reads as none. */
export function decodeSelected(metadata: string | null | undefined, watermark = 0n): Set<bigint> {
  const out = new Set<bigint>()
  if (!metadata?.startsWith(PREFIX)) return out
  for (const part of metadata.slice(PREFIX.length).split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part)
    if (!match) continue
    const from = BigInt(match[1]!)
    const to = match[2] === undefined ? from : BigInt(match[2])
    // A range is bounded by what fits in the metadata; a forged huge one is ignored.
    if (to < from || to - from > 1_000_000n) continue
    for (let o = from; o <= to; o++) if (o >= watermark) out.add(o)
  }
  return out
}
