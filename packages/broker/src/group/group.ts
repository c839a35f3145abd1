/**
 * A classic group's state and membership bookkeeping: states and their legal transitions, members
 * (static ones indexed by instance id), members pending their first join, members yet to sync,
 * protocol support counts and the protocol vote. Timers and responses live in the operation files.
 *
 *   Empty ──join──► PreparingRebalance ──all joined / timeout──► CompletingRebalance
 *     ▲                 ▲        │                                   │ leader's SyncGroup
 *     └──last member────┘        └──────── member change ◄── Stable ◄┘
 *   any state ──delete / unload──► Dead
 */
import { ErrorCodes } from '@spool/protocol'
import { internalError } from '../errors.ts'
import { subscribedTopics } from './consumer-protocol.ts'
import { ClassicGroupMember } from './member.ts'
import type { GroupProtocol, GroupState, JoinGroupMember, JoinGroupResult, SyncGroupResult } from './types.ts'

const VALID_PREVIOUS: Readonly<Record<GroupState, readonly GroupState[]>> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
}

export const CONSUMER_PROTOCOL_TYPE = 'consumer'

export class ClassicGroup {
  readonly groupId: string
  state: GroupState
  previousState: GroupState = 'Dead'
  stateTimestamp: number
  protocolType: string | null = null
  protocolName: string | null = null
  generationId = 0
  leaderId: string | null = null
  /** Set during an initial rebalance when a member joins, to extend the initial delay. */
  newMemberAdded = false
  /** Topics the members subscribe to (consumer protocol only); undefined = unknown. */
  subscribedTopics: Set<string> | undefined
  readonly members = new Map<string, ClassicGroupMember>()
  readonly #staticMembers = new Map<string, string>()
  readonly #pendingJoin = new Set<string>()
  readonly #pendingSync = new Set<string>()
  readonly #protocolSupport = new Map<string, number>()
  #awaitingJoin = 0

  constructor(groupId: string, now: number, state: GroupState = 'Empty') {
    this.groupId = groupId
    this.state = state
    this.stateTimestamp = now
  }

  is(state: GroupState): boolean {
    return this.state === state
  }

  transitionTo(state: GroupState, now: number): void {
    if (!VALID_PREVIOUS[state].includes(this.state)) {
      throw internalError(`group ${this.groupId}: illegal transition ${this.state} -> ${state}`)
    }
    this.previousState = this.state
    this.state = state
    this.stateTimestamp = now
  }

  /** Rebalancing is possible from Empty, Stable and CompletingRebalance. */
  canRebalance(): boolean {
    return VALID_PREVIOUS.PreparingRebalance.includes(this.state)
  }

  // ── Members ───────────────────────────────────────────────────────────────────────────────

  get size(): number {
    return this.members.size
  }

  member(memberId: string): ClassicGroupMember | undefined {
    return this.members.get(memberId)
  }

  hasMember(memberId: string): boolean {
    return this.members.has(memberId)
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId
  }

  add(member: ClassicGroupMember, onJoin?: (result: JoinGroupResult) => void): void {
    if (member.groupInstanceId !== null) {
      if (this.#staticMembers.has(member.groupInstanceId)) {
        throw internalError(`group ${this.groupId}: static member ${member.groupInstanceId} already present`)
      }
      this.#staticMembers.set(member.groupInstanceId, member.memberId)
    }
    if (this.members.size === 0) this.protocolType = member.protocolType
    if (this.leaderId === null) this.leaderId = member.memberId
    this.members.set(member.memberId, member)
    this.#countProtocols(member.protocols, 1)
    member.awaitingJoin = onJoin
    if (member.isAwaitingJoin) this.#awaitingJoin++
    this.#pendingJoin.delete(member.memberId)
  }

  remove(memberId: string): void {
    const removed = this.members.get(memberId)
    if (removed !== undefined) {
      this.members.delete(memberId)
      this.#countProtocols(removed.protocols, -1)
      if (removed.isAwaitingJoin) this.#awaitingJoin--
      if (removed.groupInstanceId !== null) this.#staticMembers.delete(removed.groupInstanceId)
    }
    if (this.isLeader(memberId)) {
      const next = this.members.keys().next()
      this.leaderId = next.done ? null : next.value
    }
    this.#pendingJoin.delete(memberId)
    this.#pendingSync.delete(memberId)
  }

  /** Replaces a member's protocols and timeouts, and parks (or un-parks) its JoinGroup. */
  updateMember(
    member: ClassicGroupMember,
    protocols: readonly GroupProtocol[],
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    onJoin: ((result: JoinGroupResult) => void) | undefined,
  ): void {
    this.#countProtocols(member.protocols, -1)
    member.protocols = protocols
    this.#countProtocols(protocols, 1)
    member.rebalanceTimeoutMs = rebalanceTimeoutMs
    member.sessionTimeoutMs = sessionTimeoutMs
    if (onJoin !== undefined && !member.isAwaitingJoin) this.#awaitingJoin++
    else if (onJoin === undefined && member.isAwaitingJoin) this.#awaitingJoin--
    member.awaitingJoin = onJoin
  }

  /**
   * Static member rejoining without its member id: the member keeps everything but its id. A
   * request still parked under the old id is answered FENCED_INSTANCE_ID.
   */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): ClassicGroupMember {
    const old = this.members.get(oldMemberId)
    if (old === undefined) throw internalError(`group ${this.groupId}: no member ${oldMemberId} to replace`)
    this.members.delete(oldMemberId)
    this.completeJoin(old, {
      errorCode: ErrorCodes.FENCED_INSTANCE_ID,
      generationId: -1,
      protocolType: null,
      protocolName: null,
      leader: '',
      skipAssignment: false,
      memberId: oldMemberId,
      members: [],
    })
    this.completeSync(old, {
      errorCode: ErrorCodes.FENCED_INSTANCE_ID,
      protocolType: null,
      protocolName: null,
      assignment: Buffer.alloc(0),
    })
    const replacement = new ClassicGroupMember({
      memberId: newMemberId,
      groupInstanceId: old.groupInstanceId,
      clientId: old.clientId,
      clientHost: old.clientHost,
      rebalanceTimeoutMs: old.rebalanceTimeoutMs,
      sessionTimeoutMs: old.sessionTimeoutMs,
      protocolType: old.protocolType,
      protocols: old.protocols,
      assignment: old.assignment,
    })
    this.members.set(newMemberId, replacement)
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId
    this.#staticMembers.set(groupInstanceId, newMemberId)
    return replacement
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.#staticMembers.get(groupInstanceId)
  }

  get staticMemberCount(): number {
    return this.#staticMembers.size
  }

  /**
   * Kafka's validateMember: a group instance id must map to this member id (else FENCED_INSTANCE_ID,
   * or UNKNOWN_MEMBER_ID when the instance is unknown), and the member must exist.
   */
  validateMember(memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const existing = this.#staticMembers.get(groupInstanceId)
      if (existing === undefined) return ErrorCodes.UNKNOWN_MEMBER_ID
      if (existing !== memberId) return ErrorCodes.FENCED_INSTANCE_ID
    }
    return this.members.has(memberId) ? ErrorCodes.NONE : ErrorCodes.UNKNOWN_MEMBER_ID
  }

  // ── Pending members (got MEMBER_ID_REQUIRED, not yet rejoined) and pending syncs ─────────────

  isPendingMember(memberId: string): boolean {
    return this.#pendingJoin.has(memberId)
  }

  addPendingMember(memberId: string): void {
    this.#pendingJoin.add(memberId)
  }

  get pendingMemberCount(): number {
    return this.#pendingJoin.size
  }

  addPendingSync(memberId: string): void {
    this.#pendingSync.add(memberId)
  }

  removePendingSync(memberId: string): void {
    this.#pendingSync.delete(memberId)
  }

  hasReceivedSyncFromAll(): boolean {
    return this.#pendingSync.size === 0
  }

  pendingSyncMembers(): string[] {
    return [...this.#pendingSync]
  }

  clearPendingSync(): void {
    this.#pendingSync.clear()
  }

  // ── Join phase ────────────────────────────────────────────────────────────────────────────

  get awaitingJoinCount(): number {
    return this.#awaitingJoin
  }

  /** Every known member has a parked JoinGroup and no one is still to come back with its new id. */
  hasAllMembersJoined(): boolean {
    return this.members.size === this.#awaitingJoin && this.#pendingJoin.size === 0
  }

  notYetRejoined(): ClassicGroupMember[] {
    return [...this.members.values()].filter((m) => !m.isAwaitingJoin)
  }

  /** Keeps the leader if it rejoined, else promotes a member that did; false if none did. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false
    const leader = this.members.get(this.leaderId)
    if (leader?.isAwaitingJoin) return true
    for (const m of this.members.values()) {
      if (m.isAwaitingJoin) {
        this.leaderId = m.memberId
        return true
      }
    }
    return false
  }

  /** The largest rebalance timeout of the members. */
  rebalanceTimeoutMs(): number {
    let max = 0
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs)
    return max
  }

  completeJoin(member: ClassicGroupMember, result: JoinGroupResult): boolean {
    const callback = member.awaitingJoin
    if (callback === undefined) return false
    member.awaitingJoin = undefined
    this.#awaitingJoin--
    callback(result)
    return true
  }

  completeSync(member: ClassicGroupMember, result: SyncGroupResult): boolean {
    const callback = member.awaitingSync
    if (callback === undefined) return false
    member.awaitingSync = undefined
    callback(result)
    return true
  }

  /** Bumps the generation: CompletingRebalance with a chosen protocol, or Empty. */
  initNextGeneration(now: number): void {
    this.generationId++
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol()
      this.transitionTo('CompletingRebalance', now)
    } else {
      this.protocolName = null
      this.transitionTo('Empty', now)
    }
    this.subscribedTopics = this.computeSubscribedTopics()
    this.#pendingSync.clear()
  }

  /** The members as the leader's JoinGroup response lists them. */
  joinMembers(): JoinGroupMember[] {
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadata(this.protocolName),
    }))
  }

  // ── Protocols ─────────────────────────────────────────────────────────────────────────────

  /**
   * Kafka's vote: each member votes for its most preferred protocol that every member supports;
   * the most votes wins. Ties go to the protocol the leader prefers (Kafka leaves them to hash order).
   */
  selectProtocol(): string {
    const candidates = new Set<string>()
    for (const [name, count] of this.#protocolSupport) if (count === this.members.size) candidates.add(name)
    const votes = new Map<string, number>()
    for (const m of this.members.values()) {
      const choice = m.vote(candidates)
      votes.set(choice, (votes.get(choice) ?? 0) + 1)
    }
    const best = Math.max(...votes.values())
    const tied = new Set([...votes].filter(([, n]) => n === best).map(([name]) => name))
    const leader = this.leaderId === null ? undefined : this.members.get(this.leaderId)
    const preferred = leader?.protocols.find((p) => tied.has(p.name))?.name
    return preferred ?? [...tied][0]!
  }

  /** In Empty any non-empty offer goes; otherwise the type must match and one protocol be supported by all. */
  supportsProtocols(protocolType: string, protocols: readonly GroupProtocol[]): boolean {
    if (this.is('Empty')) return protocolType !== '' && protocols.length > 0
    return (
      this.protocolType === protocolType &&
      protocols.some((p) => (this.#protocolSupport.get(p.name) ?? 0) === this.members.size)
    )
  }

  #countProtocols(protocols: readonly GroupProtocol[], delta: number): void {
    for (const name of new Set(protocols.map((p) => p.name))) {
      this.#protocolSupport.set(name, (this.#protocolSupport.get(name) ?? 0) + delta)
    }
  }

  // ── Consumer-protocol awareness ─────────────────────────────────────────────────────────────

  usesConsumerProtocol(): boolean {
    return this.protocolType === CONSUMER_PROTOCOL_TYPE
  }

  computeSubscribedTopics(): Set<string> | undefined {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return undefined
    if (this.members.size === 0) return new Set()
    if (this.protocolName === null) return undefined
    const all = new Set<string>()
    for (const m of this.members.values()) {
      const topics = subscribedTopics(m.metadata(this.protocolName))
      if (topics === undefined) return undefined
      for (const t of topics) all.add(t)
    }
    return all
  }

  /** Unknown subscriptions count as subscribed for consumer groups, as in Kafka. */
  isSubscribedToTopic(topic: string): boolean {
    if (this.subscribedTopics !== undefined) return this.subscribedTopics.has(topic)
    return this.usesConsumerProtocol()
  }
}
