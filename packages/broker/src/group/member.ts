/**
 * One member of a classic group, and the callbacks of its parked JoinGroup / SyncGroup requests.
 */

import { internalError } from '../errors.ts'
import type { GroupProtocol, JoinGroupResult, SyncGroupResult } from './types.ts'

const EMPTY = Buffer.alloc(0)

export interface MemberInit {
  memberId: string
  groupInstanceId: string | null
  clientId: string
  clientHost: string
  rebalanceTimeoutMs: number
  sessionTimeoutMs: number
  protocolType: string
  protocols: readonly GroupProtocol[]
  assignment?: Buffer
}

export class ClassicGroupMember {
  readonly memberId: string
  readonly groupInstanceId: string | null
  readonly clientId: string
  readonly clientHost: string
  readonly protocolType: string
  rebalanceTimeoutMs: number
  sessionTimeoutMs: number
  protocols: readonly GroupProtocol[]
  assignment: Buffer
  /** Set by the first join; a new member may be expired even while its JoinGroup is parked. */
  isNew = false
  awaitingJoin: ((result: JoinGroupResult) => void) | undefined
  awaitingSync: ((result: SyncGroupResult) => void) | undefined

  constructor(init: MemberInit) {
    this.memberId = init.memberId
    this.groupInstanceId = init.groupInstanceId
    this.clientId = init.clientId
    this.clientHost = init.clientHost
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs
    this.sessionTimeoutMs = init.sessionTimeoutMs
    this.protocolType = init.protocolType
    this.protocols = init.protocols
    this.assignment = init.assignment ?? EMPTY
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== undefined
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== undefined
  }

  /** Metadata the member sent for `protocolName` (empty if it does not support it). */
  metadata(protocolName: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY
  }

  /** Members parked in a rebalance count as alive; a new member does not until its first join completes. */
  hasSatisfiedHeartbeat(): boolean {
    if (this.isNew) return false
    return this.isAwaitingJoin || this.isAwaitingSync
  }

  /** Same protocols, same order, same bytes: a rejoin that changes nothing. */
  matches(protocols: readonly GroupProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false
    return protocols.every(
      (p, i) => p.name === this.protocols[i]!.name && p.metadata.equals(this.protocols[i]!.metadata),
    )
  }

  /** The member's most preferred protocol among `candidates`. */
  vote(candidates: ReadonlySet<string>): string {
    const choice = this.protocols.find((p) => candidates.has(p.name))
    if (choice === undefined)
      throw internalError(`member ${this.memberId} supports none of the candidate protocols`)
    return choice.name
  }
}

/** Copies protocol metadata out of the request frame (decoded bodies are views over it). */
export function ownProtocols(protocols: readonly GroupProtocol[]): GroupProtocol[] {
  return protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) }))
}
