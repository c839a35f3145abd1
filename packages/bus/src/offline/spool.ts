/**
 * The offline spool: a node:sqlite file that keeps outgoing records, in order, while Kafka is
 * unreachable. Rows are deleted only after Kafka acknowledged them, so a crash or restart loses
 * nothing (delivery is at least once; consumers dedupe by event id).
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DatabaseSync, StatementSync } from 'node:sqlite'
import { databaseSync } from '../sqlite.ts'

export interface SpooledRecord {
  id: number
  topic: string
  key: Buffer | undefined
  value: Buffer
  headers: Record<string, string>
  partition: number | undefined
  createdAt: number
}

export interface SpoolInput {
  topic: string
  key?: Buffer
  value: Buffer
  headers?: Record<string, string>
  partition?: number
}

/**
 * A durable FIFO of records waiting for Kafka.
 *
 * @example
 * const spool = new OfflineSpool('.spool/offline.db')
 * spool.append([{ topic: 'orders', value: Buffer.from('{}') }])
 * for (const row of spool.peek(100)) { ... } ; spool.remove(lastId)
 */
export class OfflineSpool {
  readonly path: string
  #db: DatabaseSync
  #insert: StatementSync
  #peek: StatementSync
  #remove: StatementSync
  #depth: number
  #closed = false

  constructor(path: string) {
    this.path = path
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.#db = new (databaseSync())(path)
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;')
    this.#db.exec(`CREATE TABLE IF NOT EXISTS spool (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      topic TEXT NOT NULL,
      key BLOB,
      value BLOB NOT NULL,
      headers TEXT NOT NULL,
      partition INTEGER,
      created_at INTEGER NOT NULL
    )`)
    this.#insert = this.#db.prepare(
      'INSERT INTO spool (topic, key, value, headers, partition, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.#peek = this.#db.prepare('SELECT * FROM spool ORDER BY id LIMIT ?')
    this.#remove = this.#db.prepare('DELETE FROM spool WHERE id <= ?')
    this.#depth = Number((this.#db.prepare('SELECT COUNT(*) AS n FROM spool').get() as { n: number }).n)
  }

  /** Records waiting for Kafka. */
  get depth(): number {
    return this.#depth
  }

  /** Appends records in one transaction (synchronously durable) and returns their ids. */
  append(records: SpoolInput[]): number[] {
    const ids: number[] = []
    const now = Date.now()
    this.#db.exec('BEGIN IMMEDIATE')
    try {
      for (const r of records) {
        const result = this.#insert.run(
          r.topic,
          r.key ?? null,
          r.value,
          JSON.stringify(r.headers ?? {}),
          r.partition ?? null,
          now,
        )
        ids.push(Number(result.lastInsertRowid))
      }
      this.#db.exec('COMMIT')
    } catch (error) {
      this.#db.exec('ROLLBACK')
      throw error
    }
    this.#depth += records.length
    return ids
  }

  /** The oldest `limit` records, in order. */
  peek(limit: number): SpooledRecord[] {
    return (this.#peek.all(limit) as Record<string, unknown>[]).map((row) => ({
      id: Number(row.id),
      topic: row.topic as string,
      key: row.key ? Buffer.from(row.key as Uint8Array) : undefined,
      value: Buffer.from(row.value as Uint8Array),
      headers: JSON.parse(row.headers as string) as Record<string, string>,
      partition: row.partition === null ? undefined : Number(row.partition),
      createdAt: Number(row.created_at),
    }))
  }

  /** Deletes every record up to and including `id` (after Kafka acknowledged them). */
  remove(id: number): void {
    const result = this.#remove.run(id)
    this.#depth = Math.max(0, this.#depth - Number(result.changes))
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#db.close()
  }
}
