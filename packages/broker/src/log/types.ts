/**
 * Partition storage. Record batches (magic v2) are stored exactly as produced, with only their base
 * offset and partition leader epoch rewritten (both outside the CRC). Two implementations keep the
 * same contract (one contract test suite runs against both): memory and file (segments + sparse
 * indexes). A record appended to the file log survives SIGKILL of the broker process (it has been
 * written to the file before the append resolves; fsync is a separate, optional policy).
 */

export interface LogConfig {
  /** Segment size before rolling, bytes. */
  segmentBytes: number
  /** Delete segments older than this, ms (-1 = keep forever). */
  retentionMs: number
  /** Keep at most this many bytes per partition, (-1 = no limit). */
  retentionBytes: number
  /** Largest batch accepted, bytes (max.message.bytes). */
  maxMessageBytes: number
  /** 'CreateTime' or 'LogAppendTime' (message.timestamp.type). */
  timestampType: 'CreateTime' | 'LogAppendTime'
  /** Sparse index granularity, bytes (index.interval.bytes). */
  indexIntervalBytes: number
  /** Written into every appended batch's partitionLeaderEpoch (default 0: a single node never changes leader). */
  leaderEpoch?: number
}

export interface AppendResult {
  /** Offset given to the first record of the first batch. */
  baseOffset: bigint
  /** Broker time written into the batches when LogAppendTime, else -1n. */
  logAppendTime: bigint
  logStartOffset: bigint
}

export interface ReadResult {
  /** Whole batches, concatenated, starting with the batch that contains the fetch offset. */
  records: Buffer
  highWatermark: bigint
  logStartOffset: bigint
}

export interface PartitionLog {
  readonly topic: string
  readonly partition: number
  /** First offset still stored. */
  readonly logStartOffset: bigint
  /** Offset the next record will get (= high watermark on a single node). */
  readonly logEndOffset: bigint
  /** Bytes stored. */
  readonly size: number
  /**
   * Appends already validated batches (CRC checked by the caller); rewrites base offsets in place.
   * Resolves after the bytes are written to the file (memory: immediately).
   */
  append(batches: Buffer[]): Promise<AppendResult>
  /**
   * Batches from the one containing `offset` onward, up to `maxBytes` — but always at least one
   * whole batch when there is data, even if it is larger than maxBytes (Kafka's rule).
   * An offset below logStartOffset or above logEndOffset throws OffsetOutOfRangeError.
   */
  read(offset: bigint, maxBytes: number): Promise<ReadResult>
  /** Earliest offset whose timestamp >= ts, or undefined. ts -1 = latest, -2 = earliest, -3 = max timestamp. */
  offsetForTimestamp(timestamp: bigint): Promise<{ offset: bigint; timestamp: bigint } | undefined>
  /** DeleteRecords: moves logStartOffset up to `offset` (deletes whole segments below it). */
  deleteRecordsBefore(offset: bigint): Promise<bigint>
  /** Applies retention by time and size; returns bytes freed. */
  enforceRetention(now: number): Promise<number>
  /** Applies changed topic configs (retention, segment size, …) to this log. */
  updateConfig(config: Partial<LogConfig>): void
  /** Closes the log (its segment files, in the file store). */
  close(): Promise<void>
}

export interface LogStore {
  /** Opens (creating or recovering) the log of a partition. */
  open(topic: string, partition: number, config: LogConfig): Promise<PartitionLog>
  /** Deletes a partition's data for good. */
  remove(topic: string, partition: number): Promise<void>
  /** Partitions found on disk at start (file store) or none (memory). */
  existing(): Promise<Array<{ topic: string; partition: number }>>
  /** Closes every open log. */
  close(): Promise<void>
}
