/**
 * What the Redis and PostgreSQL stores use of the client a caller passes in. Declared here, by
 * shape, so that the published declarations of @spool/bus name neither `ioredis` nor `pg`: both
 * are optional peers, and a service that uses neither store installs neither (nor their types).
 * An ioredis `Redis` (or `Cluster`) and a pg `Pool` fit these shapes.
 */

/**
 * The part of a pg `Pool` the PostgreSQL store uses.
 *
 * @example
 * import pg from 'pg'
 * const pool: PgPoolLike = new pg.Pool({ connectionString: process.env.DATABASE_URL })
 */
export interface PgPoolLike {
  /** Runs one statement with `$1…` parameters. */
  query<R = any>(text: string, values?: unknown[]): Promise<{ rows: R[] }>
  /** Closes the pool (only a pool the store opened itself). */
  end(): Promise<void>
  /** Listens for errors of idle pooled connections. */
  on(event: 'error', listener: (error: Error) => void): unknown
  /**
   * Checks out one connection. Optional by shape; without it the store cannot tell a dead claim
   * holder from a live one (it waits out the lease) and offers no transactions.
   */
  connect?(): Promise<PgPoolClientLike>
}

/**
 * One connection checked out of a pg `Pool` (a pg `PoolClient`).
 *
 * @example
 * const client: PgPoolClientLike = await pool.connect()
 * try {
 *   await client.query('SELECT 1')
 * } finally {
 *   client.release()
 * }
 */
export interface PgPoolClientLike {
  /** Runs one statement with `$1…` parameters on this connection. */
  query<R = any>(text: string, values?: unknown[]): Promise<{ rows: R[] }>
  /** Returns the connection to its pool; with an error (or true) the pool closes it instead. */
  release(destroy?: Error | boolean): void
  /** Listens for errors of this connection while it is checked out. */
  on(event: 'error', listener: (error: Error) => void): unknown
}

/**
 * The part of an ioredis client the Redis store uses.
 *
 * @example
 * import { Redis } from 'ioredis'
 * const client: RedisClientLike = new Redis('redis://127.0.0.1:6379')
 */
export interface RedisClientLike {
  /** Runs a Lua script (claim and release are scripts). */
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>
  /** Reads a key's value. */
  get(key: string): Promise<string | null>
  /** Writes a key's value with a time to live in milliseconds. */
  set(key: string, value: string, mode: 'PX', milliseconds: number): Promise<unknown>
  /** Closes the connection after pending replies (only a client the store opened itself). */
  quit(): Promise<unknown>
  /** Closes the connection at once. */
  disconnect(): void
  /** Listens for connection errors. */
  on(event: 'error', listener: (error: Error) => void): unknown
}
