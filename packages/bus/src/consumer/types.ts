/** Types shared by the consumer side of the bus. */
import type { EventEnvelope } from '@spool/catalog'
import type { PgPoolClientLike } from '../idempotency/clients.ts'

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
  /**
   * With a transactional store (`postgresStore({ …, transactional: true })`): a connection in an
   * open transaction, which also marks the event handled. Writes made through it commit together
   * with that mark, or not at all. Undefined with any other store.
   */
  transaction?: PgPoolClientLike
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

/** A handler of raw records (topics outside the catalog); a throw is retried, then dead-lettered. */
export type RawHandler = (message: RawMessage, context: EventContext) => unknown

export { type ConsumerOptions, defaultConsumerOptions } from './options.ts'

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
  /** Why the group has not joined yet while it keeps trying in the background (Kafka unreachable). */
  waiting?: string | undefined
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
