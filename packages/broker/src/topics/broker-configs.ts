/**
 * The broker-level configs DescribeConfigs reports for this node (resource type BROKER), with
 * Kafka's names. They are static: set through the broker options at start, never altered by
 * IncrementalAlterConfigs. A value that differs from Kafka's default is reported as
 * STATIC_BROKER_CONFIG, like a server.properties line.
 */
import type { BrokerOptions } from '../options.ts'
import { ConfigSource, ConfigType } from './configs.ts'

export interface BrokerConfig {
  readonly name: string
  readonly value: string
  readonly type: (typeof ConfigType)[keyof typeof ConfigType]
  readonly source: (typeof ConfigSource)[keyof typeof ConfigSource]
  readonly doc: string
}

export function brokerConfigs(
  options: Readonly<BrokerOptions>,
  advertised: { host: string; port: number },
): BrokerConfig[] {
  const list: Array<
    [
      string,
      string | number | boolean,
      (typeof ConfigType)[keyof typeof ConfigType],
      string | undefined,
      string,
    ]
  > = [
    ['node.id', options.nodeId, ConfigType.INT, undefined, "This node's id; it is also the controller id."],
    ['broker.id', options.nodeId, ConfigType.INT, undefined, 'Same as node.id.'],
    ['process.roles', 'broker,controller', ConfigType.LIST, undefined, 'Roles of this node.'],
    [
      'listeners',
      `PLAINTEXT://${options.host}:${advertised.port}`,
      ConfigType.STRING,
      undefined,
      'Listener address.',
    ],
    [
      'advertised.listeners',
      `PLAINTEXT://${advertised.host}:${advertised.port}`,
      ConfigType.STRING,
      undefined,
      'Address given to clients.',
    ],
    [
      'log.dirs',
      options.dataDir ?? '(memory)',
      ConfigType.STRING,
      undefined,
      'Where partition data is stored.',
    ],
    ['num.partitions', options.defaultPartitions, ConfigType.INT, '1', 'Partitions of auto-created topics.'],
    [
      'auto.create.topics.enable',
      options.autoCreateTopics,
      ConfigType.BOOLEAN,
      'true',
      'Create topics on first use.',
    ],
    ['default.replication.factor', 1, ConfigType.INT, '1', 'Replication factor of auto-created topics.'],
    ['min.insync.replicas', 1, ConfigType.INT, '1', 'Replicas that must acknowledge acks=all writes.'],
    [
      'offsets.topic.replication.factor',
      1,
      ConfigType.SHORT,
      '3',
      'Replication of committed offsets (one node).',
    ],
    [
      'transaction.state.log.replication.factor',
      1,
      ConfigType.SHORT,
      '3',
      'Replication of transaction state (one node).',
    ],
    [
      'message.max.bytes',
      options.maxMessageBytes,
      ConfigType.INT,
      '1048588',
      'Largest record batch accepted.',
    ],
    [
      'socket.request.max.bytes',
      options.maxRequestBytes,
      ConfigType.INT,
      '104857600',
      'Largest request accepted.',
    ],
    ['log.retention.ms', options.retentionMs, ConfigType.LONG, '604800000', 'Default topic retention time.'],
    ['log.retention.bytes', options.retentionBytes, ConfigType.LONG, '-1', 'Default partition size limit.'],
    ['log.segment.bytes', options.segmentBytes, ConfigType.INT, '1073741824', 'Default segment size.'],
    [
      'log.retention.check.interval.ms',
      options.retentionCheckIntervalMs,
      ConfigType.LONG,
      '300000',
      'How often retention runs.',
    ],
    ['log.cleanup.policy', 'delete', ConfigType.LIST, 'delete', 'Default cleanup policy.'],
    ['log.message.timestamp.type', 'CreateTime', ConfigType.STRING, 'CreateTime', 'Default timestamp type.'],
    ['compression.type', 'producer', ConfigType.STRING, 'producer', 'Default final compression.'],
    [
      'group.initial.rebalance.delay.ms',
      options.groupInitialRebalanceDelay,
      ConfigType.INT,
      '3000',
      'Delay of the first rebalance of a new group.',
    ],
    [
      'group.min.session.timeout.ms',
      options.groupMinSessionTimeout,
      ConfigType.INT,
      '6000',
      'Smallest session timeout allowed.',
    ],
    [
      'group.max.session.timeout.ms',
      options.groupMaxSessionTimeout,
      ConfigType.INT,
      '1800000',
      'Largest session timeout allowed.',
    ],
    [
      'connections.max.idle.ms',
      options.connectionsMaxIdleMs,
      ConfigType.LONG,
      '600000',
      'Idle connections are closed after this.',
    ],
    ['delete.topic.enable', true, ConfigType.BOOLEAN, 'true', 'Topics can be deleted.'],
  ]
  return list.map(([name, v, type, kafkaDefault, doc]) => {
    const value = String(v)
    return {
      name,
      value,
      type,
      source: kafkaDefault === value ? ConfigSource.DEFAULT_CONFIG : ConfigSource.STATIC_BROKER_CONFIG,
      doc,
    }
  })
}
