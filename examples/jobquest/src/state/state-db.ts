/**
 * Where JobQuest's state survives a restart: one node:sqlite file of JSON rows by kind and key
 * (`user`/`u1`, `outcome`/<event id>, `notifications`/`u1`, …). The services keep their state in
 * memory for reads and write each change through, so a restarted app carries on from where the
 * consumer group's committed offsets resume — no event counted twice, none lost.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'

/**
 * @example
 * const db = StateDb.open('.spool/jobquest.db')
 * db.save('user', 'u1', { xp: 50 })
 * db.load('user') // [['u1', { xp: 50 }]]
 */
export class StateDb {
  readonly path: string
  readonly #db: DatabaseSync
  readonly #load: StatementSync
  readonly #save: StatementSync
  readonly #delete: StatementSync

  private constructor(path: string) {
    this.path = path
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.#db = new DatabaseSync(path)
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;')
    this.#db.exec(`CREATE TABLE IF NOT EXISTS state (
      kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key))`)
    this.#load = this.#db.prepare('SELECT key, value FROM state WHERE kind = ? ORDER BY rowid')
    this.#save = this.#db.prepare('INSERT OR REPLACE INTO state (kind, key, value) VALUES (?, ?, ?)')
    this.#delete = this.#db.prepare('DELETE FROM state WHERE kind = ? AND key = ?')
  }

  /** Opens (creating it and its folder if needed) the file at `path`; ':memory:' keeps nothing. */
  static open(path: string): StateDb {
    return new StateDb(path)
  }

  /** Every row of `kind`, oldest first. */
  load<T>(kind: string): Array<[string, T]> {
    return this.#load.all(kind).map((row) => [String(row.key), JSON.parse(String(row.value)) as T])
  }

  save(kind: string, key: string, value: unknown): void {
    this.#save.run(kind, key, JSON.stringify(value))
  }

  delete(kind: string, key: string): void {
    this.#delete.run(kind, key)
  }

  /** Runs `fn` in one transaction: its writes land together or not at all. */
  transaction<T>(fn: () => T): T {
    this.#db.exec('BEGIN')
    try {
      const result = fn()
      this.#db.exec('COMMIT')
      return result
    } catch (error) {
      this.#db.exec('ROLLBACK')
      throw error
    }
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close()
  }
}
