/**
 * One shape for the four clients of the conformance suite (kcat, KafkaJS 2.2.4, @platformatic/kafka
 * and Kafka's Java CLI tools), so a scenario is written once and run with each of them against each
 * broker. An operation a client cannot do (kcat has no topic admin) is absent, and the scenario
 * skips that step with the reason in `lacks`.
 */

export type ClientName = 'kcat' | 'kafkajs' | 'platformatic' | 'java'

export type Codec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd'

export const allCodecs: readonly Codec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'

/** Where and as whom to connect. */
export interface Conn {
  readonly bootstrap: string
  readonly sasl?: { readonly mechanism: SaslMechanism; readonly username: string; readonly password: string }
}

/** A record to produce. */
export interface OutRecord {
  readonly key: string | null
  readonly value: string
}

/** A record as a client consumed it. */
export interface InRecord {
  readonly partition: number
  readonly offset: bigint
  readonly key: string | null
  readonly value: string
}

export interface PartitionView {
  readonly partition: number
  readonly leader: number
  readonly replicas: readonly number[]
  readonly isr: readonly number[]
}

/** What a client learned about the cluster. Fields a client's API does not expose are undefined. */
export interface ClusterView {
  readonly brokers: ReadonlyArray<{ readonly id: number; readonly host: string; readonly port: number }>
  readonly controllerId: number | undefined
  readonly clusterId: string | undefined
  /** The topics asked for (all topics when none were named), with their partitions by index. */
  readonly topics: ReadonlyMap<string, readonly PartitionView[]>
}

export interface ProduceOptions {
  readonly codec?: Codec
  readonly idempotent?: boolean
  /** -1 (all) or 1; default -1. */
  readonly acks?: -1 | 1
}

/** A consumer-group member started by {@link Client.member}, recording what it consumes. */
export interface GroupMember {
  readonly name: string
  readonly records: readonly InRecord[]
  /** Leaves the group cleanly (commits, LeaveGroup) and closes. */
  stop(): Promise<void>
  /** The partitions the client believes it owns now, where its API tells. */
  partitions?(): number[]
}

export interface Client {
  readonly name: ClientName
  /** Why this client cannot run on this machine (the test is skipped with it). */
  readonly skip: string | undefined
  /** Codecs the client can produce with. */
  readonly codecs: readonly Codec[]
  /** Why an optional operation is missing. */
  readonly lacks: Readonly<Record<string, string>>
  /** Metadata of the named topics (all when none). */
  metadata(conn: Conn, topics?: readonly string[]): Promise<ClusterView>
  createTopic?(conn: Conn, topic: string, partitions: number): Promise<void>
  listTopics?(conn: Conn): Promise<string[]>
  deleteTopic?(conn: Conn, topic: string): Promise<void>
  /** Produces the records in order, with the client's Java-compatible partitioner for keys. */
  produce(conn: Conn, topic: string, records: readonly OutRecord[], options?: ProduceOptions): Promise<void>
  /**
   * Reads `count` records from the start of the topic. With `group`, reads in that consumer group
   * from its committed offsets (earliest when none) and commits what it read before returning.
   */
  consume(conn: Conn, topic: string, count: number, options?: { group?: string }): Promise<InRecord[]>
  /** Starts a member of `group` subscribed to `topic`, committing as it consumes. */
  member?(conn: Conn, group: string, topic: string, name: string): Promise<GroupMember>
  /** Committed offsets of `group` on `topic`, by partition, through the client's own API. */
  committed?(conn: Conn, group: string, topic: string): Promise<Map<number, bigint>>
}
