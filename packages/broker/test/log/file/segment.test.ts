/** The file store's layout and segment logic: rolls, indexes, boundaries, timestamps, retention. */
import assert from 'node:assert/strict'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { validateBatch } from '@spool/protocol'
import type { FilePartitionLog } from '../../../src/log/file/partition.ts'
import { fileLogStore } from '../../../src/log/file/store.ts'
import type { LogConfig } from '../../../src/log/types.ts'
import { batch, records, testConfig } from '../helpers.ts'
import { tempDir } from './tmp.ts'

const config: LogConfig = { ...testConfig, segmentBytes: 1000, indexIntervalBytes: 100, retentionMs: -1 }

async function openLog(t: TestContext, dir?: string, overrides: Partial<LogConfig> = {}) {
  const folder = dir ?? (await tempDir())
  const store = fileLogStore({ dir: folder })
  t.after(() => store.close())
  const log = (await store.open('seg', 0, { ...config, ...overrides })) as FilePartitionLog
  return { dir: folder, store, log, partitionDir: join(folder, 'seg-0') }
}

/** Appends `count` batches of 1-4 records, each record's timestamp = 1000 * offset. */
async function fill(log: FilePartitionLog, count: number) {
  const layout: { base: number; count: number }[] = []
  for (let i = 0; i < count; i++) {
    const n = (i % 4) + 1
    const base = Number(log.logEndOffset)
    await log.append([
      batch(`v${i}`, n, {
        timestamps: Array.from({ length: n }, (_, k) => (base + k) * 1000),
        valueBytes: i % 50,
      }),
    ])
    layout.push({ base, count: n })
  }
  return layout
}

const logFiles = async (partitionDir: string) =>
  (await readdir(partitionDir)).filter((n) => n.endsWith('.log')).sort()

test('segments roll at segmentBytes and are named by their 20-digit base offset', async (t) => {
  const { log, partitionDir } = await openLog(t)
  await fill(log, 200)
  const files = await logFiles(partitionDir)
  assert.ok(files.length > 10, `${files.length} segments`)
  assert.equal(files.length, log.segmentCount)
  assert.equal(files[0], '00000000000000000000.log')
  let total = 0
  for (const f of files) {
    assert.match(f, /^\d{20}\.log$/)
    const size = (await stat(join(partitionDir, f))).size
    total += size
    assert.ok(size <= 1000 || f === files.at(-1), `${f} is ${size} bytes`)
    // Each file starts with the batch whose base offset is in its name.
    const head = records((await log.read(BigInt(Number(f.slice(0, 20))), 1)).records)
    assert.equal(head[0]!.offset, Number(f.slice(0, 20)))
  }
  assert.equal(total, log.size)
  const sealed = (await readdir(partitionDir)).filter((n) => n.endsWith('.index'))
  assert.ok(sealed.length >= files.length - 1, 'every sealed segment has its index written')
})

test('every offset reads from the batch that holds it, across many segments and after reopening', async (t) => {
  const { dir, store, log } = await openLog(t)
  const layout = await fill(log, 300)
  const check = async (l: FilePartitionLog) => {
    for (const { base, count } of layout) {
      for (let k = 0; k < count; k++) {
        const recs = records((await l.read(BigInt(base + k), 1)).records)
        assert.equal(recs[0]!.offset, base, `offset ${base + k}`)
        assert.equal(recs.length, count)
      }
    }
  }
  await check(log)
  await store.close()
  const { log: again } = await openLog(t, dir)
  assert.equal(again.logEndOffset, log.logEndOffset)
  await check(again)
})

test('a read stays within one segment and the next read continues in the following one', async (t) => {
  const { log, partitionDir } = await openLog(t)
  await fill(log, 60)
  const bases = (await logFiles(partitionDir)).map((f) => Number(f.slice(0, 20)))
  const boundary = bases[2]!
  const before = records((await log.read(BigInt(boundary - 1), 1 << 20)).records)
  assert.equal(before.at(-1)!.offset, boundary - 1, 'ends with the last record of the segment')
  const after = records((await log.read(BigInt(boundary), 1 << 20)).records)
  assert.equal(after[0]!.offset, boundary)
  assert.equal(after.at(-1)!.offset, bases[3]! - 1)
  // A consumer walking with large fetches sees every offset exactly once.
  const seen: number[] = []
  let at = 0n
  while (at < log.logEndOffset) {
    const recs = records((await log.read(at, 1 << 20)).records)
    seen.push(...recs.map((r) => r.offset))
    at = BigInt(recs.at(-1)!.offset + 1)
  }
  assert.deepEqual(
    seen,
    Array.from({ length: Number(log.logEndOffset) }, (_, i) => i),
  )
})

test('offsetForTimestamp across segments, before and after a restart', async (t) => {
  const { dir, store, log } = await openLog(t)
  await fill(log, 150)
  const end = Number(log.logEndOffset)
  const check = async (l: FilePartitionLog) => {
    for (let o = 0; o < end; o += 5) {
      const hit = await l.offsetForTimestamp(BigInt(o * 1000 - 500))
      assert.deepEqual(hit, { offset: BigInt(o), timestamp: BigInt(o * 1000) }, `time of offset ${o}`)
    }
    assert.deepEqual(await l.offsetForTimestamp(-3n), {
      offset: BigInt(end - 1),
      timestamp: BigInt((end - 1) * 1000),
    })
    assert.equal(await l.offsetForTimestamp(BigInt(end * 1000)), undefined)
  }
  await check(log)
  await store.close()
  const { log: again } = await openLog(t, dir)
  await check(again)
})

test('retention by time deletes whole old segments from disk, never the newest data', async (t) => {
  const { log, partitionDir } = await openLog(t, undefined, { retentionMs: 100_000 })
  await fill(log, 100)
  const end = Number(log.logEndOffset)
  const filesBefore = await logFiles(partitionDir)
  // Timestamps are offset * 1000: at now = end * 1000, offsets below end - 100 are expired.
  const freed = await log.enforceRetention(end * 1000)
  const filesAfter = await logFiles(partitionDir)
  assert.ok(freed > 0)
  assert.ok(filesAfter.length < filesBefore.length)
  const firstBase = Number(filesAfter[0]!.slice(0, 20))
  assert.equal(log.logStartOffset, BigInt(firstBase))
  assert.ok(firstBase <= end - 100, 'a segment holding unexpired records stays')
  assert.ok((await readdir(partitionDir)).every((n) => !n.startsWith(filesBefore[0]!.slice(0, 20))))
  assert.equal(records((await log.read(BigInt(end - 1), 1)).records).at(-1)!.offset, end - 1)
})

test('retention by size deletes the oldest segments first', async (t) => {
  const { log, partitionDir } = await openLog(t)
  await fill(log, 100)
  log.updateConfig({ retentionBytes: 3000 })
  await log.enforceRetention(Date.now())
  assert.ok(log.size >= 3000 && log.size < 4000, `${log.size} bytes kept`)
  const sizes = await Promise.all(
    (await logFiles(partitionDir)).map(async (f) => (await stat(join(partitionDir, f))).size),
  )
  assert.equal(
    sizes.reduce((a, b) => a + b, 0),
    log.size,
  )
})

test('deleteRecordsBefore mid-segment: start moves, older segments go, and it survives a restart', async (t) => {
  const { dir, store, log, partitionDir } = await openLog(t)
  await fill(log, 100)
  const bases = (await logFiles(partitionDir)).map((f) => Number(f.slice(0, 20)))
  const cut = bases[3]! + 2
  assert.equal(await log.deleteRecordsBefore(BigInt(cut)), BigInt(cut))
  assert.deepEqual(
    (await logFiles(partitionDir)).map((f) => Number(f.slice(0, 20))),
    bases.slice(3),
    'segments wholly below the new start are deleted',
  )
  await assert.rejects(log.read(BigInt(cut - 1), 100), { code: 'SPOOL_ERR_OFFSET_OUT_OF_RANGE' })
  assert.ok(records((await log.read(BigInt(cut), 100)).records).some((r) => r.offset === cut))
  assert.equal((await readFile(join(partitionDir, 'log-start-offset'), 'utf8')).trim(), String(cut))
  await store.close()
  const { log: again } = await openLog(t, dir)
  assert.equal(again.logStartOffset, BigInt(cut))
  await assert.rejects(again.read(BigInt(cut - 1), 100), { code: 'SPOOL_ERR_OFFSET_OUT_OF_RANGE' })
})

test('existing() lists partition folders only; remove() deletes the folder', async (t) => {
  const dir = await tempDir()
  await mkdir(join(dir, 'not a partition'))
  await writeFile(join(dir, 'stray-1'), 'a file, not a folder')
  const store = fileLogStore({ dir })
  t.after(() => store.close())
  await (await store.open('a.b_c-d', 12, config)).append([batch('x')])
  assert.deepEqual(await store.existing(), [{ topic: 'a.b_c-d', partition: 12 }])
  await store.remove('a.b_c-d', 12)
  await assert.rejects(stat(join(dir, 'a.b_c-d-12')), { code: 'ENOENT' })
  assert.deepEqual(await store.existing(), [])
  await assert.rejects(store.open('../escape', 0, config), { code: 'SPOOL_ERR_INVALID_ARGUMENT' })
})

test('an fsync-per-append store keeps the same contract', async (t) => {
  const dir = await tempDir()
  const store = fileLogStore({ dir, flushIntervalMs: 0 })
  t.after(() => store.close())
  const log = await store.open('sync', 0, config)
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => log.append([batch(`s${i}`)])))
  assert.deepEqual(
    results.map((r) => Number(r.baseOffset)),
    Array.from({ length: 20 }, (_, i) => i),
  )
  assert.throws(() => fileLogStore({ dir, flushIntervalMs: -7 }), /flushIntervalMs/)
})

test('large groups are written in parallel slices and read back intact; maxReadBytes caps a read', async (t) => {
  const dir = await tempDir()
  const store = fileLogStore({ dir, maxReadBytes: 1024 * 1024 })
  t.after(() => store.close())
  const log = await store.open('wide', 0, {
    ...config,
    segmentBytes: 64 * 1024 * 1024,
    maxMessageBytes: 2 * 1024 * 1024,
  })
  // Eight ~600 KB batches at once form one 4.8 MB group: several slices written concurrently.
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) => log.append([batch(`w${i}`, 20, { valueBytes: 30_000 })])),
  )
  assert.deepEqual(
    results.map((r) => Number(r.baseOffset)),
    Array.from({ length: 8 }, (_, i) => i * 20),
  )
  const first = await log.read(0n, 100 * 1024 * 1024)
  assert.ok(first.records.length <= 1024 * 1024, 'maxReadBytes bounds the read')
  for (let i = 0; i < 8; i++) {
    const { records: buf } = await log.read(BigInt(i * 20 + 5), 1)
    validateBatch(buf)
    const recs = records(buf)
    assert.equal(recs.length, 20)
    assert.equal(recs[19]!.value, `w${i}-19`)
    assert.equal(recs[0]!.offset, i * 20)
  }
})
