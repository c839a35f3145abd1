/**
 * OffsetCommit, OffsetFetch, OffsetDelete and offset expiry.
 *
 * A commit from a group member must carry the current generation and a known member id (a commit
 * while the group awaits its SyncGroups gets REBALANCE_IN_PROGRESS). A commit with generation -1 and
 * no member id comes from outside group management (admin tools resetting offsets, consumers with
 * manual assignment): it is accepted while the group is Empty, and creates the group if needed.
 * Fetching from a group that does not exist returns -1 for every partition, as Kafka does.
 */
import { ErrorCodes } from '@spool/protocol'
import type { ClassicGroup } from './group.ts'
import type { CommitRecord, OffsetEntry } from './journal.ts'
import { fromEntry } from './offset-store.ts'
import { rescheduleHeartbeat } from './rebalance.ts'
import { createGroup, forgetGroup, persist, type Runtime } from './runtime.ts'
import type {
  CommittedOffset,
  OffsetCommitInput,
  OffsetDeleteResult,
  OffsetFetchResult,
  TopicPartitionErrors,
} from './types.ts'

type TopicsInput = ReadonlyArray<{ name: string; partitions: readonly number[] }>

const everyPartition = (input: OffsetCommitInput, errorCode: number): TopicPartitionErrors[] =>
  input.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode })),
  }))

function validateCommit(group: ClassicGroup, input: OffsetCommitInput): number {
  if (group.is('Dead')) return ErrorCodes.COORDINATOR_NOT_AVAILABLE
  if (input.generationId < 0 && group.is('Empty')) return ErrorCodes.NONE
  if (input.generationId >= 0 || input.memberId !== '' || input.groupInstanceId !== null) {
    const error = group.validateMember(input.memberId, input.groupInstanceId)
    if (error !== ErrorCodes.NONE) return error
    if (input.generationId !== group.generationId) return ErrorCodes.ILLEGAL_GENERATION
  } else if (!group.is('Empty')) {
    // No member id and no generation: only an Empty group takes such commits.
    return ErrorCodes.UNKNOWN_MEMBER_ID
  }
  if (group.is('CompletingRebalance')) return ErrorCodes.REBALANCE_IN_PROGRESS
  return ErrorCodes.NONE
}

export async function commitOffsets(rt: Runtime, input: OffsetCommitInput): Promise<TopicPartitionErrors[]> {
  if (rt.closed) return everyPartition(input, ErrorCodes.COORDINATOR_NOT_AVAILABLE)
  let group = rt.groups.get(input.groupId)
  if (group === undefined) {
    if (input.generationId >= 0) {
      return everyPartition(
        input,
        input.apiVersion >= 9 ? ErrorCodes.GROUP_ID_NOT_FOUND : ErrorCodes.ILLEGAL_GENERATION,
      )
    }
    group = createGroup(rt, input.groupId)
  }
  const error = validateCommit(group, input)
  if (error !== ErrorCodes.NONE) return everyPartition(input, error)
  if (group.is('Stable') || group.is('PreparingRebalance')) {
    // A commit keeps a classic member's session alive.
    const member = group.member(input.memberId)
    if (member !== undefined) rescheduleHeartbeat(rt, group, member)
  }
  const now = rt.clock.now()
  const retention = input.retentionTimeMs ?? -1
  const expire = retention === -1 ? -1 : now + retention
  const entries: OffsetEntry[] = []
  const result = input.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      if (p.metadata !== null && p.metadata.length > rt.options.offsetMetadataMaxBytes) {
        return { partition: p.partition, errorCode: ErrorCodes.OFFSET_METADATA_TOO_LARGE }
      }
      entries.push([t.name, p.partition, p.offset.toString(), p.leaderEpoch, p.metadata ?? '', now, expire])
      return { partition: p.partition, errorCode: ErrorCodes.NONE }
    }),
  }))
  if (entries.length === 0) return result
  for (const e of entries) rt.offsets.put(input.groupId, e[0], e[1], fromEntry(e))
  const record: CommitRecord = { t: 'commit', g: input.groupId, o: entries }
  try {
    await persist(rt, [record])
  } catch {
    // Kafka maps a storage failure of its offsets log to NOT_COORDINATOR: the client retries.
    return everyPartition(input, ErrorCodes.NOT_COORDINATOR)
  }
  return result
}

const noOffset = (partition: number, errorCode: number = ErrorCodes.NONE): CommittedOffset => ({
  partition,
  offset: -1n,
  leaderEpoch: -1,
  metadata: '',
  errorCode,
})

export function fetchOffsets(
  rt: Runtime,
  groupId: string,
  topics: TopicsInput | null,
  _requireStable: boolean,
): OffsetFetchResult {
  if (rt.closed) return { errorCode: ErrorCodes.COORDINATOR_NOT_AVAILABLE, topics: [] }
  const group = rt.groups.get(groupId)
  const known = group !== undefined && !group.is('Dead')
  // No transactions here, so there are never pending (unstable) offsets: requireStable changes nothing.
  if (topics === null) {
    if (!known) return { errorCode: ErrorCodes.NONE, topics: [] }
    return {
      errorCode: ErrorCodes.NONE,
      topics: rt.offsets.topics(groupId).map(({ name, partitions }) => ({
        name,
        partitions: partitions.map(([partition, o]) => ({
          partition,
          offset: o.offset,
          leaderEpoch: o.leaderEpoch,
          metadata: o.metadata,
          errorCode: ErrorCodes.NONE,
        })),
      })),
    }
  }
  return {
    errorCode: ErrorCodes.NONE,
    topics: topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((partition) => {
        const o = known ? rt.offsets.get(groupId, t.name, partition) : undefined
        if (o === undefined) return noOffset(partition)
        return {
          partition,
          offset: o.offset,
          leaderEpoch: o.leaderEpoch,
          metadata: o.metadata,
          errorCode: ErrorCodes.NONE,
        }
      }),
    })),
  }
}

export async function deleteOffsets(
  rt: Runtime,
  groupId: string,
  topics: TopicsInput,
): Promise<OffsetDeleteResult> {
  const fail = (errorCode: number): OffsetDeleteResult => ({ errorCode, topics: [] })
  if (rt.closed) return fail(ErrorCodes.COORDINATOR_NOT_AVAILABLE)
  if (groupId === '') return fail(ErrorCodes.INVALID_GROUP_ID)
  const group = rt.groups.get(groupId)
  if (group === undefined || group.is('Dead')) return fail(ErrorCodes.GROUP_ID_NOT_FOUND)
  // Offsets of a live group may only go if Kafka can tell they are unused (consumer protocol).
  if (!group.is('Empty') && !group.usesConsumerProtocol()) return fail(ErrorCodes.NON_EMPTY_GROUP)
  const removed: Array<readonly [string, number]> = []
  const result = topics.map((t) => {
    const subscribed = group.isSubscribedToTopic(t.name)
    return {
      name: t.name,
      partitions: t.partitions.map((partition) => {
        if (subscribed) return { partition, errorCode: ErrorCodes.GROUP_SUBSCRIBED_TO_TOPIC }
        if (rt.offsets.delete(groupId, t.name, partition)) removed.push([t.name, partition])
        return { partition, errorCode: ErrorCodes.NONE }
      }),
    }
  })
  if (removed.length > 0) {
    try {
      await persist(rt, [{ t: 'offset-del', g: groupId, o: removed }])
    } catch {
      return fail(ErrorCodes.NOT_COORDINATOR)
    }
  }
  return { errorCode: ErrorCodes.NONE, topics: result }
}

/** When an offset's retention started, or undefined if the group's offsets do not expire now. */
function expiryBase(group: ClassicGroup): ((commitTimestamp: number) => number) | undefined {
  if (group.protocolType === null) return (commit) => commit
  if (group.is('Empty')) return () => group.stateTimestamp
  if (group.usesConsumerProtocol() && group.subscribedTopics !== undefined && group.is('Stable')) {
    return (commit) => commit
  }
  return undefined
}

/**
 * Kafka's periodic cleanup: removes expired offsets of topics the group does not subscribe to,
 * then deletes Empty groups left without offsets. Returns how many offsets expired.
 */
export async function expireOffsets(rt: Runtime): Promise<number> {
  const now = rt.clock.now()
  const retention = rt.options.offsetsRetention
  const records: Parameters<typeof persist>[1][number][] = []
  let expired = 0
  for (const [groupId, group] of [...rt.groups]) {
    let allExpired = true
    const base = expiryBase(group)
    const gone: Array<readonly [string, number]> = []
    for (const { name, partitions } of rt.offsets.topics(groupId)) {
      if (base === undefined || group.isSubscribedToTopic(name)) {
        allExpired = false
        continue
      }
      for (const [partition, o] of partitions) {
        const isExpired =
          o.expireTimestamp !== -1 ? now >= o.expireTimestamp : now - base(o.commitTimestamp) >= retention
        if (!isExpired) {
          allExpired = false
          continue
        }
        rt.offsets.delete(groupId, name, partition)
        gone.push([name, partition])
      }
    }
    expired += gone.length
    if (gone.length > 0) records.push({ t: 'offset-del', g: groupId, o: gone })
    if (allExpired && group.is('Empty') && group.pendingMemberCount === 0) {
      group.transitionTo('Dead', now)
      rt.groups.delete(groupId)
      forgetGroup(rt, groupId)
      records.push({ t: 'group-del', id: groupId })
    }
  }
  if (records.length > 0) await persist(rt, records).catch(() => {})
  return expired
}

/** Offsets of deleted topics go, for every group (Kafka's onPartitionsDeleted). */
export async function dropTopics(rt: Runtime, topics: readonly string[]): Promise<void> {
  const doomed = new Set(topics)
  const records: Array<{ t: 'offset-del'; g: string; o: Array<readonly [string, number]> }> = []
  for (const groupId of rt.offsets.groupIds()) {
    const gone: Array<readonly [string, number]> = []
    for (const { name, partitions } of rt.offsets.topics(groupId)) {
      if (!doomed.has(name)) continue
      for (const [partition] of partitions) {
        rt.offsets.delete(groupId, name, partition)
        gone.push([name, partition])
      }
    }
    if (gone.length > 0) records.push({ t: 'offset-del', g: groupId, o: gone })
  }
  if (records.length > 0) await persist(rt, records)
}
