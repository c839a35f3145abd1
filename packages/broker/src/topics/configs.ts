/**
 * Topic configurations: the names Kafka knows, the default each reports, the broker setting it
 * falls back to (its "synonym"), and validation. Only some take effect here (retention, segment size,
 * max message size, timestamp type, index interval, min ISR); the others are accepted, stored and
 * described so that tools which set them (Kafka's CLI, admin clients) keep working.
 */
import type { LogConfig } from '../log/types.ts'
import type { BrokerOptions } from '../options.ts'

/** DescribeConfigs config types (v3+). */
export const ConfigType = { BOOLEAN: 1, STRING: 2, INT: 3, SHORT: 4, LONG: 5, DOUBLE: 6, LIST: 7 } as const

/** DescribeConfigs config sources. */
export const ConfigSource = {
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const

const LONG_MAX = '9223372036854775807'

export interface ConfigDef {
  readonly name: string
  readonly type: (typeof ConfigType)[keyof typeof ConfigType]
  /** Kafka's default, as DescribeConfigs reports it. */
  readonly kafkaDefault: string
  /** The broker-level setting this topic config inherits from. */
  readonly synonym: string
  /** Smallest allowed number (INT/LONG/DOUBLE). */
  readonly min?: number
  /** Allowed values (STRING), or allowed list items (LIST). */
  readonly values?: readonly string[]
  readonly doc: string
}

const def = (d: ConfigDef): ConfigDef => d

/** Topic configs by name. */
export const TOPIC_CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(
  [
    def({
      name: 'cleanup.policy',
      type: ConfigType.LIST,
      kafkaDefault: 'delete',
      synonym: 'log.cleanup.policy',
      values: ['delete', 'compact'],
      doc: 'Retention policy: delete old segments, or compact (stored; compaction is not performed).',
    }),
    def({
      name: 'compression.type',
      type: ConfigType.STRING,
      kafkaDefault: 'producer',
      synonym: 'compression.type',
      values: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'],
      doc: 'Final compression of the topic (stored; batches are kept as the producer sent them).',
    }),
    def({
      name: 'compression.gzip.level',
      type: ConfigType.INT,
      kafkaDefault: '-1',
      synonym: 'compression.gzip.level',
      min: -1,
      doc: 'gzip level when the broker compresses.',
    }),
    def({
      name: 'compression.lz4.level',
      type: ConfigType.INT,
      kafkaDefault: '9',
      synonym: 'compression.lz4.level',
      min: 1,
      doc: 'lz4 level when the broker compresses.',
    }),
    def({
      name: 'compression.zstd.level',
      type: ConfigType.INT,
      kafkaDefault: '3',
      synonym: 'compression.zstd.level',
      min: -131072,
      doc: 'zstd level when the broker compresses.',
    }),
    def({
      name: 'delete.retention.ms',
      type: ConfigType.LONG,
      kafkaDefault: '86400000',
      synonym: 'log.cleaner.delete.retention.ms',
      min: 0,
      doc: 'How long delete tombstones are kept on compacted topics.',
    }),
    def({
      name: 'file.delete.delay.ms',
      type: ConfigType.LONG,
      kafkaDefault: '60000',
      synonym: 'log.segment.delete.delay.ms',
      min: 0,
      doc: 'Delay before a deleted segment file is removed.',
    }),
    def({
      name: 'flush.messages',
      type: ConfigType.LONG,
      kafkaDefault: LONG_MAX,
      synonym: 'log.flush.interval.messages',
      min: 1,
      doc: 'Messages between forced fsyncs.',
    }),
    def({
      name: 'flush.ms',
      type: ConfigType.LONG,
      kafkaDefault: LONG_MAX,
      synonym: 'log.flush.interval.ms',
      min: 0,
      doc: 'Time between forced fsyncs.',
    }),
    def({
      name: 'index.interval.bytes',
      type: ConfigType.INT,
      kafkaDefault: '4096',
      synonym: 'log.index.interval.bytes',
      min: 0,
      doc: 'Bytes between offset index entries.',
    }),
    def({
      name: 'max.compaction.lag.ms',
      type: ConfigType.LONG,
      kafkaDefault: LONG_MAX,
      synonym: 'log.cleaner.max.compaction.lag.ms',
      min: 1,
      doc: 'Longest time a record stays uncompacted.',
    }),
    def({
      name: 'max.message.bytes',
      type: ConfigType.INT,
      kafkaDefault: '1048588',
      synonym: 'message.max.bytes',
      min: 0,
      doc: 'Largest record batch the topic accepts.',
    }),
    def({
      name: 'message.timestamp.after.max.ms',
      type: ConfigType.LONG,
      kafkaDefault: '3600000',
      synonym: 'log.message.timestamp.after.max.ms',
      min: 0,
      doc: 'How far in the future a record timestamp may be.',
    }),
    def({
      name: 'message.timestamp.before.max.ms',
      type: ConfigType.LONG,
      kafkaDefault: LONG_MAX,
      synonym: 'log.message.timestamp.before.max.ms',
      min: 0,
      doc: 'How far in the past a record timestamp may be.',
    }),
    def({
      name: 'message.timestamp.type',
      type: ConfigType.STRING,
      kafkaDefault: 'CreateTime',
      synonym: 'log.message.timestamp.type',
      values: ['CreateTime', 'LogAppendTime'],
      doc: "Whether record timestamps are the producer's or the broker's append time.",
    }),
    def({
      name: 'min.cleanable.dirty.ratio',
      type: ConfigType.DOUBLE,
      kafkaDefault: '0.5',
      synonym: 'log.cleaner.min.cleanable.ratio',
      min: 0,
      doc: 'Dirty ratio that triggers compaction.',
    }),
    def({
      name: 'min.compaction.lag.ms',
      type: ConfigType.LONG,
      kafkaDefault: '0',
      synonym: 'log.cleaner.min.compaction.lag.ms',
      min: 0,
      doc: 'Shortest time a record stays uncompacted.',
    }),
    def({
      name: 'min.insync.replicas',
      type: ConfigType.INT,
      kafkaDefault: '1',
      synonym: 'min.insync.replicas',
      min: 1,
      doc: 'Replicas that must acknowledge an acks=all write; above 1 such writes fail on one node.',
    }),
    def({
      name: 'preallocate',
      type: ConfigType.BOOLEAN,
      kafkaDefault: 'false',
      synonym: 'log.preallocate',
      doc: 'Preallocate segment files.',
    }),
    def({
      name: 'remote.storage.enable',
      type: ConfigType.BOOLEAN,
      kafkaDefault: 'false',
      synonym: 'remote.log.storage.system.enable',
      doc: 'Tiered storage (not available).',
    }),
    def({
      name: 'retention.bytes',
      type: ConfigType.LONG,
      kafkaDefault: '-1',
      synonym: 'log.retention.bytes',
      min: -1,
      doc: 'Largest size of a partition before old segments are deleted; -1 = no limit.',
    }),
    def({
      name: 'retention.ms',
      type: ConfigType.LONG,
      kafkaDefault: '604800000',
      synonym: 'log.retention.ms',
      min: -1,
      doc: 'Age after which segments are deleted; -1 = keep forever.',
    }),
    def({
      name: 'segment.bytes',
      type: ConfigType.INT,
      kafkaDefault: '1073741824',
      synonym: 'log.segment.bytes',
      min: 14,
      doc: 'Segment file size.',
    }),
    def({
      name: 'segment.index.bytes',
      type: ConfigType.INT,
      kafkaDefault: '10485760',
      synonym: 'log.index.size.max.bytes',
      min: 4,
      doc: 'Offset index size.',
    }),
    def({
      name: 'segment.jitter.ms',
      type: ConfigType.LONG,
      kafkaDefault: '0',
      synonym: 'log.roll.jitter.ms',
      min: 0,
      doc: 'Random jitter on segment rolling.',
    }),
    def({
      name: 'segment.ms',
      type: ConfigType.LONG,
      kafkaDefault: '604800000',
      synonym: 'log.roll.ms',
      min: 1,
      doc: 'Time after which a segment is rolled.',
    }),
    def({
      name: 'unclean.leader.election.enable',
      type: ConfigType.BOOLEAN,
      kafkaDefault: 'false',
      synonym: 'unclean.leader.election.enable',
      doc: 'Elect out-of-sync replicas (no effect on one node).',
    }),
  ].map((d) => [d.name, d]),
)

/** Broker options that change a topic config's default, by topic config name. */
export function brokerTopicDefaults(options: Readonly<BrokerOptions>): Map<string, string> {
  return new Map([
    ['retention.ms', String(options.retentionMs)],
    ['retention.bytes', String(options.retentionBytes)],
    ['segment.bytes', String(options.segmentBytes)],
    ['max.message.bytes', String(options.maxMessageBytes)],
  ])
}

/** Why a config value is refused, or undefined when it is valid. */
export function validateTopicConfig(name: string, value: string | null): string | undefined {
  const d = TOPIC_CONFIGS.get(name)
  if (d === undefined) return `Unknown topic config name: ${name}`
  if (value === null) return `Null value not supported for topic configs: ${name}`
  const v = value.trim()
  switch (d.type) {
    case ConfigType.INT:
    case ConfigType.LONG: {
      if (!/^-?\d+$/.test(v))
        return `Invalid value ${value} for configuration ${name}: Not a number of type ${d.type === ConfigType.INT ? 'INT' : 'LONG'}`
      const n = BigInt(v)
      const max = d.type === ConfigType.INT ? 2_147_483_647n : 9_223_372_036_854_775_807n
      if (n > max)
        return `Invalid value ${value} for configuration ${name}: Not a number of type ${d.type === ConfigType.INT ? 'INT' : 'LONG'}`
      if (d.min !== undefined && n < BigInt(d.min))
        return `Invalid value ${value} for configuration ${name}: Value must be at least ${d.min}`
      return undefined
    }
    case ConfigType.DOUBLE:
      if (!Number.isFinite(Number(v)) || v === '')
        return `Invalid value ${value} for configuration ${name}: Not a number of type DOUBLE`
      return undefined
    case ConfigType.BOOLEAN:
      if (v.toLowerCase() !== 'true' && v.toLowerCase() !== 'false')
        return `Invalid value ${value} for configuration ${name}: Expected value to be either true or false`
      return undefined
    case ConfigType.LIST: {
      const items = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      if (d.values !== undefined) {
        if (items.length === 0) return `Invalid value ${value} for configuration ${name}: Empty list`
        for (const item of items)
          if (!d.values.includes(item))
            return `Invalid value ${item} for configuration ${name}: String must be one of: ${d.values.join(', ')}`
      }
      return undefined
    }
    default:
      if (d.values !== undefined && !d.values.includes(v))
        return `Invalid value ${value} for configuration ${name}: String must be one of: ${d.values.join(', ')}`
      return undefined
  }
}

/** The value of a topic config in force: the topic's own, else the broker's default. */
export function effectiveConfig(
  name: string,
  topicConfigs: Readonly<Record<string, string>>,
  brokerDefaults: ReadonlyMap<string, string>,
): string | undefined {
  return topicConfigs[name] ?? brokerDefaults.get(name) ?? TOPIC_CONFIGS.get(name)?.kafkaDefault
}

/** The partition-log settings of a topic. */
export function logConfigOf(
  topicConfigs: Readonly<Record<string, string>>,
  brokerDefaults: ReadonlyMap<string, string>,
): LogConfig {
  const num = (name: string) => Number(effectiveConfig(name, topicConfigs, brokerDefaults))
  return {
    segmentBytes: num('segment.bytes'),
    retentionMs: num('retention.ms'),
    retentionBytes: num('retention.bytes'),
    maxMessageBytes: num('max.message.bytes'),
    timestampType:
      effectiveConfig('message.timestamp.type', topicConfigs, brokerDefaults) === 'LogAppendTime'
        ? 'LogAppendTime'
        : 'CreateTime',
    indexIntervalBytes: num('index.interval.bytes'),
  }
}
