/**
 * Partition log micro-benchmark: append and read throughput of the file log store, against a bare
 * baseline measured in the same run (positional writes / reads of the same bytes with a FileHandle).
 *
 *   npx node bench/broker-log/run.ts [--mb 256] [--batch 16384] [--inflight 8] [--runs 3] [--dir /dev/shm]
 *
 * Each case runs `runs` times, alternating with its baseline, and the best run is reported (the
 * page cache's writeback makes single runs noisy). `--dir` picks the file system (default: the
 * system temporary folder; a tmpfs such as /dev/shm shows the CPU cost alone).
 */
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { encodeBatch } from '@spool/protocol'
import { defaultLogConfig } from '../../packages/broker/src/log/config.ts'
import { fileLogStore } from '../../packages/broker/src/log/file/store.ts'
import { memoryLogStore } from '../../packages/broker/src/log/memory.ts'
import type { LogStore } from '../../packages/broker/src/log/types.ts'

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '256' },
    batch: { type: 'string', default: '16384' },
    inflight: { type: 'string', default: '8' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: tmpdir() },
  },
})
const MB = 1024 * 1024
const totalBytes = Number(values.mb) * MB
const batchBytes = Number(values.batch)
const inflight = Number(values.inflight)
const runs = Number(values.runs)

/** A batch of 1 KB records adding up to about `bytes`, as a producer with batch.size = bytes sends. */
function makeBatch(bytes: number): Buffer {
  const count = Math.max(1, Math.floor(bytes / 1024))
  const value = Buffer.alloc(Math.min(bytes, 1024) - 20, 'x')
  return encodeBatch({ records: Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value })) })
}

const template = makeBatch(batchBytes)
const rounds = Math.ceil(totalBytes / (template.length * inflight))
const pool = Array.from({ length: inflight }, () => Buffer.from(template))

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now()
  await fn()
  return (rounds * inflight * template.length) / MB / ((performance.now() - start) / 1000)
}

async function baselineWrite(dir: string): Promise<number> {
  const fh = await open(join(dir, 'baseline.log'), 'w+')
  let position = 0
  const mbps = await timed(async () => {
    for (let r = 0; r < rounds; r++) {
      await Promise.all(
        pool.map((b) => {
          const at = position
          position += b.length
          return fh.write(b, 0, b.length, at)
        }),
      )
    }
  })
  await fh.close()
  return mbps
}

async function baselineRead(dir: string, fetchBytes: number): Promise<number> {
  const fh = await open(join(dir, 'baseline.log'), 'r')
  const size = (await fh.stat()).size
  const start = performance.now()
  for (let at = 0; at < size; at += fetchBytes) {
    const buf = Buffer.allocUnsafe(Math.min(fetchBytes, size - at))
    await fh.read(buf, 0, buf.length, at)
  }
  await fh.close()
  return size / MB / ((performance.now() - start) / 1000)
}

async function storeAppend(store: LogStore): Promise<number> {
  const log = await store.open('bench', 0, { ...defaultLogConfig, segmentBytes: 256 * MB })
  return timed(async () => {
    for (let r = 0; r < rounds; r++) await Promise.all(pool.map((b) => log.append([b])))
  })
}

async function storeRead(store: LogStore, fetchBytes: number): Promise<number> {
  const log = await store.open('bench', 0, defaultLogConfig)
  let bytes = 0
  let at = log.logStartOffset
  const start = performance.now()
  while (at < log.logEndOffset) {
    const { records } = await log.read(at, fetchBytes)
    bytes += records.length
    // Every batch holds the same number of records: step over the whole batches returned.
    at += BigInt((records.length / template.length) * (template.readInt32BE(23) + 1))
  }
  return bytes / MB / ((performance.now() - start) / 1000)
}

/** Best of `runs` for each case; the cases of one round run back to back, so they share conditions. */
async function bestOf(cases: Record<string, (round: number) => Promise<number>>) {
  const best: Record<string, number> = {}
  for (let round = 0; round < runs; round++) {
    for (const [name, fn] of Object.entries(cases)) best[name] = Math.max(best[name] ?? 0, await fn(round))
  }
  return best
}

const dir = await mkdtemp(join(values.dir, 'spool-bench-log-'))
try {
  const line = (name: string, mbps: number, base?: number) =>
    console.log(
      `${name.padEnd(34)} ${mbps.toFixed(0).padStart(6)} MB/s${base ? `   ${(mbps / base).toFixed(2)}x baseline` : ''}`,
    )
  console.log(
    `${((rounds * inflight * template.length) / MB) | 0} MB in ${template.length}-byte batches, ${inflight} appends in flight, best of ${runs}`,
  )
  const fresh = async (round: number) => {
    await rm(join(dir, `store${round}`), { recursive: true, force: true })
    return fileLogStore({ dir: join(dir, `store${round}`) })
  }
  const stores: LogStore[] = []
  const r = await bestOf({
    baselineWrite: async () => baselineWrite(dir),
    fileAppend: async (round) => {
      const store = await fresh(round)
      stores[round] = store
      return storeAppend(store)
    },
    baselineRead: async () => baselineRead(dir, MB),
    fileRead: async (round) => {
      const mbps = await storeRead(stores[round]!, MB)
      await stores[round]!.close()
      await rm(join(dir, `store${round}`), { recursive: true, force: true })
      return mbps
    },
  })
  line('baseline positional writes', r.baselineWrite!)
  line('file store append', r.fileAppend!, r.baselineWrite)
  line('baseline 1 MB positional reads', r.baselineRead!)
  line('file store read (1 MB fetches)', r.fileRead!, r.baselineRead)
  const memory = memoryLogStore()
  line('memory store append', await storeAppend(memory))
  line('memory store read (1 MB fetches)', await storeRead(memory, MB))
} finally {
  await rm(dir, { recursive: true, force: true })
}
