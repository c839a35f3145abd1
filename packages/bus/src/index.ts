/**
 * @spool/bus — typed publishing and reliable consumers over Kafka.
 *
 * @packageDocumentation
 *
 * @example
 * import { createBus, busOptionsFromEnv, shutdownOnSignals } from '@spool/bus'
 * const bus = createBus({ ...busOptionsFromEnv(), catalog: [MissionCompleted] })
 * bus.on(MissionCompleted, async (event) => console.log(event.data), { group: 'xp' })
 * await bus.start()
 * shutdownOnSignals(bus)
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export { adminSettingsSchema } from './admin/admin.ts'
export * from './admin/index.ts'
export {
  Bus,
  type BusInput,
  createBus,
  type PublishedEvent,
  type PublishOptions,
  type RawRecord,
} from './bus.ts'
export { busEnvironment, busLogLevel, busOptionsFromEnv } from './config/env.ts'
export {
  type BusOptions,
  type BusOptionsInput,
  busInputSchema,
  busOptionsSchema,
  type Compression,
  compressions,
  defaultBusOptions,
  type RetryOptions,
  resolveBusOptions,
  retryOptionsSchema,
  type SaslMechanism,
  type SaslOptions,
  saslMechanisms,
  saslOptionsSchema,
  type TlsOptions,
  tlsOptionsSchema,
} from './config/options.ts'
export { BusConsumer } from './consumer/consumer.ts'
export {
  type ConsumerInput,
  type ConsumerOptions,
  consumerOptionsSchema,
  consumerSettingsShape,
  defaultConsumerOptions,
  type HandlerOptions,
  handlerOptionsSchema,
} from './consumer/options.ts'
export type {
  ConsumerState,
  ConsumerStatus,
  EventContext,
  EventHandler,
  PartitionStatus,
  RawHandler,
  RawMessage,
} from './consumer/types.ts'
export {
  ConfigError,
  HandlerRegistrationError,
  isRetryable,
  KafkaRequestError,
  NonRetryableError,
  NotConnectedError,
  PublishError,
  SpoolBusError,
  type SpoolBusErrorOptions,
  StateError,
  TimeoutError,
} from './errors.ts'
export { backoffDelay } from './failure/backoff.ts'
export {
  type DeadLetter,
  DeadLetters,
  type ListDeadLettersOptions,
  type RedriveOptions,
  type RedriveResult,
} from './failure/dead-letters.ts'
export { type DeadLetterReason, deadLetterTopic, failureHeaders, retryTopic } from './failure/headers.ts'
export type { IdempotencyStoreErrorCode } from './idempotency/errors.ts'
export * from './idempotency/index.ts'
export { memoryStoreOptionsSchema } from './idempotency/memory.ts'
export { postgresStoreOptionsSchema } from './idempotency/postgres.ts'
export { redisStoreOptionsSchema } from './idempotency/redis.ts'
export { sqliteStoreOptionsSchema } from './idempotency/sqlite.ts'
export {
  type BusConsumeDiagnostic,
  type BusDeadLetterDiagnostic,
  type BusDiagnostic,
  type BusPublishDiagnostic,
  type BusRecordDiagnostic,
  type BusRedriveDiagnostic,
  type BusRetryDiagnostic,
  busChannelName,
} from './observe/diagnostics.ts'
export type { BusHealth } from './observe/health.ts'
export type { BusMetrics } from './observe/metrics.ts'
export { OfflineSpool, type SpooledRecord, type SpoolInput } from './offline/spool.ts'
export type { PublishReceipt } from './producer/publisher.ts'
export { type ShutdownOptions, shutdownOnSignals } from './shutdown.ts'
