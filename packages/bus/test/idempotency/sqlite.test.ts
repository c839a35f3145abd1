import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { defaultSqliteStoreOptions, sqliteStore } from '../../src/idempotency/sqlite.ts'
import { idempotencyStoreContract } from './contract.ts'

const dir = mkdtempSync(join(tmpdir(), 'spool-idempotency-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const path = join(dir, 'contract.db')

idempotencyStoreContract('sqlite', { open: () => sqliteStore({ path }), shared: true })

const lease = 30_000 // 30 s

test('sqliteStore keeps done keys across reopening the file', async () => {
  const file = join(dir, 'reopen.db')
  const first = sqliteStore({ path: file, table: 'Handled_Events' })
  assert.equal(await first.claim('orders:evt-1', lease), 'claimed')
  await first.complete('orders:evt-1', lease)
  await first.close()

  const second = sqliteStore({ path: file, table: 'Handled_Events' })
  assert.equal(await second.claim('orders:evt-1', lease), 'done')
  await second.close()

  const db = new DatabaseSync(file)
  const mode = db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }
  const rows = db.prepare('SELECT key, state FROM "Handled_Events"').all()
  db.close()
  assert.equal(mode.journal_mode, 'wal')
  assert.deepEqual(
    rows.map((row) => ({ ...row })),
    [{ key: 'orders:evt-1', state: 'done' }],
  )
})

test('sqliteStore deletes expired rows during later claims', async (t) => {
  const file = join(dir, 'purge.db')
  const store = sqliteStore({ path: file, purgeIntervalMs: 1 })
  t.after(() => store.close())
  await store.complete('old-done', 50)
  await store.claim('old-busy', 50)
  await store.claim('current', lease)
  await sleep(100)
  await store.claim('trigger', lease)

  const db = new DatabaseSync(file)
  const keys = db.prepare('SELECT key FROM spool_idempotency ORDER BY key').all()
  db.close()
  assert.deepEqual(
    keys.map((row) => row.key),
    ['current', 'trigger'],
  )
})

test('sqliteStore reports a write lock held elsewhere as a retryable error', async (t) => {
  const file = join(dir, 'locked.db')
  const store = sqliteStore({ path: file, busyTimeoutMs: 0 })
  t.after(() => store.close())
  const other = new DatabaseSync(file)
  t.after(() => other.close())
  other.exec('BEGIN IMMEDIATE')
  await assert.rejects(store.claim('k', lease), { code: 'SPOOL_ERR_IDEMPOTENCY_STORE', retryable: true })
  other.exec('ROLLBACK')
  assert.equal(await store.claim('k', lease), 'claimed')
})

test('sqliteStore reports an unopenable file as a store error', () => {
  assert.throws(() => sqliteStore({ path: join(dir, 'missing-dir', 'x.db') }), {
    code: 'SPOOL_ERR_IDEMPOTENCY_STORE',
    message: /open .*x\.db/,
  })
})

test('sqliteStore validates its options and freezes its defaults', () => {
  assert.ok(Object.isFrozen(defaultSqliteStoreOptions))
  const invalid = { code: 'SPOOL_ERR_INVALID_OPTION', retryable: false }
  assert.throws(() => sqliteStore({} as never), { ...invalid, message: /path/ })
  assert.throws(() => sqliteStore({ path: ':memory:', table: 'x; DROP TABLE y' }), {
    ...invalid,
    message: /table/,
  })
  assert.throws(() => sqliteStore({ path: ':memory:', table: 'main.x' }), /table/)
  assert.throws(() => sqliteStore({ path: ':memory:', purgeIntervalMs: 0 }), /purgeIntervalMs/)
  assert.throws(() => sqliteStore({ path: ':memory:', busyTimeoutMs: -1 }), /busyTimeoutMs/)
  assert.throws(
    () => sqliteStore({ path: ':memory:', tabel: 'x' } as never),
    /unknown option 'tabel' \(did you mean 'table'\?\)/,
  )
})
