import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { defaultPostgresStoreOptions, postgresStore } from '../../src/idempotency/postgres.ts'
import { idempotencyStoreContract } from './contract.ts'
import { postgresTestUrl, probePostgres, serviceMissing } from './services.ts'

const lease = 30_000 // 30 s
const unreachable = await probePostgres(postgresTestUrl)

// Needs no server: options are checked before any connection is made.
test('postgresStore validates its options and freezes its defaults', () => {
  assert.ok(Object.isFrozen(defaultPostgresStoreOptions))
  const invalid = { code: 'SPOOL_ERR_INVALID_OPTION', retryable: false }
  const url = postgresTestUrl
  assert.throws(() => postgresStore({}), { ...invalid, message: /pool and connectionString/ })
  assert.throws(() => postgresStore({ pool: {} as pg.Pool }), /option 'pool' must be a pg Pool/)
  assert.throws(
    () => postgresStore({ connectionString: url, table: 'a"b' }),
    /option 'table' must be an identifier or schema\.identifier/,
  )
  assert.throws(
    () => postgresStore({ connectionString: url, table: 'a.b.c' }),
    /option 'table' must be an identifier or schema\.identifier/,
  )
  assert.throws(() => postgresStore({ connectionString: url, createTable: 'yes' as never }), /createTable/)
  assert.throws(() => postgresStore({ connectionString: url, purgeIntervalMs: 0 }), /purgeIntervalMs/)
  assert.throws(() => postgresStore({ connectionString: url, takeOver: 1 as never }), /takeOver/)
  assert.throws(
    () => postgresStore({ pool: { query() {} } as never, transactional: true }),
    /option 'pool' must have connect\(\) when transactional is true/,
  )
  assert.throws(
    () => postgresStore({ connectionString: url, tabel: 'x' } as never),
    /unknown option 'tabel' \(did you mean 'table'\?\)/,
  )
})

if (unreachable !== undefined) {
  serviceMissing('PostgreSQL', postgresTestUrl, 'SPOOL_TEST_POSTGRES_URL', unreachable)
} else {
  // Small pools: several test files may share the server's connection limit.
  const admin = new pg.Pool({ connectionString: postgresTestUrl, max: 4 })
  const tables: string[] = []
  // One set of tables per run keeps parallel runs apart; all are dropped at the end.
  const newTable = () => {
    const table = `spool_idem_test_${randomUUID().replaceAll('-', '').slice(0, 20)}`
    tables.push(table)
    return table
  }
  after(async () => {
    for (const table of tables) await admin.query(`DROP TABLE IF EXISTS "${table}"`)
    await admin.end()
  })

  const contractTable = newTable()
  idempotencyStoreContract('postgres', {
    open: (t) => {
      const pool = new pg.Pool({ connectionString: postgresTestUrl, max: 4 })
      const store = postgresStore({ pool, table: contractTable })
      // A store holding claims has a connection of the pool checked out: close it first.
      t.after(async () => {
        await store.close()
        await pool.end()
      })
      return store
    },
    shared: true,
  })

  describe('postgresStore', () => {
    test('creates its table on first use, also when several workers start at once', async (t) => {
      const table = newTable()
      const stores = Array.from({ length: 4 }, () =>
        postgresStore({ connectionString: postgresTestUrl, table: `public.${table}` }),
      )
      t.after(() => Promise.all(stores.map((store) => store.close())))
      const results = await Promise.all(stores.map((store) => store.claim('orders:evt-1', lease)))
      assert.deepEqual(results.toSorted(), ['busy', 'busy', 'busy', 'claimed'])
      const { rows } = await admin.query(`SELECT key, state, expires_at > now() AS live FROM "${table}"`)
      assert.deepEqual(rows, [{ key: 'orders:evt-1', state: 'busy', live: true }])
    })

    test('50 rounds of 8 workers starting at once on a fresh table all claim without error', async () => {
      // The race of the test above, made likely: many sessions creating one table at one instant.
      for (let round = 0; round < 50; round++) {
        const table = newTable()
        const stores = Array.from({ length: 8 }, () =>
          postgresStore({ connectionString: postgresTestUrl, table, purgeIntervalMs: 3_600_000 }),
        )
        try {
          const results = await Promise.all(stores.map((store) => store.claim('k', lease)))
          assert.equal(results.filter((r) => r === 'claimed').length, 1, `round ${round}`)
        } finally {
          await Promise.all(stores.map((store) => store.close()))
        }
      }
    })

    test('takes over at once the claim of a worker whose session died, not a live one', async (t) => {
      const table = newTable()
      const open = (takeOver = true) => {
        const store = postgresStore({ connectionString: postgresTestUrl, table, takeOver })
        t.after(() => store.close())
        return store
      }
      const dying = open()
      const living = open()
      const other = open()
      assert.equal(await dying.claim('a', lease), 'claimed')
      assert.equal(await living.claim('b', lease), 'claimed')
      assert.equal(await other.claim('a', lease), 'busy')
      // A killed process's connections close; its backends end. Ending them is the same to the store.
      const { rows } = await admin.query(`SELECT owner_pid FROM "${table}" WHERE key = 'a'`)
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].owner_pid])
      const deadline = Date.now() + 5_000
      let result = await other.claim('a', lease)
      while (result === 'busy' && Date.now() < deadline) {
        await sleep(20) // the backend takes a moment to leave pg_stat_activity
        result = await other.claim('a', lease)
      }
      assert.equal(result, 'claimed')
      assert.equal(await other.claim('b', lease), 'busy')
      assert.equal(await open(false).claim('b', lease), 'busy')
    })

    test('adds the owner columns to a table made without them', async (t) => {
      const table = newTable()
      await admin.query(
        `CREATE TABLE "${table}" (key text COLLATE "C" PRIMARY KEY, state text NOT NULL, expires_at timestamptz NOT NULL)`,
      )
      const store = postgresStore({ connectionString: postgresTestUrl, table })
      t.after(() => store.close())
      assert.equal(await store.claim('k', lease), 'claimed')
      const { rows } = await admin.query(`SELECT owner_pid IS NOT NULL AS owned FROM "${table}"`)
      assert.deepEqual(rows, [{ owned: true }])
    })

    test("transactional: the handler's writes and the done mark commit together or not at all", async (t) => {
      const table = newTable()
      const effects = newTable()
      await admin.query(`CREATE TABLE "${effects}" (v text)`)
      const store = postgresStore({ connectionString: postgresTestUrl, table, transactional: true })
      t.after(() => store.close())
      assert.equal(typeof store.runOnce, 'function')
      const write = (v: string) => (tx: { query(text: string, values: unknown[]): Promise<unknown> }) =>
        tx.query(`INSERT INTO "${effects}" (v) VALUES ($1)`, [v])

      // A handler that throws leaves neither its write nor the mark.
      const boom = new Error('boom')
      await assert.rejects(
        store.runOnce!('k', lease, 1_000, async (tx) => {
          await write('failed')(tx)
          throw boom
        }),
        (error) => error === boom,
      )
      assert.equal(await store.status('k'), 'absent')

      // Two workers at once: one runs, the other waits on its transaction, then sees done.
      let release!: () => void
      const gate = new Promise<void>((resolve) => {
        release = resolve
      })
      const first = store.runOnce!('k', lease, 5_000, async (tx) => {
        await write('once')(tx)
        await gate
      })
      await sleep(50)
      const second = store.runOnce!('k', lease, 5_000, write('twice'))
      await sleep(50)
      release()
      assert.deepEqual(await Promise.all([first, second]), ['ran', 'done'])
      assert.equal(await store.status('k'), 'done')
      const { rows } = await admin.query(`SELECT v FROM "${effects}" ORDER BY v`)
      assert.deepEqual(
        rows.map((row) => row.v),
        ['once'],
      )
      assert.equal(postgresStore({ connectionString: postgresTestUrl, table }).runOnce, undefined)
    })

    test('with createTable off, a missing table is a non-retryable error', async (t) => {
      const store = postgresStore({
        connectionString: postgresTestUrl,
        table: newTable(),
        createTable: false,
      })
      t.after(() => store.close())
      await assert.rejects(store.claim('k', lease), {
        code: 'SPOOL_ERR_IDEMPOTENCY_STORE',
        retryable: false,
        message: /does not exist/,
      })
    })

    test('deletes expired rows during later claims', async (t) => {
      const table = newTable()
      const store = postgresStore({ connectionString: postgresTestUrl, table, purgeIntervalMs: 1 })
      t.after(() => store.close())
      await store.complete('old-done', 50)
      await store.claim('old-busy', 50)
      await store.claim('current', lease)
      await sleep(100)
      await store.claim('trigger', lease)
      await store.close() // waits for the purge it started
      const { rows } = await admin.query(`SELECT key FROM "${table}" ORDER BY key`)
      assert.deepEqual(
        rows.map((row) => row.key),
        ['current', 'trigger'],
      )
    })

    test('leaves a pool it was given open', async (t) => {
      const pool = new pg.Pool({ connectionString: postgresTestUrl, max: 2 })
      t.after(() => pool.end())
      const store = postgresStore({ pool, table: contractTable })
      assert.equal(await store.claim(randomUUID(), lease), 'claimed')
      await store.close()
      assert.deepEqual((await pool.query('SELECT 1 AS one')).rows, [{ one: 1 }])
    })

    test('reports an unreachable server as a retryable error', async (t) => {
      const store = postgresStore({
        connectionString: 'postgres://postgres@127.0.0.1:1/test',
        table: newTable(),
      })
      t.after(() => store.close())
      await assert.rejects(store.claim('k', lease), { code: 'SPOOL_ERR_IDEMPOTENCY_STORE', retryable: true })
    })
  })
}
