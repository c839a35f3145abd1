/**
 * Seed 004's `BaseEvent` and how it maps onto a CloudEvent:
 *
 * | BaseEvent   | CloudEvent                                                  |
 * |-------------|-------------------------------------------------------------|
 * | `id`        | `id`                                                        |
 * | `type`      | `type`                                                      |
 * | `userId`    | `subject` (and the Kafka key, so a user's events stay ordered) |
 * | `timestamp` | `time`                                                      |
 * | `metadata`  | extension attributes (`ce_<name>` headers in binary mode)   |
 * | `data`      | `data`, validated by the type's zod schema on both sides    |
 *
 * CloudEvents extension names are lowercase letters and digits and their values strings, numbers
 * or booleans, so that is what `metadata` may hold.
 */
import type { EventEnvelope } from '@spool/catalog'
import type { DataOf, EventType } from './catalog.ts'

/** Extension attributes carried as `metadata`. */
export type Metadata = Record<string, string | number | boolean>

/** Seed 004's event shape, as handlers see it. */
export interface BaseEvent<TType extends string = string, TData = unknown> {
  id: string
  type: TType
  userId: string
  timestamp: string
  metadata?: Metadata
  data: TData
}

/** A JobQuest event of type `T` (a union over every type when `T` is left out). */
export type JobQuestEvent<T extends EventType = EventType> = {
  [K in T]: BaseEvent<K, DataOf<K>>
}[T]

/** CloudEvents attributes that are not metadata. */
const coreAttributes = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
  'dataversion',
  'data',
  'partitionkey',
])

/**
 * The seed-shaped view of a consumed CloudEvent, or undefined when it names no user (no subject):
 * every JobQuest event is about a user.
 *
 * @example
 * const event = toBaseEvent(envelope)
 * event?.userId // 'u1' (the CloudEvents subject)
 */
export function toBaseEvent<T extends EventType>(
  envelope: EventEnvelope<DataOf<T>, T>,
): JobQuestEvent<T> | undefined {
  if (typeof envelope.subject !== 'string' || envelope.subject === '') return undefined
  let metadata: Metadata | undefined
  for (const [name, value] of Object.entries(envelope)) {
    if (coreAttributes.has(name)) continue
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue
    metadata ??= {}
    metadata[name] = value
  }
  const event = {
    id: envelope.id,
    type: envelope.type,
    userId: envelope.subject,
    timestamp: envelope.time,
    data: envelope.data,
    ...(metadata ? { metadata } : {}),
  }
  return event as unknown as JobQuestEvent<T>
}
