/**
 * Low-level hooks of the bus on `node:diagnostics_channel`, beside the broker's `spool:broker`:
 * one message per publish, per handler attempt, per retry, per dead letter and per redrive. A
 * message is built only while someone subscribes (`busChannel.hasSubscribers`), so the channel
 * costs nothing when nobody listens. Like `spool:broker`'s, messages are told apart by `type`;
 * the event's own type is `eventType`.
 */
import diagnostics from 'node:diagnostics_channel'

/**
 * Name of the bus's diagnostics channel; its messages are `BusDiagnostic`s.
 *
 * @example
 * import { subscribe } from 'node:diagnostics_channel'
 * import { busChannelName, type BusDiagnostic } from '@spool/bus'
 * subscribe(busChannelName, (message) => {
 *   const m = message as BusDiagnostic
 *   if (m.type === 'dead-letter') console.warn(`${m.id} → ${m.dlqTopic}: ${m.reason}`)
 * })
 */
export const busChannelName = 'spool:bus'

/** The channel the bus publishes to (internal: subscribers use `busChannelName`). */
export const busChannel: diagnostics.Channel = diagnostics.channel(busChannelName)

/**
 * One publish of a catalog event (`bus.publish`, each event of `bus.publishBatch`) or of a raw
 * record (`bus.sendMessage(s)`), once it settled. Hand-offs to retry topics, dead letters and
 * redrives are reported as `retry`, `dead-letter` and `redrive`, not here.
 */
export interface BusPublishDiagnostic {
  type: 'publish'
  /** The event's id (CloudEvents `id`); undefined for a raw record without a `ce_id` header. */
  id: string | undefined
  /** The event's type; undefined for a raw record. */
  eventType: string | undefined
  topic: string
  key: string | undefined
  /** Where the record went; undefined while it waits in the offline spool, or when it failed. */
  partition: number | undefined
  offset: bigint | undefined
  /** From the call to its settling, ms (a batch: the whole batch). */
  durationMs: number
  /** `spooled`: Kafka was unreachable and the record waits in the offline spool. */
  outcome: 'sent' | 'spooled' | 'failed'
  error?: unknown
}

/** The record a consume, retry or dead-letter message is about, and the group that read it. */
export interface BusRecordDiagnostic {
  /** The event's id (undefined for a record that is not an event). */
  id: string | undefined
  /** The event's type (a raw handler's record, or one that is not an event of the catalog: its topic). */
  eventType: string | undefined
  /** The topic the record was read from (a retry topic for a retried event). */
  topic: string
  partition: number
  offset: bigint
  /** The consumer group, as named in `bus.consumer({ group })`. */
  group: string
}

/** One record a consumer group read: one message per handler attempt, or one when it was skipped. */
export interface BusConsumeDiagnostic extends BusRecordDiagnostic {
  type: 'consume'
  /** The handler attempt (1 on the first try, counted across retry topics); 0 when no handler ran. */
  attempt: number
  /** The handler's time, ms (0 when no handler ran). */
  durationMs: number
  /**
   * `handled`: the handler succeeded; `failed`: this attempt threw (a `retry` or `dead-letter`
   * message follows); `duplicate`: the idempotency store had seen the id; `skipped`: no handler
   * for its type (`unknownEvents: 'skip'`).
   */
  outcome: 'handled' | 'failed' | 'duplicate' | 'skipped'
  error?: unknown
}

/** A failed event that will be tried again: in process after a backoff, or through a retry topic. */
export interface BusRetryDiagnostic extends BusRecordDiagnostic {
  type: 'retry'
  /** The attempt that failed. */
  attempt: number
  /** Time until the next attempt, ms. */
  delayMs: number
  /** `in-process`: the same consumer tries again; `retry-topic`: handed to `retryTopic`. */
  via: 'in-process' | 'retry-topic'
  retryTopic: string | undefined
  error: unknown
}

/** An event written to a dead-letter topic (after it is durably there). */
export interface BusDeadLetterDiagnostic extends BusRecordDiagnostic {
  type: 'dead-letter'
  /** Handler attempts made, across retry topics (0 for an invalid event). */
  attempts: number
  reason: 'handler-failed' | 'non-retryable' | 'invalid-event'
  dlqTopic: string
  error: unknown
}

/** One `deadLetters.redrive()` that sent dead letters back to their topics. */
export interface BusRedriveDiagnostic {
  type: 'redrive'
  dlqTopic: string
  /** The dead letters sent back: where they were in the dead-letter topic, and where they went. */
  entries: Array<{ partition: number; offset: string; originalTopic: string }>
  durationMs: number
}

/** Every message of the `spool:bus` channel. */
export type BusDiagnostic =
  | BusPublishDiagnostic
  | BusConsumeDiagnostic
  | BusRetryDiagnostic
  | BusDeadLetterDiagnostic
  | BusRedriveDiagnostic

/**
 * Reports a settled publish (call only when `started` was taken, i.e. someone listened when the
 * publish began): `receipt` when it was sent or spooled, `error` when it failed.
 */
export function reportPublish(
  started: number,
  event: { id: string | undefined; eventType: string | undefined; topic: string; key: Buffer | undefined },
  receipt: { partition: number | undefined; offset: bigint | undefined; spooled: boolean } | undefined,
  error?: unknown,
): void {
  if (!busChannel.hasSubscribers) return
  const message: BusPublishDiagnostic = {
    type: 'publish',
    id: event.id,
    eventType: event.eventType,
    topic: event.topic,
    key: event.key?.toString('utf8'),
    partition: receipt?.partition,
    offset: receipt?.offset,
    durationMs: performance.now() - started,
    outcome: receipt === undefined ? 'failed' : receipt.spooled ? 'spooled' : 'sent',
  }
  if (receipt === undefined) message.error = error
  busChannel.publish(message)
}
