/**
 * A longer fuzz run than the test suite's: mutated frames of every API against a file-backed
 * embedded broker, then checks that the records stored first are intact, that a fresh client is
 * served, and that the broker restarts on the same data directory with the data still there.
 *
 * Usage: node bench/broker/fuzz.ts [--frames 1000000] [--seed 7] [--connections 8] [--memory]
 * Exits 1 when a check fails (the message says which).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startBroker } from '@spool/broker'
import {
  createTopicWire,
  produceWire,
  readTopic,
} from '../../packages/broker/test/conformance/support/neutral.ts'
import { runFuzz } from '../../packages/broker/test/fuzz/driver.ts'

const { values: args } = parseArgs({
  options: {
    frames: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    connections: { type: 'string', default: '8' },
    memory: { type: 'boolean', default: false },
  },
})
const frames = Number(args.frames)
const seed = Number(args.seed)
const dataDir = args.memory ? undefined : await mkdtemp(join(tmpdir(), 'spool-fuzz-bench-'))
const failures: string[] = []
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
  if (!ok) failures.push(what)
}

console.log(
  `fuzz: ${frames} frames, seed ${seed}, ${dataDir ? `file storage in ${dataDir}` : 'memory storage'}`,
)
let broker = await startBroker({ port: 0, dataDir })
const kept = 'kept-before-fuzzing'
await createTopicWire(broker.bootstrap, kept, 3)
const expected: string[] = []
for (let p = 0; p < 3; p++) {
  const values = Array.from({ length: 200 }, (_, i) => `before-${p}-${i}`)
  await produceWire(
    broker.bootstrap,
    kept,
    p,
    values.map((value) => ({ value, timestamp: BigInt(Date.now()) })),
  )
  expected.push(...values)
}
const stored = async () =>
  (await readTopic(broker.bootstrap, kept))
    .flatMap((p) => p.records.map((r) => r.value))
    .sort()
    .join('\n')

const stats = await runFuzz({ port: broker.port, frames, seed, connections: Number(args.connections) })
console.log(
  `${stats.delivered} frames in ${(stats.ms / 1000).toFixed(1)} s (${Math.round(stats.delivered / (stats.ms / 1000))}/s): ` +
    `${stats.answered} answered, ${stats.closed} closed, ${stats.stalled} stalled, ${stats.silent} silent; ` +
    `${stats.connections} connections; broker RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB (with the driver)`,
)
for (const [kind, k] of Object.entries(stats.byKind))
  console.log(
    `  ${kind.padEnd(10)} ${String(k.delivered).padStart(8)} delivered ${String(k.closed).padStart(8)} closed ${String(k.answered).padStart(8)} answered`,
  )
check((await stored()) === [...expected].sort().join('\n'), 'records stored before fuzzing are intact')
await createTopicWire(broker.bootstrap, 'after-fuzz', 1).catch(() => {})
check(
  (await produceWire(broker.bootstrap, 'after-fuzz', 0, [
    { value: 'fresh', timestamp: BigInt(Date.now()) },
  ]).catch(() => -1n)) >= 0n,
  'a fresh client is served',
)
await broker.stop()
if (dataDir) {
  try {
    broker = await startBroker({ port: 0, dataDir })
    check(
      (await stored()) === [...expected].sort().join('\n'),
      'restart on the same data directory: records intact',
    )
    await broker.stop()
  } catch (err) {
    check(false, `restart on the same data directory: ${(err as Error).message}`)
  }
  await rm(dataDir, { recursive: true, force: true, maxRetries: 3 })
}
if (failures.length > 0) process.exitCode = 1
