/**
 * Idempotency store in PostgreSQL, shared by every process that uses the same table. Expiry is
 * compared with the server's clock (now()), so workers with skewed clocks still agree.
 *
 * A claim is one INSERT ... ON CONFLICT DO UPDATE ... WHERE expired statement: PostgreSQL locks the
 * conflicting row and re-checks the condition against its latest version, so of any number of
 * concurrent claims exactly one inserts or takes over the row. Expired rows are ignored at once
 * and deleted lazily, at most once per `purgeIntervalMs`.
 */

import { createHash } from 'node:crypto'
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { loadPg, requirePeer } from '../peers.ts'
import type { PgPoolClientLike, PgPoolLike as Pool } from './clients.ts'
import { closedError, storeError } from './errors.ts'
import { storageKey } from './storage-key.ts'
import type { ClaimResult, IdempotencyStore, KeyStatus } from './store.ts'
import { checkDuration, checkKey, quoteTable, tableNameSchema } from './validate.ts'

export const postgresStoreOptionsSchema = z
  .strictObject({
    /** A pg pool to use; the store never ends it. */
    pool: z
      .custom<Pool>(
        (v) => typeof (v as Partial<Pool> | null)?.query === 'function',
        'must be a pg Pool (or an object with query, end and on)',
      )
      .optional(),
    /** Connection string (`postgres://user@host:5432/db`); the store opens and ends its own pool. */
    connectionString: z.string().min(1).optional(),
    /** Table holding the keys, optionally schema-qualified (`schema.table`). */
    table: tableNameSchema(true).default('spool_idempotency'),
    /** Create the table and its index if missing (on first use). Turn off when migrations own the schema. */
    createTable: z.boolean().default(true),
    /**
     * Take over at once a claim whose worker is gone, instead of waiting out its lease. While it
     * holds claims, the store keeps one connection of its pool as its "owner session" and writes its
     * `pg_backend_pid()` (and start time) on its claims; a claim whose session no longer shows in
     * `pg_stat_activity` belongs to a process that died. Needs the columns `owner_pid integer` and
     * `owner_started timestamptz` (added on first use when `createTable` is on) and a pool with
     * `connect()` and more than one connection; otherwise the lease alone applies. The session
     * goes back to the pool when the store holds no claim, or when the store is closed: close the
     * store (or the bus) before ending a pool you gave it.
     */
    takeOver: z.boolean().default(true),
    /**
     * Let handlers write in the transaction that marks their event handled (`context.transaction`):
     * both commit together or not at all, so a crash at any instant leaves the handler's effect
     * exactly once. A worker reaching an event another one is handling waits on that transaction's
     * row lock, which ends with its commit, its rollback or its process. Needs a pool with
     * `connect()` (or a connection string); a handler's transaction holds a connection while it runs.
     */
    transactional: z.boolean().default(false),
    /** How often expired rows are deleted, at most. */
    purgeIntervalMs: z.int().min(1).default(60_000), // 1 min
  })
  .refine(
    (o) => (o.pool === undefined) !== (o.connectionString === undefined),
    'must give exactly one of pool and connectionString',
  )
  .refine((o) => !o.transactional || o.pool === undefined || typeof o.pool.connect === 'function', {
    message: 'must have connect() when transactional is true',
    path: ['pool'],
  })

/**
 * Options of {@link postgresStore}. Give either `pool` or `connectionString`.
 *
 * @example
 * const options: PostgresStoreOptions = { pool, table: 'events.handled', createTable: false }
 */
export type PostgresStoreOptions = z.input<typeof postgresStoreOptionsSchema>

const {
  pool: _pool,
  connectionString: _url,
  ...postgresDefaults
} = postgresStoreOptionsSchema.parse({
  connectionString: 'postgres://',
})

/**
 * Defaults of {@link postgresStore}.
 *
 * @example
 * postgresStore({ pool, table: `${defaultPostgresStoreOptions.table}_billing` })
 */
export const defaultPostgresStoreOptions: Readonly<
  Required<
    Pick<PostgresStoreOptions, 'table' | 'createTable' | 'takeOver' | 'transactional' | 'purgeIntervalMs'>
  >
> = Object.freeze(postgresDefaults)

const name = 'postgres'
const feature = 'postgresStore'

// A claim whose insert lost a race and whose snapshot predates the winner sees no row; a new
// statement gets a new snapshot, so a couple of rounds always settle it.
const claimAttempts = 5

// Another session creating the same objects without the lock (an older release, a migration):
// 42P07 duplicate_table, or 23505 unique_violation on pg_type/pg_class. The objects exist: carry on.
const alreadyCreatedStates = new Set(['23505', '42P07'])

/**
 * Creates an idempotency store backed by a PostgreSQL table
 * `(key text primary key, state text, expires_at timestamptz, owner_pid integer, owner_started timestamptz)`.
 *
 * @example
 * const store = postgresStore({ connectionString: 'postgres://app@db:5432/app' })
 * if ((await store.claim('orders:evt-1', 30_000)) === 'claimed') {
 *   await handle()
 *   await store.complete('orders:evt-1', 7 * 24 * 3_600_000)
 * }
 * await store.close()
 */
export function postgresStore(options: PostgresStoreOptions): IdempotencyStore {
  const config = parseOptions('postgresStore', postgresStoreOptionsSchema, options)
  const table = quoteTable(config.table)
  const purgeIntervalMs = config.purgeIntervalMs
  const owned = config.pool === undefined
  const connectionString = config.connectionString
  if (owned) requirePeer(feature, 'pg')
  // pg itself is loaded when the store is first used, not when @spool/bus is imported.
  let loaded: Promise<Pool> | undefined = owned ? undefined : Promise.resolve(config.pool!)
  function connect(): Promise<Pool> {
    if (loaded === undefined) {
      loaded = loadPg(feature).then((pg) => {
        const created = new pg.Pool({ connectionString })
        // An idle pooled connection that drops emits 'error' on the pool; unheard, it would crash
        // the process. The next query reconnects or fails with a retryable error.
        created.on('error', () => {})
        return created
      })
      // A load that failed is tried again by the next call.
      loaded.catch(() => {
        loaded = undefined
      })
    }
    return loaded
  }

  const sql = statements(table, config.table, config.takeOver)
  let ready: Promise<void> | undefined
  let closed = false
  let lastPurge = Date.now()
  let purging: Promise<void> | undefined

  function setUp(pool: Pool): Promise<void> {
    if (!config.createTable) return Promise.resolve()
    // CREATE ... IF NOT EXISTS is not safe when sessions run it at the same instant: both see no
    // table, and the later one fails on the catalog's unique index. An advisory lock taken in the
    // same transaction serialises the creations.
    ready ??= (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await pool.query(sql.createLocked)
          return
        } catch (error) {
          // A creator that took no lock won the race; the objects exist now, so a new attempt
          // finds them (and creates the index if that creator had not yet).
          const code = (error as { code?: unknown }).code
          if (attempt >= 3 || typeof code !== 'string' || !alreadyCreatedStates.has(code)) throw error
        }
      }
    })().catch((error: unknown) => {
      ready = undefined // let the next call try again
      throw error
    })
    return ready
  }

  // The owner session: a connection checked out while this store holds claims, whose pid marks
  // them as alive. It goes back to the pool when the last claim is completed or released, so a
  // pool given to the store can still be ended. Lost (the server restarted, the network dropped),
  // it is replaced on the next claim, and the claims made under it may then be taken over.
  let owner: Promise<Owner | undefined> | undefined
  let holders = 0
  const held = new Set<string>()
  function acquireOwner(pool: Pool): Promise<Owner | undefined> {
    // A pool of one connection would have none left for the claim itself.
    const max = (pool as { options?: { max?: unknown } }).options?.max
    if (!config.takeOver || pool.connect === undefined || max === 1) return Promise.resolve(undefined)
    holders++
    owner ??= (async () => {
      const client = await pool.connect!()
      try {
        let known = sessions.get(client)
        if (known === undefined) {
          const { rows } = await client.query<{ pid: number; started: string }>(sql.whoAmI)
          known = { pid: rows[0]!.pid, started: rows[0]!.started }
          sessions.set(client, known)
        }
        watch(client)
        return { client, ...known }
      } catch (error) {
        client.release(true)
        throw error
      }
    })()
    const current = owner
    current.catch(() => {
      if (owner === current) owner = undefined
    })
    return current.then(
      (session) => {
        if (session !== undefined && lost.has(session.client) && owner === current) {
          owner = undefined // replaced by the next claim
        }
        return session
      },
      (error: unknown) => {
        holders--
        throw error
      },
    )
  }
  function dropOwner(): void {
    holders--
    if (holders > 0 || owner === undefined) return
    const current = owner
    owner = undefined
    current.then(
      (session) => session?.client.release(session !== undefined && lost.has(session.client)),
      () => {},
    )
  }
  function settle(key: string): void {
    if (held.delete(key)) dropOwner()
  }

  async function run<T>(operation: string, body: (pool: Pool) => Promise<T>): Promise<T> {
    if (closed) throw closedError(name, operation)
    const pool = await connect()
    try {
      await setUp(pool)
      return await body(pool)
    } catch (error) {
      throw storeError(name, operation, error)
    }
  }

  function maybePurge(pool: Pool): void {
    if (purging || Date.now() - lastPurge < purgeIntervalMs) return
    lastPurge = Date.now()
    // Best effort and off the claim's path: a failed purge is simply tried again next interval.
    purging = pool
      .query(sql.purge)
      .then(
        () => {},
        () => {},
      )
      .finally(() => {
        purging = undefined
      })
  }

  async function runOnce(
    key: string,
    retentionMs: number,
    waitMs: number,
    body: (transaction: PgPoolClientLike) => Promise<unknown>,
  ): Promise<'ran' | 'done'> {
    checkKey(name, key)
    const retention = checkDuration(name, 'retentionMs', retentionMs)
    const wait = checkDuration(name, 'waitMs', waitMs)
    const client = await run('runOnce', async (pool) => pool.connect!())
    watch(client)
    let broken = false
    const onError = () => {
      broken = true
    }
    const step = async (operation: string, text: string, values?: unknown[]) => {
      try {
        return await client.query<{ one: number }>(text, values)
      } catch (error) {
        broken = true
        throw storeError(name, operation, error)
      }
    }
    let open = false
    try {
      await step('runOnce', 'BEGIN')
      open = true
      // Bounds the wait on another worker's transaction on this key, then back to the default
      // for the handler's own statements.
      await step('runOnce', `SET LOCAL lock_timeout = ${wait}`)
      const { rows } = await step('runOnce', sql.markDone, [storageKey(key), retention])
      if (rows.length === 0) {
        open = false
        await step('runOnce', 'ROLLBACK')
        return 'done'
      }
      await step('runOnce', 'SET LOCAL lock_timeout TO DEFAULT')
      try {
        await body(client)
      } catch (error) {
        open = false
        await client.query('ROLLBACK').catch(onError)
        throw error
      }
      open = false
      await step('complete', 'COMMIT')
      return 'ran'
    } finally {
      if (open && !broken) await client.query('ROLLBACK').catch(onError)
      client.release(broken || lost.has(client))
    }
  }

  return {
    ...(config.transactional ? { runOnce } : {}),

    async claim(key: string, leaseMs: number): Promise<ClaimResult> {
      checkKey(name, key)
      const lease = checkDuration(name, 'leaseMs', leaseMs)
      return run('claim', async (pool) => {
        maybePurge(pool)
        const stored = storageKey(key)
        const session = await acquireOwner(pool)
        const params = config.takeOver ? [stored, lease, session?.pid, session?.started] : [stored, lease]
        let result: ClaimResult = 'busy' // still racing with other writers: someone holds it now
        try {
          for (let attempt = 0; attempt < claimAttempts; attempt++) {
            const { rows } = await pool.query<{ result: string }>(sql.claim, params)
            const found = rows[0]?.result
            if (found === 'claimed' || found === 'done' || found === 'busy') {
              result = found
              break
            }
          }
        } finally {
          if (session !== undefined) {
            if (result === 'claimed' && !held.has(key)) held.add(key)
            else dropOwner()
          }
        }
        return result
      })
    },

    async complete(key: string, retentionMs: number): Promise<void> {
      checkKey(name, key)
      const retention = checkDuration(name, 'retentionMs', retentionMs)
      try {
        await run('complete', (pool) => pool.query(sql.complete, [storageKey(key), retention]))
      } finally {
        settle(key)
      }
    },

    async release(key: string): Promise<void> {
      checkKey(name, key)
      try {
        await run('release', (pool) => pool.query(sql.release, [storageKey(key)]))
      } finally {
        settle(key)
      }
    },

    async status(key: string): Promise<KeyStatus> {
      checkKey(name, key)
      const { rows } = await run('status', (pool) =>
        pool.query<{ state: string }>(sql.status, [storageKey(key)]),
      )
      const state = rows[0]?.state
      return state === 'done' ? 'done' : state === undefined ? 'absent' : 'busy'
    },

    async close(): Promise<void> {
      if (closed) return
      closed = true
      await purging
      const session = await owner?.catch(() => undefined)
      owner = undefined
      session?.client.release()
      held.clear()
      if (!owned || loaded === undefined) return
      let pool: Pool
      try {
        pool = await loaded
      } catch {
        return // never loaded: nothing was opened
      }
      try {
        await pool.end()
      } catch (error) {
        throw storeError(name, 'close', error)
      }
    },
  }
}

/**
 * A 64-bit advisory-lock key for a table name, as a SQL literal: the first 8 bytes of its SHA-256,
 * signed. A constant prefix keeps it apart from keys the application may use; stores of one
 * table in different schemas share a key, which only makes their creations wait for each other.
 */
function advisoryKey(tableName: string): string {
  const digest = createHash('sha256').update(`spool:idempotency:${tableName}`).digest()
  return `${digest.readBigInt64BE(0)}`
}

interface Session {
  pid: number
  /** backend_start as text: a JS Date would drop its microseconds and never compare equal. */
  started: string
}

interface Owner extends Session {
  client: PgPoolClientLike
}

// A pool hands out the same connection objects again: their session is looked up once.
const sessions = new WeakMap<PgPoolClientLike, Session>()

// Checked out, a connection's errors are not heard by its pool: unheard, one would crash the
// process. One listener per connection, for its whole life, marks it lost (not to be reused).
const watched = new WeakSet<PgPoolClientLike>()
const lost = new WeakSet<PgPoolClientLike>()
function watch(client: PgPoolClientLike): void {
  if (watched.has(client)) return
  watched.add(client)
  client.on('error', () => lost.add(client))
}

function statements(table: string, rawName: string, takeOver: boolean) {
  const baseName = rawName.split('.').pop()!
  // Index names live in the table's schema and are limited to 63 bytes.
  const index = `"${(baseName + '_expires_at_idx').slice(0, 63)}"`
  const expiresIn = (param: string) => `now() + ${param}::float8 * interval '1 millisecond'`
  const ownerColumns = takeOver ? ', owner_pid, owner_started' : ''
  const ownerUpdate = takeOver
    ? ', owner_pid = excluded.owner_pid, owner_started = excluded.owner_started'
    : ''
  // A session that cannot see another role's backend_start (no pg_read_all_stats) reads it as
  // null: the holder then counts as alive, and only its lease frees the key.
  const ownerGone = `cur.owner_pid IS NOT NULL AND NOT EXISTS (SELECT FROM pg_stat_activity a
        WHERE a.pid = cur.owner_pid AND (a.backend_start IS NULL OR a.backend_start = cur.owner_started))`
  // Tables made by an earlier release lack the owner columns: add them, under the same lock.
  const addOwner = takeOver
    ? `;
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = '${table.replaceAll("'", "''")}'::regclass
            AND attname = 'owner_pid' AND NOT attisdropped) THEN
          ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS owner_pid integer,
            ADD COLUMN IF NOT EXISTS owner_started timestamptz;
        END IF;
      END $$`
    : ''
  return {
    // Several statements in one simple-protocol query run as one implicit transaction, which holds
    // the advisory lock to its end (and is rolled back as a whole on error, leaving the pooled
    // connection clean). The key comes from the table's name, so other tables never wait here.
    // COLLATE "C": keys compare byte for byte, and the index skips locale rules.
    createLocked: `SELECT pg_advisory_xact_lock(${advisoryKey(baseName)});
      CREATE TABLE IF NOT EXISTS ${table} (
        key text COLLATE "C" PRIMARY KEY,
        state text NOT NULL,
        expires_at timestamptz NOT NULL,
        owner_pid integer,
        owner_started timestamptz);
      CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at)${addOwner}`,
    // The insert takes a free or expired key. When it does not, the second branch reports the
    // holder's state; it reads the statement's snapshot, so a row written by a concurrent claim
    // may be missing there, and the caller runs the statement again.
    claim: `WITH taken AS (
        INSERT INTO ${table} AS cur (key, state, expires_at${ownerColumns})
        VALUES ($1, 'busy', ${expiresIn('$2')}${takeOver ? ', $3::integer, $4::timestamptz' : ''})
        ON CONFLICT (key) DO UPDATE SET state = 'busy', expires_at = excluded.expires_at${ownerUpdate}
        WHERE cur.expires_at <= now()${takeOver ? ` OR (cur.state = 'busy' AND ${ownerGone})` : ''}
        RETURNING 'claimed'::text AS result)
      SELECT result FROM taken
      UNION ALL
      SELECT state FROM ${table} WHERE key = $1 AND expires_at > now() AND NOT EXISTS (SELECT FROM taken)`,
    // Taken in the handler's transaction: a concurrent insert of the key waits for it to end.
    markDone: `INSERT INTO ${table} AS cur (key, state, expires_at) VALUES ($1, 'done', ${expiresIn('$2')})
      ON CONFLICT (key) DO UPDATE SET state = 'done', expires_at = excluded.expires_at
      WHERE cur.expires_at <= now()
      RETURNING 1 AS one`,
    whoAmI: `SELECT pid, backend_start::text AS started FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
    complete: `INSERT INTO ${table} AS cur (key, state, expires_at) VALUES ($1, 'done', ${expiresIn('$2')})
      ON CONFLICT (key) DO UPDATE SET state = 'done', expires_at = excluded.expires_at`,
    release: `DELETE FROM ${table} WHERE key = $1 AND state = 'busy'`,
    status: `SELECT state FROM ${table} WHERE key = $1 AND expires_at > now()`,
    purge: `DELETE FROM ${table} WHERE expires_at <= now()`,
  }
}
