/**
 * The file log store: one folder per partition under `dir` (layout in names.ts), logs opened on
 * demand and recovered on open. See partition.ts for the write path and segment.ts for reads.
 *
 * An open of a partition whose folder is being removed waits for the removal, so the new log never
 * shares (or loses) files with the old one. After close, opens are refused: nothing writes into the
 * folder once the store is closed.
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { LogError, LogErrorCodes, logClosed } from '../errors.ts'
import type { LogStore } from '../types.ts'
import { parsePartitionDir, partitionDirName } from './names.ts'
import { FilePartitionLog } from './partition.ts'
import type { RecoveryLogger } from './recover.ts'

export interface FileLogStoreOptions {
  /** Folder holding one sub-folder per partition; created on first open. */
  dir: string
  /**
   * fsync policy (Kafka's flush.ms). -1: never — an acknowledged append is in the kernel and
   * survives a crash of the process, not of the machine. 0: fsync before every append resolves.
   * > 0: fsync every partition written to at this period, ms.
   */
  flushIntervalMs: number
  /** Sealed segments per partition whose file handle and indexes stay open between reads. */
  cachedSegments: number
  /**
   * Largest buffer one read allocates, bytes, whatever maxBytes a fetch asks for (a single larger
   * batch still comes whole): keeps memory bounded when a client asks for huge fetches.
   */
  maxReadBytes: number
  /** Told when recovery cuts a torn or corrupt tail (a pino logger fits); default: process warnings. */
  logger: RecoveryLogger
}

const warningLogger: RecoveryLogger = {
  warn: (_details, message) => process.emitWarning(message, { code: 'SPOOL_LOG_RECOVERY' }),
}

export const defaultFileLogStoreOptions = Object.freeze({
  flushIntervalMs: -1, // never: the page cache holds acknowledged appends
  cachedSegments: 2, // segments per partition
  maxReadBytes: 33_554_432, // 32 MiB
  logger: warningLogger,
})

/** Legal Kafka topic names (which also keeps folder names safe). */
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/

function validate(options: Partial<FileLogStoreOptions> & { dir: string }): FileLogStoreOptions {
  const o = { ...defaultFileLogStoreOptions, ...options }
  const bad = (key: string, rule: string) =>
    new LogError(
      LogErrorCodes.CONFIG,
      `Invalid file log store option ${key}=${String((o as any)[key])}: ${rule}`,
    )
  if (typeof o.dir !== 'string' || o.dir === '') throw bad('dir', 'expected a folder path')
  if (!Number.isInteger(o.flushIntervalMs) || o.flushIntervalMs < -1)
    throw bad('flushIntervalMs', 'expected -1, 0 or a period in ms')
  if (!Number.isInteger(o.cachedSegments) || o.cachedSegments < 0)
    throw bad('cachedSegments', 'expected an integer >= 0')
  return Object.freeze(o)
}

const keyOf = (topic: string, partition: number): string => partitionDirName(topic, partition)

/**
 * A LogStore persisting each partition as Kafka-style segment files under `dir`.
 *
 * @example
 * const store = fileLogStore({ dir: './data/broker' })
 * const log = await store.open('orders', 0, defaultLogConfig)
 * await log.append(batches)          // resolves once the bytes are written to the file
 * const { records } = await log.read(0n, 1 << 20)
 * await store.close()                // writes indexes; the next open skips recovery
 */
export function fileLogStore(
  options: Partial<FileLogStoreOptions> & { dir: string },
): LogStore & { flush(): Promise<void> } {
  const opts = validate(options)
  const logs = new Map<string, Promise<FilePartitionLog>>()
  /** Folders being removed, by key: an open of the same partition starts after the removal. */
  const removing = new Map<string, Promise<void>>()
  let closed = false
  const flushAll = async () => {
    await Promise.all([...logs.values()].map(async (p) => (await p).flush()))
  }
  let timer: NodeJS.Timeout | undefined
  if (opts.flushIntervalMs > 0) {
    timer = setInterval(() => flushAll().catch(() => {}), opts.flushIntervalMs)
    timer.unref()
  }

  return {
    open(topic, partition, config) {
      if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') {
        return Promise.reject(new LogError(LogErrorCodes.INVALID_ARGUMENT, `Invalid topic name '${topic}'`))
      }
      if (!Number.isInteger(partition) || partition < 0) {
        return Promise.reject(new LogError(LogErrorCodes.INVALID_ARGUMENT, `Invalid partition ${partition}`))
      }
      if (closed) return Promise.reject(logClosed(topic, partition))
      const key = keyOf(topic, partition)
      const existing = logs.get(key)
      if (existing) {
        return existing.then((log) => {
          log.updateConfig(config)
          return log
        })
      }
      const onClose = () => {
        if (logs.get(key) === opening) logs.delete(key)
      }
      const dir = join(opts.dir, key)
      const removal = removing.get(key)
      const opening = removal
        ? removal.then(() => {
            if (closed) throw logClosed(topic, partition)
            return FilePartitionLog.open(topic, partition, dir, config, opts, onClose)
          })
        : FilePartitionLog.open(topic, partition, dir, config, opts, onClose)
      logs.set(key, opening)
      opening.catch(() => {
        if (logs.get(key) === opening) logs.delete(key)
      })
      return opening
    },

    remove(topic, partition) {
      const key = keyOf(topic, partition)
      const open = logs.get(key)
      // From now on an open of this partition is a new log, started once the folder is gone.
      logs.delete(key)
      const run = (removing.get(key) ?? Promise.resolve()).then(async () => {
        if (open) await (await open.catch(() => undefined))?.discard()
        await rm(join(opts.dir, key), { recursive: true, force: true, maxRetries: 3 })
      })
      const done = run.catch(() => {})
      removing.set(key, done)
      void done.then(() => {
        if (removing.get(key) === done) removing.delete(key)
      })
      return run
    },

    async existing() {
      let entries: import('node:fs').Dirent[]
      try {
        entries = await readdir(opts.dir, { withFileTypes: true })
      } catch {
        return []
      }
      return entries
        .filter((e) => e.isDirectory())
        .map((e) => parsePartitionDir(e.name))
        .filter((p): p is { topic: string; partition: number } => p !== undefined)
    },

    flush: flushAll,

    async close() {
      closed = true
      if (timer) clearInterval(timer)
      timer = undefined
      await Promise.all(removing.values())
      await Promise.all([...logs.values()].map(async (p) => (await p.catch(() => undefined))?.close()))
    },
  }
}
