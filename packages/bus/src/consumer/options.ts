/**
 * A consumer group's options, declared once as a schema: each with its default (or the bus's
 * option it falls back to), validated once when the group is created, unknown keys named.
 */
import { z } from 'zod'
import { idempotencyStoreSchema, retryOptionsShape } from '../config/options.ts'

const positiveInt = () => z.int().min(1)

/**
 * What a consumer group may set, without defaults (a framework's group defaults reuse it).
 *
 * @example
 * const groupDefaults = z.strictObject(consumerSettingsShape).partial()
 */
export const consumerSettingsShape = {
  /** Where a group with no committed offset starts: the earliest record (default) or new ones only. */
  from: z.enum(['earliest', 'latest']),
  /** Default: the bus's `sessionTimeout`, ms. */
  sessionTimeout: positiveInt(),
  /** Default: the bus's `heartbeatInterval`, ms. */
  heartbeatInterval: positiveInt(),
  /** Default: the bus's `rebalanceTimeout`, ms. */
  rebalanceTimeout: positiveInt(),
  /** Default: the bus's `maxBuffered`, records. */
  maxBuffered: positiveInt(),
  /** Overrides of the bus's `retry`, field by field. */
  retry: z.strictObject(retryOptionsShape).partial(),
  /** Store used to skip events already handled by this group; false turns dedupe off. */
  idempotency: z.union([z.literal(false), idempotencyStoreSchema]),
  /** Default: the bus's `idempotencyLease`, ms. */
  idempotencyLease: positiveInt(),
  /** Default: the bus's `idempotencyBusyWait`, ms. */
  idempotencyBusyWait: positiveInt(),
  /** What to do with an event of a type this group has no handler for. */
  unknownEvents: z.enum(['skip', 'dead-letter']),
  /** Lag sampling interval, ms (0 = off). */
  lagInterval: z.int().min(0),
}

/**
 * `bus.consumer(…)`'s options.
 *
 * @example
 * parseOptions('bus.consumer', consumerOptionsSchema, { group: 'billing' }).from // 'earliest'
 */
export const consumerOptionsSchema = z.strictObject({
  /** Consumer group id. */
  group: z.string().min(1),
  ...consumerSettingsShape,
  from: consumerSettingsShape.from.default('earliest'),
  sessionTimeout: consumerSettingsShape.sessionTimeout.optional(),
  heartbeatInterval: consumerSettingsShape.heartbeatInterval.optional(),
  rebalanceTimeout: consumerSettingsShape.rebalanceTimeout.optional(),
  maxBuffered: consumerSettingsShape.maxBuffered.optional(),
  retry: consumerSettingsShape.retry.optional(),
  idempotency: consumerSettingsShape.idempotency.optional(),
  idempotencyLease: consumerSettingsShape.idempotencyLease.optional(),
  idempotencyBusyWait: consumerSettingsShape.idempotencyBusyWait.optional(),
  unknownEvents: consumerSettingsShape.unknownEvents.default('skip'),
  lagInterval: consumerSettingsShape.lagInterval.default(5_000), // 5 s
})

/** A consumer group's resolved options. */
export type ConsumerOptions = z.output<typeof consumerOptionsSchema>
/** What `bus.consumer(…)` accepts: a group and any of its options. */
export type ConsumerInput = z.input<typeof consumerOptionsSchema>

/**
 * Options of `bus.on(…)` and `bus.subscribe(…)`.
 *
 * @example
 * bus.on(OrderPlaced, handle, { group: 'billing' })
 */
export const handlerOptionsSchema = z.strictObject({
  /** Consumer group of the handler (default: the bus's client id). */
  group: z.string().min(1).optional(),
})

export type HandlerOptions = z.input<typeof handlerOptionsSchema>

const { group: _group, ...defaults } = consumerOptionsSchema.parse({ group: 'defaults' })

/** The defaults of a consumer group's own options (the others fall back to the bus's). */
export const defaultConsumerOptions: Readonly<
  Pick<ConsumerOptions, 'from' | 'unknownEvents' | 'lagInterval'>
> = Object.freeze(defaults)
