/** Types shared by the consumer side of the bus. */
import type { EventEnvelope } from '@spool/catalog'
import type { RetryOptions } from '../config/options.ts'
import type { IdempotencyStore } from '../idempotency/store.ts'

/** Where an event was read from and how often it has been tried. */
export interface EventContext {
  topic: string
  partition: number
  offset: bigint
  key: string | undefined
  headers: Record<string, string>
  timestamp: Date
  /** 1 on the first try. */
  attempt: number
  group: string
  /** Aborted when the consumer stops and its deadline passes. */
  signal: AbortSignal
}

/**
 * A handler of one catalog event type. `TType` is the event's type string: `consumer.on(Def, …)`
 * passes the literal, so a handler annotated `(event: EnvelopeOf<typeof Def>)` fits.
 */
export type EventHandler<T = unknown, TType extends string = string> = (
  event: EventEnvelope<T, TType>,
  context: EventContext,
) => unknown

/** A record of a topic consumed without the catalog (seed-style raw consumers). */
export interface RawMessage {
  topic: string
  partition: number
  offset: bigint
  key: Buffer | undefined
  value: Buffer | null
  headers: Record<string, string>
  timestamp: Date
  /** The value parsed as JSON (throws a non-retryable error when it is not JSON). */
  json<T = unknown>(): T
}

export type RawHandler = (message: RawMessage, context: EventContext) => unknown

export interface ConsumerOptions {
  /** Consumer group id. */
  group: string
  /** Where a group with no committed offset starts: the earliest record (default) or new ones only. */
  from: 'earliest' | 'latest'
  sessionTimeout?: number
  heartbeatInterval?: number
  rebalanceTimeout?: number
  maxBuffered?: number
  retry?: Partial<RetryOptions>
  /** Store used to skip events already handled by this group; false turns dedupe off. */
  idempotency?: IdempotencyStore | false
  /** What to do with an event of a type this group has no handler for. */
  unknownEvents: 'skip' | 'dead-letter'
  /** Lag sampling interval, ms (0 = off). */
  lagInterval: number
}

export const defaultConsumerOptions = Object.freeze({
  from: 'earliest',
  unknownEvents: 'skip',
  lagInterval: 5_000, // 5 s
}) as Readonly<Pick<ConsumerOptions, 'from' | 'unknownEvents' | 'lagInterval'>>

export type ConsumerState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'failed'

export interface PartitionStatus {
  topic: string
  partition: number
  /** Next offset this consumer will handle. */
  position: string | undefined
  lag: string | undefined
  queued: number
}

export interface ConsumerStatus {
  group: string
  state: ConsumerState
  memberId: string | null
  generation: number
  topics: string[]
  assignments: PartitionStatus[]
  lag: number
  handled: number
  failed: number
  deadLettered: number
  /**
   * The latest error (a handler attempt that threw, a failed hand-off, a consumer stream failure).
   * `recovered` once an event was handled successfully after it (a dead-lettered one does not count).
   */
  lastError: { message: string; at: string; recovered: boolean } | undefined
}
