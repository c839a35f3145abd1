/**
 * node:sqlite, loaded when a spool or a SQLite idempotency store is opened rather than when the bus
 * is imported: a static import of a built-in that this Node lacks (20, or 22 before 22.13, where it
 * is behind --experimental-sqlite) fails the whole import before Spool's version check can say
 * which Node to use.
 */
import type { DatabaseSync } from 'node:sqlite'
import { ConfigError } from './errors.ts'

/**
 * `node:sqlite`'s DatabaseSync class.
 *
 * @example
 * const db = new (databaseSync())('.spool/offline.db')
 */
export function databaseSync(): typeof DatabaseSync {
  const sqlite = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite') | undefined
  if (sqlite === undefined) {
    throw new ConfigError(
      `node:sqlite is not available in Node.js ${process.versions.node} (it is from 22.13 on): ` +
        "upgrade Node, or use offline: 'fail' and an idempotency store other than sqliteStore",
    )
  }
  return sqlite.DatabaseSync
}
