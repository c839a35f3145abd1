/** Recovery of the file store after crashes: torn tails, corrupt batches, SIGKILL, lost indexes. */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { open, readdir, rm, stat, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import type { FilePartitionLog } from '../../../src/log/file/partition.ts'
import { fileLogStore } from '../../../src/log/file/store.ts'
import { batch, records, testConfig } from '../helpers.ts'
import { tempDir } from './tmp.ts'

const config = { ...testConfig, segmentBytes: 4096, indexIntervalBytes: 200 }

/** Collects what recovery reports. */
function captureLogger() {
  const cuts: { file: string; position: number; bytes: number }[] = []
  return { cuts, logger: { warn: (details: (typeof cuts)[number]) => cuts.push(details) } }
}

/** A store with `count` batches of 2 records (values b<i>-0, b<i>-1), then "crashed" (not closed). */
async function crashedLog(t: TestContext, count: number) {
  const dir = await tempDir()
  const store = fileLogStore({ dir })
  const log = (await store.open('t', 0, config)) as FilePartitionLog
  // Release the file handles at the end without writing anything, as a dead process would.
  t.after(() => log.discard())
  const sizes: number[] = []
  for (let i = 0; i < count; i++) {
    const b = batch(`b${i}`, 2, { valueBytes: 30 })
    sizes.push(b.length)
    await log.append([b])
  }
  const segments = (await readdir(join(dir, 't-0'))).filter((n) => n.endsWith('.log')).sort()
  return { dir, partitionDir: join(dir, 't-0'), sizes, lastLog: join(dir, 't-0', segments.at(-1)!), log }
}

async function reopen(dir: string, logger = captureLogger().logger) {
  const store = fileLogStore({ dir, logger })
  const log = await store.open('t', 0, config)
  return { store, log }
}

async function allValues(log: {
  read(o: bigint, m: number): Promise<{ records: Buffer }>
  logStartOffset: bigint
  logEndOffset: bigint
}) {
  const out: string[] = []
  let at = log.logStartOffset
  while (at < log.logEndOffset) {
    const recs = records((await log.read(at, 1 << 20)).records)
    out.push(...recs.map((r) => r.value))
    at = BigInt(recs.at(-1)!.offset + 1)
  }
  return out
}

test('a torn tail (file cut mid-batch) is truncated to the last whole batch', async (t) => {
  const { dir, lastLog, sizes } = await crashedLog(t, 60)
  const size = (await stat(lastLog)).size
  await truncate(lastLog, size - Math.floor(sizes.at(-1)! / 2))
  const { cuts, logger } = captureLogger()
  const { store, log } = await reopen(dir, logger)
  t.after(() => store.close())
  assert.equal(log.logEndOffset, 118n, 'the torn last batch (offsets 118-119) is gone')
  assert.equal((await stat(lastLog)).size, size - sizes.at(-1)!)
  const values = await allValues(log)
  assert.equal(values.length, 118)
  assert.equal(values.at(-1), 'b58-1')
  assert.equal((await log.append([batch('after')])).baseOffset, 118n)
  assert.equal(records((await log.read(118n, 1000)).records)[0]!.value, 'after-0')
  assert.deepEqual(cuts, [
    { file: lastLog, position: size - sizes.at(-1)!, bytes: sizes.at(-1)! - Math.floor(sizes.at(-1)! / 2) },
  ])
})

test('a torn tail is found even when the log had been closed cleanly', async (t) => {
  const { dir, lastLog, sizes, log: first } = await crashedLog(t, 10)
  await first.close()
  await truncate(lastLog, (await stat(lastLog)).size - 3)
  const { store, log } = await reopen(dir)
  t.after(() => store.close())
  assert.equal(log.logEndOffset, 18n)
  assert.equal((await stat(lastLog)).size % sizes[0]!, 0)
})

test('a flipped byte in a batch (bad CRC) cuts the log from that batch on', async (t) => {
  const { dir, lastLog, sizes } = await crashedLog(t, 60)
  const size = (await stat(lastLog)).size
  // Corrupt the second-to-last batch's record bytes: it and everything after it must go.
  const at = size - sizes.at(-1)! - 10
  const fh = await open(lastLog, 'r+')
  const byte = Buffer.alloc(1)
  await fh.read(byte, 0, 1, at)
  byte[0] = byte[0]! ^ 0xff
  await fh.write(byte, 0, 1, at)
  await fh.close()
  const { store, log } = await reopen(dir)
  t.after(() => store.close())
  assert.equal(log.logEndOffset, 116n)
  assert.equal((await stat(lastLog)).size, size - sizes.at(-1)! - sizes.at(-2)!)
  assert.equal((await allValues(log)).at(-1), 'b57-1')
})

test('segments whose index files were lost are rebuilt and read correctly', async (t) => {
  const { dir, partitionDir, log: first } = await crashedLog(t, 120)
  await first.close()
  for (const name of await readdir(partitionDir)) {
    if (name.endsWith('.index') || name.endsWith('.timeindex')) await rm(join(partitionDir, name))
  }
  const { store, log } = await reopen(dir)
  t.after(() => store.close())
  assert.equal(log.logEndOffset, 240n)
  for (let o = 0; o < 240; o += 7) {
    const recs = records((await log.read(BigInt(o), 1)).records)
    assert.equal(recs[o % 2]!.offset, o, `offset ${o}`)
    assert.equal(recs[o % 2]!.value, `b${Math.floor(o / 2)}-${o % 2}`)
  }
  const indexes = (await readdir(partitionDir)).filter((n) => n.endsWith('.index'))
  assert.ok(indexes.length >= (await readdir(partitionDir)).filter((n) => n.endsWith('.log')).length - 1)
})

test('every append acknowledged before a SIGKILL is there after a restart', async (t) => {
  const dir = await tempDir()
  const child = spawn(process.execPath, [join(import.meta.dirname, 'append-child.ts'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  t.after(() => child.kill('SIGKILL'))
  const acked = new Map<number, string>()
  let buffered = ''
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)))
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        const [, offset, label] = line.split(' ')
        acked.set(Number(offset), label!)
      }
      // Kill while appends are in flight, well past a few segment rolls.
      if (acked.size >= 1500) {
        child.removeAllListeners('exit')
        child.kill('SIGKILL')
        child.on('exit', () => resolve())
      }
    })
  })
  const store = fileLogStore({ dir })
  t.after(() => store.close())
  const log = await store.open('killed', 0, { ...testConfig, segmentBytes: 64 * 1024 })
  const stored = new Map<number, string>()
  let at = log.logStartOffset
  while (at < log.logEndOffset) {
    const recs = records((await log.read(at, 1 << 20)).records)
    for (const r of recs) stored.set(r.offset, r.value)
    at = BigInt(recs.at(-1)!.offset + 1)
  }
  assert.ok(acked.size >= 1500)
  for (const [offset, label] of acked) assert.equal(stored.get(offset), label, `acked offset ${offset}`)
  assert.equal(stored.size, Number(log.logEndOffset), 'offsets are dense after recovery')
})
