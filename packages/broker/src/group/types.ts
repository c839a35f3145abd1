/**
 * The group coordinator (classic protocol): what the group handlers call. It speaks in plain values
 * close to the request and response bodies; the handlers adapt versions (single vs batched fields,
 * topic ids) and check topics against the registry, as Kafka's KafkaApis does before its coordinator.
 *
 * Every result carries Kafka error codes (`ErrorCodes` of @spool/protocol); nothing here throws for
 * a client mistake. JoinGroup and SyncGroup resolve when the rebalance lets them (they may wait for
 * other members); everything else answers at once, except that offset commits and group deletions
 * resolve after the change is written to the coordinator's journal.
 */

/** The five states of a classic group, with Kafka's names (as DescribeGroups and ListGroups show them). */
export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead'

/** One protocol a member supports (for consumers: an assignor name and its subscription bytes). */
export interface GroupProtocol {
  readonly name: string
  readonly metadata: Buffer
}

export interface JoinGroupInput {
  readonly groupId: string
  /** '' on a first join. */
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly protocolType: string
  /** In the member's order of preference. */
  readonly protocols: readonly GroupProtocol[]
  readonly sessionTimeoutMs: number
  /** JoinGroup v0 has none: pass the session timeout, as Kafka does. */
  readonly rebalanceTimeoutMs: number
  readonly clientId: string
  /** As Kafka shows it: '/127.0.0.1'. */
  readonly clientHost: string
  /** The request's version: v4+ gets MEMBER_ID_REQUIRED on a first join, v9+ may skip assignment. */
  readonly apiVersion: number
  readonly reason?: string | null
}

export interface JoinGroupMember {
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly metadata: Buffer
}

export interface JoinGroupResult {
  readonly errorCode: number
  readonly generationId: number
  readonly protocolType: string | null
  readonly protocolName: string | null
  readonly leader: string
  readonly skipAssignment: boolean
  readonly memberId: string
  /** Every member's metadata for the chosen protocol, for the leader only (empty for followers). */
  readonly members: readonly JoinGroupMember[]
}

export interface SyncGroupInput {
  readonly groupId: string
  readonly generationId: number
  readonly memberId: string
  readonly groupInstanceId: string | null
  /** v5+: checked against the group's (INCONSISTENT_GROUP_PROTOCOL); null = not sent. */
  readonly protocolType: string | null
  readonly protocolName: string | null
  /** From the leader only; followers send none. */
  readonly assignments: ReadonlyArray<{ readonly memberId: string; readonly assignment: Buffer }>
}

export interface SyncGroupResult {
  readonly errorCode: number
  readonly protocolType: string | null
  readonly protocolName: string | null
  readonly assignment: Buffer
}

export interface HeartbeatInput {
  readonly groupId: string
  readonly generationId: number
  readonly memberId: string
  readonly groupInstanceId: string | null
}

export interface LeaveGroupInput {
  readonly groupId: string
  /** LeaveGroup v0-2 carry one member id: pass it as a one-element list. */
  readonly members: ReadonlyArray<{
    readonly memberId: string
    readonly groupInstanceId: string | null
    readonly reason?: string | null
  }>
}

export interface LeaveGroupResult {
  /** Group-level error (COORDINATOR_NOT_AVAILABLE, INVALID_GROUP_ID); per-member errors below. */
  readonly errorCode: number
  readonly members: ReadonlyArray<{ memberId: string; groupInstanceId: string | null; errorCode: number }>
}

export interface OffsetCommitInput {
  readonly groupId: string
  /** -1 for a commit from outside group management (admin tools, manual assignment). */
  readonly generationId: number
  readonly memberId: string
  readonly groupInstanceId: string | null
  /** OffsetCommit v2-4 retention override, ms (-1 = broker default). */
  readonly retentionTimeMs?: number
  /** The request's version (v9+ answers GROUP_ID_NOT_FOUND where older ones get ILLEGAL_GENERATION). */
  readonly apiVersion: number
  readonly topics: ReadonlyArray<{
    readonly name: string
    readonly partitions: ReadonlyArray<{
      readonly partition: number
      readonly offset: bigint
      /** -1 = unknown. */
      readonly leaderEpoch: number
      readonly metadata: string | null
    }>
  }>
}

export interface PartitionError {
  readonly partition: number
  readonly errorCode: number
}

export interface TopicPartitionErrors {
  readonly name: string
  readonly partitions: readonly PartitionError[]
}

export interface CommittedOffset {
  readonly partition: number
  /** -1n when the group has committed nothing for the partition. */
  readonly offset: bigint
  readonly leaderEpoch: number
  readonly metadata: string
  readonly errorCode: number
}

export interface OffsetFetchResult {
  /** Group-level error; when set, `topics` is empty. */
  readonly errorCode: number
  readonly topics: ReadonlyArray<{ readonly name: string; readonly partitions: readonly CommittedOffset[] }>
}

export interface OffsetDeleteResult {
  readonly errorCode: number
  readonly topics: readonly TopicPartitionErrors[]
}

export interface DescribedMember {
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly clientId: string
  readonly clientHost: string
  /** Metadata for the chosen protocol; empty unless the group is Stable (as in Kafka). */
  readonly metadata: Buffer
  /** Empty unless the group is Stable. */
  readonly assignment: Buffer
}

export interface DescribedGroup {
  /** NONE for a group that does not exist: it is reported as Dead (DescribeGroups v6 handlers map that to GROUP_ID_NOT_FOUND). */
  readonly errorCode: number
  readonly groupId: string
  readonly state: GroupState
  readonly protocolType: string
  /** The chosen protocol while Stable, else ''. */
  readonly protocolData: string
  readonly members: readonly DescribedMember[]
  /** False when the group does not exist. */
  readonly exists: boolean
}

export interface ListedGroup {
  readonly groupId: string
  readonly protocolType: string
  readonly state: GroupState
  readonly type: 'classic'
}

export interface ListGroupsFilter {
  /** Case-insensitive state names; empty = all. */
  readonly states?: readonly string[]
  /** Case-insensitive group types ('classic', 'consumer', …); empty = all. */
  readonly types?: readonly string[]
}

/**
 * The group coordinator (classic protocol). Create one with `createGroupCoordinator`.
 *
 * @example
 * const groups = await createGroupCoordinator({ dir: '/var/lib/spool/groups' })
 * const joined = await groups.joinGroup({ groupId: 'g', memberId: '', groupInstanceId: null,
 *   protocolType: 'consumer', protocols: [{ name: 'range', metadata }], sessionTimeoutMs: 45_000,
 *   rebalanceTimeoutMs: 300_000, clientId: 'c', clientHost: '/127.0.0.1', apiVersion: 9 })
 * await groups.close()
 */
export interface GroupCoordinator {
  joinGroup(input: JoinGroupInput): Promise<JoinGroupResult>
  syncGroup(input: SyncGroupInput): Promise<SyncGroupResult>
  heartbeat(input: HeartbeatInput): number
  leaveGroup(input: LeaveGroupInput): LeaveGroupResult
  /** Resolves once the commit is in the journal. Errors are per partition (a group error fills every partition). */
  commitOffsets(input: OffsetCommitInput): Promise<TopicPartitionErrors[]>
  /** `topics` null = every committed offset of the group. */
  fetchOffsets(
    groupId: string,
    topics: ReadonlyArray<{ name: string; partitions: readonly number[] }> | null,
    requireStable?: boolean,
  ): OffsetFetchResult
  deleteOffsets(
    groupId: string,
    topics: ReadonlyArray<{ name: string; partitions: readonly number[] }>,
  ): Promise<OffsetDeleteResult>
  describeGroups(groupIds: readonly string[]): DescribedGroup[]
  listGroups(filter?: ListGroupsFilter): ListedGroup[]
  /** Deletes Empty groups and their offsets; NON_EMPTY_GROUP / GROUP_ID_NOT_FOUND otherwise. */
  deleteGroups(groupIds: readonly string[]): Promise<Array<{ groupId: string; errorCode: number }>>
  /** Drops committed offsets of deleted topics (Kafka does this when partitions are deleted). */
  onTopicsDeleted(topics: readonly string[]): Promise<void>
  /** Answers parked JoinGroup/SyncGroup calls with NOT_COORDINATOR, stops timers, closes the journal. */
  close(): Promise<void>
}
