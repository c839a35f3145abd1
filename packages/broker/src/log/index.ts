/**
 * Partition storage: the LogStore contract (types.ts) with a memory and a file implementation.
 *
 * @example
 * import { fileLogStore, defaultLogConfig } from './log/index.ts'
 * const store = fileLogStore({ dir: './data' })
 * const log = await store.open('orders', 0, defaultLogConfig)
 */
export { defaultLogConfig, resolveLogConfig } from './config.ts'
export {
  LogError,
  type LogErrorCode,
  LogErrorCodes,
  OffsetOutOfRangeError,
  RecordTooLargeError,
} from './errors.ts'
export { defaultFileLogStoreOptions, type FileLogStoreOptions, fileLogStore } from './file/store.ts'
export { memoryLogStore } from './memory.ts'
export { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, MAX_TIMESTAMP } from './timestamps.ts'
export type { AppendResult, LogConfig, LogStore, PartitionLog, ReadResult } from './types.ts'
