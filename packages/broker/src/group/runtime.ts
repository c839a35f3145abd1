/**
 * What every group operation shares: options, clock, keyed timers, the groups, the offsets and the
 * journal. The operations (join.ts, sync.ts, …) are functions over a Runtime; coordinator.ts builds
 * one and exposes them. All state changes happen synchronously inside one call, so Node's single
 * thread gives each operation the exclusive access that Kafka gets from its coordinator event loop.
 */
import type { Logger } from 'pino'
import type { Clock } from './clock.ts'
import { ClassicGroup } from './group.ts'
import type { GroupJournal, GroupRecord, JournalRecord } from './journal.ts'
import type { OffsetStore } from './offset-store.ts'
import type { GroupCoordinatorOptions } from './options.ts'
import type { KeyedTimers } from './timers.ts'

export type GroupLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>

export const silentLogger: GroupLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
} as unknown as GroupLogger

export interface Runtime {
  readonly options: Readonly<GroupCoordinatorOptions>
  readonly clock: Clock
  readonly timers: KeyedTimers
  readonly groups: Map<string, ClassicGroup>
  readonly offsets: OffsetStore
  readonly journal: GroupJournal
  /** The last metadata record written per group: what a replay would restore (snapshots reuse it). */
  readonly groupRecords: Map<string, GroupRecord>
  readonly log: GroupLogger
  /** Set by close(): new requests are answered COORDINATOR_NOT_AVAILABLE. */
  closed: boolean
  /** Called after each journal write (the coordinator compacts the journal from here). */
  afterWrite(): void
}

/**
 * Queues records for the journal. Group metadata is written without waiting (a lost group record
 * only costs members a rejoin after a crash); commits and deletions await the returned promise.
 */
export function persist(rt: Runtime, records: readonly JournalRecord[]): Promise<void> {
  const written = rt.journal.append(records)
  written.then(
    () => rt.afterWrite(),
    (error) => rt.log.error({ err: error }, 'group journal write failed'),
  )
  return written
}

/** The group's metadata as Kafka's GroupMetadata record holds it. */
export function groupRecord(group: ClassicGroup): GroupRecord {
  return {
    t: 'group',
    id: group.groupId,
    gen: group.generationId,
    ptype: group.protocolType,
    pname: group.protocolName,
    leader: group.leaderId,
    ts: group.stateTimestamp,
    members: [...group.members.values()].map((m) => ({
      id: m.memberId,
      iid: m.groupInstanceId,
      cid: m.clientId,
      host: m.clientHost,
      rto: m.rebalanceTimeoutMs,
      sto: m.sessionTimeoutMs,
      sub: m.metadata(group.protocolName).toString('base64'),
      asg: m.assignment.toString('base64'),
    })),
  }
}

/** Writes the group's metadata record, without waiting. */
export function persistGroup(rt: Runtime, group: ClassicGroup): void {
  const record = groupRecord(group)
  rt.groupRecords.set(group.groupId, record)
  persist(rt, [record]).catch(() => {})
}

/** Forgets a deleted group's metadata record. */
export function forgetGroup(rt: Runtime, groupId: string): void {
  rt.groupRecords.delete(groupId)
}

/** The group under `groupId` if it is still `group` (a timer may outlive a deleted group). */
export function sameGroup(rt: Runtime, group: ClassicGroup): boolean {
  return rt.groups.get(group.groupId) === group
}

/** Creates an Empty group and registers it. */
export function createGroup(rt: Runtime, groupId: string): ClassicGroup {
  const group = new ClassicGroup(groupId, rt.clock.now())
  rt.groups.set(groupId, group)
  return group
}
