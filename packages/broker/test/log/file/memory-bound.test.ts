/**
 * The file store serves from disk: pushing 200 MB through it (and reading it all back) must not grow
 * the process's resident memory by anything like 200 MB.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { encodeBatch } from '@spool/protocol'
import { fileLogStore } from '../../../src/log/file/store.ts'
import { testConfig } from '../helpers.ts'
import { tempDir } from './tmp.ts'

const MB = 1024 * 1024

// A collection on demand separates what the store keeps from garbage the GC has not reclaimed yet.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

test('appending and reading 200 MB keeps RSS far below 200 MB', async (t) => {
  const dir = await tempDir()
  const store = fileLogStore({ dir })
  t.after(() => store.close())
  const log = await store.open('big', 0, { ...testConfig, segmentBytes: 32 * MB, maxMessageBytes: 2 * MB })
  // One ~1 MB batch of 16 records, appended again and again (append only rewrites its base offset).
  const value = Buffer.alloc(64 * 1024, 7)
  const template = encodeBatch({ records: Array.from({ length: 16 }, () => ({ value })) })
  // Four buffers reused round after round: an append must not keep a reference to its input.
  const inFlight = [0, 1, 2, 3].map(() => Buffer.from(template))
  gc()
  const before = process.memoryUsage.rss()
  let peak = before
  let retained = before
  const sample = (i: number) => {
    peak = Math.max(peak, process.memoryUsage.rss())
    if (i % 16 === 0) {
      gc()
      retained = Math.max(retained, process.memoryUsage.rss())
    }
  }
  let written = 0
  for (let i = 0; written < 200 * MB; i++) {
    // Four appends in flight, like a broker serving several producers.
    await Promise.all(inFlight.map((b) => log.append([b])))
    written += 4 * template.length
    sample(i)
  }
  assert.equal(log.size, written)
  let read = 0
  let at = 0n
  for (let i = 0; at < log.logEndOffset; i++) {
    const { records } = await log.read(at, MB)
    read += records.length
    at += BigInt(records.length / template.length) * 16n
    sample(i)
  }
  assert.equal(read, written)
  const grown = (peak - before) / MB
  const kept = (retained - before) / MB
  t.diagnostic(`RSS grew by ${grown.toFixed(1)} MB at peak, ${kept.toFixed(1)} MB after collections`)
  assert.ok(grown < 100, `RSS peak grew by ${grown.toFixed(1)} MB`)
  assert.ok(kept < 32, `RSS after collection grew by ${kept.toFixed(1)} MB`)
})
