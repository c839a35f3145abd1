/**
 * The store clients (pg, ioredis) are optional peers and node:sqlite is not unflagged on every
 * supported Node: importing @spool/bus loads none of them, a store loads its module when used, and
 * a store whose module is missing says what to install. Each case runs in a child process whose
 * module resolution is hooked before @spool/bus is imported (fixtures/peers-child.ts).
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { test } from 'node:test'
import { promisify } from 'node:util'

const child = join(import.meta.dirname, 'fixtures/peers-child.ts')

async function run(mode: string): Promise<Record<string, any>> {
  const { stdout } = await promisify(execFile)(process.execPath, [child, mode], {
    cwd: import.meta.dirname,
    timeout: 60_000,
  })
  return JSON.parse(stdout.trim().split('\n').at(-1)!)
}

test('importing @spool/bus loads neither pg, ioredis nor node:sqlite; each store loads its own when used', async () => {
  const report = await run('loads')
  assert.deepEqual(report.afterImport, [])
  assert.deepEqual(report.afterSqliteStore, ['node:sqlite'])
  // Creating a store only checks that pg can be found; its first call loads it.
  assert.deepEqual(report.afterPostgresStore, ['node:sqlite'])
  assert.deepEqual(report.afterPostgresClaim, ['node:sqlite', 'pg'])
  assert.deepEqual(report.afterRedisStore, ['node:sqlite', 'pg'])
  assert.deepEqual(report.afterRedisClaim, ['ioredis', 'node:sqlite', 'pg'])
})

test('a store whose client package is not installed names the package to install', async () => {
  const report = await run('without-packages')
  assert.deepEqual(report.afterImport, [])
  assert.deepEqual(report.postgresStore, {
    code: 'SPOOL_ERR_INVALID_OPTION',
    name: 'SpoolBusError',
    message: "postgresStore needs the 'pg' package: npm install pg",
  })
  assert.deepEqual(report.redisStore, {
    code: 'SPOOL_ERR_INVALID_OPTION',
    name: 'SpoolBusError',
    message: "redisStore needs the 'ioredis' package: npm install ioredis",
  })
  // Given a client, a store needs no package of its own.
  assert.equal(report.postgresWithPool, 'claimed')
  assert.equal(report.redisWithClient, 'claimed')
  assert.deepEqual(report.atEnd, [])
})

test('on a Node without unflagged node:sqlite, the sqlite store names the Node versions that have it and a bus runs without its spool', async () => {
  const report = await run('without-sqlite')
  assert.deepEqual(report.afterImport, [])
  assert.equal(report.sqliteStore.code, 'SPOOL_ERR_INVALID_OPTION')
  assert.match(
    report.sqliteStore.message,
    /^sqliteStore needs node:sqlite, which Node ≥ 22\.13 has without a flag/,
  )
  // A service still starts with the default offline: 'spool': the bus says once why it has no spool.
  assert.deepEqual(report.spoolingBus, { ok: true })
  assert.equal(report.warnings.length, 1, JSON.stringify(report.warnings))
  assert.match(report.warnings[0], /^the offline spool needs node:sqlite \(Node 22\.13\+.*offline: 'fail'/)
  // Everything that does not need it still works.
  assert.deepEqual(report.failingBus, { ok: true })
  assert.deepEqual(report.memoryStore, { ok: true })
})
