/**
 * Idempotency store in a SQLite file (node:sqlite), for single-host deployments: every process
 * that opens the same file shares the keys. WAL mode lets readers run beside the writer, and each
 * claim is one write transaction, so two processes cannot both claim a key.
 *
 * Expiry uses the wall clock (Date.now()), the only clock processes on a host share. Expired rows
 * are ignored at once and deleted lazily, at most once per `purgeIntervalMs`, during a claim.
 */

import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { databaseSync } from '../sqlite.ts'
import { closedError, storeError } from './errors.ts'
import { storageKey } from './storage-key.ts'
import type { ClaimResult, IdempotencyStore, KeyStatus } from './store.ts'
import { checkDuration, checkInteger, checkKey, checkString, quoteTable, resolveOptions } from './validate.ts'

/**
 * Options of {@link sqliteStore}.
 *
 * @example
 * const options: SqliteStoreOptions = { path: './data/idempotency.db', table: 'handled_events' }
 */
export interface SqliteStoreOptions {
  /** Database file, created if missing (its directory must exist). `':memory:'` keeps it in-process. */
  path: string
  /** Table holding the keys; created if missing. */
  table?: string
  /** How often expired rows are deleted, at most. */
  purgeIntervalMs?: number
  /** How long a statement waits for another process's write lock before failing (retryable). */
  busyTimeoutMs?: number
}

/**
 * Defaults of {@link sqliteStore}.
 *
 * @example
 * sqliteStore({ path: 'idempotency.db', busyTimeoutMs: defaultSqliteStoreOptions.busyTimeoutMs * 2 })
 */
export const defaultSqliteStoreOptions: Readonly<Required<Omit<SqliteStoreOptions, 'path'>>> = Object.freeze({
  table: 'spool_idempotency',
  purgeIntervalMs: 60_000, // 1 min
  busyTimeoutMs: 5_000, // 5 s
})

const name = 'sqlite'

/**
 * Creates an idempotency store backed by a SQLite file.
 *
 * @example
 * const store = sqliteStore({ path: './data/idempotency.db' })
 * if ((await store.claim('orders:evt-1', 30_000)) === 'claimed') {
 *   await handle()
 *   await store.complete('orders:evt-1', 7 * 24 * 3_600_000)
 * }
 * await store.close()
 */
export function sqliteStore(options: SqliteStoreOptions): IdempotencyStore {
  const config = resolveOptions(name, defaultSqliteStoreOptions, options, ['path'])
  const path = checkString(name, 'path', config.path)
  const table = quoteTable(name, 'table', config.table, false)
  const purgeIntervalMs = checkInteger(name, 'purgeIntervalMs', config.purgeIntervalMs, 1)
  const busyTimeoutMs = checkInteger(name, 'busyTimeoutMs', config.busyTimeoutMs, 0)

  let db: DatabaseSync
  let sql: ReturnType<typeof prepare>
  try {
    db = new (databaseSync())(path)
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
    db.exec('PRAGMA journal_mode = WAL')
    // WAL makes NORMAL durable against application crashes; only a power loss may drop the last commits.
    db.exec('PRAGMA synchronous = NORMAL')
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, state TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID`,
    )
    db.exec(`CREATE INDEX IF NOT EXISTS ${indexName(config.table)} ON ${table} (expires_at)`)
    sql = prepare(db, table)
  } catch (error) {
    throw storeError(name, `open ${path}`, error)
  }

  let closed = false
  let lastPurge = 0

  // Statements run synchronously, so each operation completes before another starts in this
  // process; the IMMEDIATE transaction takes the write lock first, so other processes wait.
  function run<T>(operation: string, body: () => T): T {
    if (closed) throw closedError(name, operation)
    try {
      return body()
    } catch (error) {
      throw storeError(name, operation, error)
    }
  }

  function claimNow(key: string, lease: number): ClaimResult {
    const at = Date.now()
    db.exec('BEGIN IMMEDIATE')
    try {
      if (at - lastPurge >= purgeIntervalMs) {
        sql.purge.run(at)
        lastPurge = at
      }
      const taken = sql.claim.get(key, at + lease, at)
      const result: ClaimResult = taken ? 'claimed' : sql.state.get(key)?.state === 'done' ? 'done' : 'busy'
      db.exec('COMMIT')
      return result
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK')
      throw error
    }
  }

  return {
    async claim(key: string, leaseMs: number): Promise<ClaimResult> {
      checkKey(name, key)
      const lease = checkDuration(name, 'leaseMs', leaseMs)
      return run('claim', () => claimNow(storageKey(key), lease))
    },

    async complete(key: string, retentionMs: number): Promise<void> {
      checkKey(name, key)
      const retention = checkDuration(name, 'retentionMs', retentionMs)
      run('complete', () => sql.complete.run(storageKey(key), Date.now() + retention))
    },

    async release(key: string): Promise<void> {
      checkKey(name, key)
      run('release', () => sql.release.run(storageKey(key)))
    },

    async status(key: string): Promise<KeyStatus> {
      checkKey(name, key)
      return run('status', () => {
        const row = sql.status.get(storageKey(key), Date.now())
        return row?.state === 'done' ? 'done' : row ? 'busy' : 'absent'
      })
    },

    async close(): Promise<void> {
      if (closed) return
      closed = true
      try {
        db.close()
      } catch (error) {
        throw storeError(name, 'close', error)
      }
    },
  }
}

interface StateRow {
  state: string
}

function prepare(db: DatabaseSync, table: string) {
  const typed = (statement: StatementSync) => ({
    get: (...params: (string | number)[]) => statement.get(...params) as StateRow | undefined,
    run: (...params: (string | number)[]) => {
      statement.run(...params)
    },
  })
  return {
    // Inserts a fresh claim, or takes over a row whose lease or retention has passed; RETURNING
    // yields a row only when this call took the key.
    claim: typed(
      db.prepare(
        `INSERT INTO ${table} (key, state, expires_at) VALUES (?1, 'busy', ?2)
         ON CONFLICT (key) DO UPDATE SET state = 'busy', expires_at = excluded.expires_at
         WHERE ${table}.expires_at <= ?3
         RETURNING state`,
      ),
    ),
    state: typed(db.prepare(`SELECT state FROM ${table} WHERE key = ?`)),
    complete: typed(
      db.prepare(
        `INSERT INTO ${table} (key, state, expires_at) VALUES (?, 'done', ?)
         ON CONFLICT (key) DO UPDATE SET state = 'done', expires_at = excluded.expires_at`,
      ),
    ),
    release: typed(db.prepare(`DELETE FROM ${table} WHERE key = ? AND state = 'busy'`)),
    status: typed(db.prepare(`SELECT state FROM ${table} WHERE key = ? AND expires_at > ?`)),
    purge: typed(db.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`)),
  }
}

function indexName(table: string): string {
  return `"${table}_expires_at"`
}
