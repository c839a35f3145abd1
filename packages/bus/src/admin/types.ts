/**
 * Results of the admin operations. Offsets are decimal strings: they are 64-bit in Kafka and must
 * survive JSON (a browser's numbers lose precision past 2^53).
 */

export interface ClusterInfo {
  clusterId: string
  controllerId: number
  brokers: Array<{ id: number; host: string; port: number; rack: string | null }>
}

export interface PartitionInfo {
  partition: number
  leader: number
  replicas: number[]
  isr: number[]
  offlineReplicas: number[]
  /** First offset still in the log. */
  earliest: string
  /** Offset the next record will get (the high watermark). */
  latest: string
  /** Records in the log now (latest - earliest; compaction can make it an upper bound). */
  messages: string
  /** Bytes on disk, when the broker answers DescribeLogDirs. */
  size: number | undefined
}

export interface TopicSummary {
  name: string
  internal: boolean
  partitions: number
  replicationFactor: number
  messages: string
  size: number | undefined
}

export interface TopicConfigEntry {
  name: string
  /** null for sensitive values. */
  value: string | null
  source: string
  readOnly: boolean
  sensitive: boolean
  isDefault: boolean
}

export interface TopicDescription extends TopicSummary {
  id: string
  partitionDetails: PartitionInfo[]
  /** Topic configs (DescribeConfigs); empty when the broker does not answer it. */
  configs: TopicConfigEntry[]
}

export interface CreateTopicInput {
  name: string
  /** Default: the bus's topicPartitions. */
  partitions?: number
  /** -1 = the broker's default. Default: the bus's replicationFactor. */
  replicationFactor?: number
  configs?: Record<string, string>
}

export interface BrowseOptions {
  /** One partition; default every partition. */
  partition?: number
  /** Start offset (per partition read). Excludes `timestamp` and `from`. */
  offset?: bigint | string | number
  /** Start at the first record at or after this time (ms since epoch, or an ISO date). */
  timestamp?: number | string
  /** Without offset/timestamp: the oldest records or the newest ones (default 'latest'). */
  from?: 'earliest' | 'latest'
  /** Max records returned (default 50, max 1000). */
  limit?: number
  /** Substring of key, value or a header value; or `path=value` on the JSON value (e.g. `data.userId=u1`). */
  filter?: string
  /** Max records read per partition to find matches (default 10,000). */
  maxScan?: number
}

export interface BrowsedMessage {
  topic: string
  partition: number
  offset: string
  timestamp: string
  key: string | null
  value: string | null
  headers: Record<string, string>
  /** Size of the value in bytes. */
  size: number
  /** How `key` and `value` are rendered: UTF-8 text, or base64 for binary data. */
  encoding: 'utf8' | 'base64'
}

export interface BrowseResult {
  topic: string
  messages: BrowsedMessage[]
  /** Records read to produce `messages`. */
  scanned: number
  /** Per partition, where a next page starts (offset after the last record read). */
  next: Array<{ partition: number; offset: string }>
}

export interface GroupSummary {
  id: string
  state: string
  protocolType: string
  groupType: string | undefined
}

export interface GroupMemberInfo {
  memberId: string
  groupInstanceId: string | null
  clientId: string
  clientHost: string
  /** Topics the member subscribed to (from its consumer-protocol metadata). */
  subscription: string[]
  assignment: Array<{ topic: string; partitions: number[] }>
}

export interface GroupOffsetInfo {
  topic: string
  partition: number
  /** Committed offset, or null when the group never committed on this partition. */
  committed: string | null
  latest: string
  /** latest - committed, or null without a commit. */
  lag: string | null
  /** Member the partition is assigned to, if any. */
  memberId: string | null
}

export interface GroupDescription extends GroupSummary {
  protocol: string
  members: GroupMemberInfo[]
  offsets: GroupOffsetInfo[]
  /** Sum of the partition lags. */
  totalLag: string
}

export type ResetTarget =
  | { to: 'earliest' }
  | { to: 'latest' }
  | { to: 'timestamp'; timestamp: number | string }
  | { to: 'offset'; offset: bigint | string | number }

export interface ResetResult {
  group: string
  topic: string
  partitions: Array<{ partition: number; previous: string | null; offset: string }>
}
