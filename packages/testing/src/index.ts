/**
 * @spool/testing — brokers for Spool's tests.
 *
 * - {@link startBroker}: the embedded broker for a service's tests (free port, temporary data folder
 *   removed on stop, fault injection with {@link ApiKeys} and {@link ErrorCodes}).
 * - {@link startKafka}: real Apache Kafka (pinned in this package's Maven poms) in KRaft mode, one
 *   node or three, on 127.0.0.1, with per-node `stop`/`kill`/`start` for failover tests.
 * - {@link describeOnBrokers} / {@link brokerTargets}: run an integration suite once per broker
 *   (real Kafka, an external cluster, later the embedded broker), skipping visibly what cannot run.
 * - {@link runKafkaTool}: Kafka's own CLI and perf tools as test peers and benchmark baselines.
 * - {@link uniqueName}: collision-free topic and group names.
 * - {@link waitFor}: polling with a deadline; {@link compiledProject}: a cached tsc build of an example.
 *
 * @packageDocumentation
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export { ApiKeys, ErrorCodes } from '@spool/protocol'
export { startBroker, type TestBroker, type TestBrokerOptions } from './broker.ts'
export { type CompiledProject, compiledProject } from './build.ts'
export { readTestEnv, type TestEnv } from './env.ts'
export { SpoolTestingError, type TestingErrorCode, testingErrorCodes } from './errors.ts'
export {
  defaultStartKafkaOptions,
  type KafkaCluster,
  type KafkaStartTimings,
  kafkaStartScriptJvm,
  newClusterId,
  type StartKafkaOptions,
  startKafka,
  startKafkaOptionsSchema,
} from './kafka/cluster.ts'
export type { KafkaSaslUser, NodeAddress } from './kafka/config.ts'
export {
  type FetchKafkaOptions,
  fetchKafka,
  fetchKafkaOptionsSchema,
  isKafkaFetched,
  type KafkaInstall,
  kafkaUnavailableReason,
} from './kafka/fetch.ts'
export { brokerMainClass, KafkaNode, type KafkaNodeInit, storageToolMainClass } from './kafka/node.ts'
export { kafkaToolsVersion, kafkaVersion } from './kafka/paths.ts'
export { freePorts } from './kafka/ports.ts'
export { type ProbeResult, probeBroker } from './kafka/probe.ts'
export {
  defaultRunKafkaToolOptions,
  type KafkaToolResult,
  kafkaToolClasses,
  kafkaToolCommand,
  type RunKafkaToolOptions,
  runKafkaTool,
} from './kafka/tools.ts'
export {
  bootstrapList,
  brokerTargets,
  type DescribeOnBrokersOptions,
  describeOnBrokers,
  describeOnBrokersOptionsSchema,
  realKafkaSkipReason,
  type StartedBroker,
  type Target,
  type TargetName,
  targetNames,
  uniqueName,
} from './targets.ts'
export { waitFor } from './wait.ts'
