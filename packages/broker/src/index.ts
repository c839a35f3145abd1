/**
 * @spool/broker — an embedded, single-node broker speaking the Kafka wire protocol, for development,
 * tests and single-node use. Any Kafka client (KafkaJS, @platformatic/kafka, librdkafka/kcat, the
 * Java clients) connects to it.
 *
 * @packageDocumentation
 *
 * @example
 * import { startBroker } from '@spool/broker'
 * const broker = await startBroker({ port: 0, dataDir: '.spool' })
 * console.log(broker.bootstrap)   // '127.0.0.1:40123'
 * await broker.stop()
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export { Broker, newClusterId, type StartedBroker, startBroker } from './broker.ts'
export { brokerLogLevel } from './env.ts'
export {
  type BrokerErrorCode,
  BrokerErrorCodes,
  SpoolBrokerError,
  type SpoolBrokerErrorOptions,
} from './errors.ts'
export type { AppendResult, LogConfig, LogStore, PartitionLog, ReadResult } from './log/types.ts'
export {
  type BrokerInput,
  type BrokerOptions,
  brokerOptionsSchema,
  defaultBrokerOptions,
  resolveBrokerOptions,
  type SaslMechanism,
  type SaslOptions,
  type SaslUser,
  saslMechanisms,
  saslOptionsSchema,
  saslUserSchema,
  type TlsOptions,
  tlsOptionsSchema,
} from './options.ts'
export { type FailOptions, type FaultDecision, Faults } from './server/faults.ts'
export {
  type AlterConfig,
  type CreateTopicSpec,
  invalidTopicName,
  type Topic,
  TopicError,
  type TopicManager,
} from './topics/manager.ts'
export type { Partition } from './topics/partition.ts'
export type { TopicRecord } from './topics/store.ts'
