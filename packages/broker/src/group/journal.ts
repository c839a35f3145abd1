/**
 * The coordinator's journal: an append-only list of records from which groups and committed
 * offsets are rebuilt at start, the way Kafka replays __consumer_offsets. Two implementations keep
 * one contract: memory (a list that outlives the coordinator, for tests) and file (JSON lines,
 * see journal-file.ts). At start the coordinator rewrites the journal as a snapshot of what it
 * loaded (compaction), and again whenever the journal grows well past the live state.
 *
 * Record kinds (one JSON object per record; offsets are decimal strings, bytes are base64):
 *   group       a group's generation, protocol, leader and members with their subscription and
 *               assignment, written when a rebalance completes, a group empties or is created
 *   group-del   the group and all its offsets are gone (DeleteGroups, expiry)
 *   commit      committed offsets: [topic, partition, offset, leaderEpoch, metadata, commitMs, expireMs]
 *   offset-del  [topic, partition] pairs whose offsets are gone (OffsetDelete, expiry, topic deletion)
 */

export interface MemberRecord {
  readonly id: string
  readonly iid: string | null
  readonly cid: string
  readonly host: string
  readonly rto: number
  readonly sto: number
  /** Metadata for the group's protocol, base64. */
  readonly sub: string
  /** Assignment, base64. */
  readonly asg: string
}

export interface GroupRecord {
  readonly t: 'group'
  readonly id: string
  readonly gen: number
  readonly ptype: string | null
  readonly pname: string | null
  readonly leader: string | null
  /** When the group entered its current state, ms. */
  readonly ts: number
  readonly members: readonly MemberRecord[]
}

export interface GroupDeleteRecord {
  readonly t: 'group-del'
  readonly id: string
}

/** [topic, partition, offset, leaderEpoch, metadata, commitTimestampMs, expireTimestampMs (-1 = none)] */
export type OffsetEntry = readonly [string, number, string, number, string, number, number]

export interface CommitRecord {
  readonly t: 'commit'
  readonly g: string
  readonly o: readonly OffsetEntry[]
}

export interface OffsetDeleteRecord {
  readonly t: 'offset-del'
  readonly g: string
  readonly o: ReadonlyArray<readonly [string, number]>
}

export type JournalRecord = GroupRecord | GroupDeleteRecord | CommitRecord | OffsetDeleteRecord

/** Where the coordinator keeps its records. */
export interface GroupJournal {
  /** Every record, oldest first. Called once, before any append. */
  load(): Promise<JournalRecord[]>
  /** Resolves once the records are written (file: handed to the OS, so they survive a process kill). */
  append(records: readonly JournalRecord[]): Promise<void>
  /** Replaces the whole journal with `records` atomically (compaction). */
  rewrite(records: readonly JournalRecord[]): Promise<void>
  /** Size appended since the last load or rewrite, bytes (memory: JSON length). */
  readonly size: number
  close(): Promise<void>
}

/**
 * A journal in memory. It survives `close()`, so a test can restart a coordinator on it.
 *
 * @example
 * const journal = createMemoryJournal()
 * const first = await createGroupCoordinator({ journal })
 * await first.close()
 * const second = await createGroupCoordinator({ journal }) // sees the first one's offsets
 */
export function createMemoryJournal(): GroupJournal & { readonly records: readonly JournalRecord[] } {
  let records: JournalRecord[] = []
  let size = 0
  const copy = (r: readonly JournalRecord[]) => r.map((x) => JSON.parse(JSON.stringify(x)) as JournalRecord)
  return {
    get records() {
      return records
    },
    get size() {
      return size
    },
    async load() {
      size = 0
      return copy(records)
    },
    async append(more) {
      records.push(...copy(more))
      size += more.reduce((n, r) => n + JSON.stringify(r).length + 1, 0)
    },
    async rewrite(all) {
      records = copy(all)
      size = 0
    },
    async close() {},
  }
}
