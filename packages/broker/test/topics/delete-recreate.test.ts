/**
 * A file-backed broker under topic churn: the same name created, produced to, deleted and created
 * again concurrently (over the wire and from code, with connections dropped mid-request), and a
 * stop that lands while admin requests are still running. The broker must then restart on the same
 * data directory, serve exactly what it acknowledged last, and have closed every file it opened.
 */
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { ApiKeys } from '@spool/protocol'
import { startBroker } from '../../src/index.ts'
import { createTopic, fetchRecords, produce, WireClient } from '../helpers/wire.ts'

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'spool-churn-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Open file descriptors of this process (Linux). */
const openFds = (): number => readdirSync('/proc/self/fd').length

/** Waits until the descriptor count is back to `baseline` (sockets close asynchronously). */
async function fdsSettle(baseline: number, ms = 3_000): Promise<number> {
  const deadline = Date.now() + ms
  let n = openFds()
  while (n > baseline && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20))
    n = openFds()
  }
  return n
}

/** One admin request on a connection of its own (several run at once), closed after the answer. */
async function adminOn(port: number, frame: (c: WireClient) => Buffer): Promise<void> {
  const c = await WireClient.connect(port)
  try {
    c.write(frame(c))
    await c.frame()
  } finally {
    c.close()
  }
}

const createFrame = (c: WireClient, name: string, numPartitions: number) =>
  c.encode(ApiKeys.CREATE_TOPICS, 7, {
    topics: [{ name, numPartitions, replicationFactor: 1, assignments: [], configs: [] }],
    timeoutMs: 1000,
    validateOnly: false,
  })

const deleteFrame = (c: WireClient, name: string) =>
  c.encode(ApiKeys.DELETE_TOPICS, 6, {
    topics: [{ name, topicId: '00000000-0000-0000-0000-000000000000' }],
    timeoutMs: 1000,
  })

const settle = (ops: Array<Promise<unknown>>) => Promise.allSettled(ops)

describe('topic delete and re-create on a file-backed broker', () => {
  it('restarts on the same data directory with the data intact and no file handle left open', async (t) => {
    const dataDir = tempDir(t)
    // Warm-up on another folder: the first broker of a process opens descriptors that stay
    // (libuv, the thread pool) and would otherwise count as a leak.
    const warmDir = tempDir(t)
    await (await startBroker({ port: 0, dataDir: warmDir })).stop()
    const baseline = openFds()

    const a = await startBroker({ port: 0, dataDir })
    const topics = a.broker.topics
    const c = await WireClient.connect(a.port)
    for (let round = 0; round < 25; round++) {
      const ops: Array<Promise<unknown>> = [
        topics.create({ name: 'churn', numPartitions: 3 }),
        produce(c, 'churn', round % 3, [`r${round}`]),
        topics.delete('churn'),
        topics.create({ name: 'churn', numPartitions: 2 + (round % 3) }),
        topics.createPartitions('churn', 6, null),
        adminOn(a.port, (w) => deleteFrame(w, 'churn')),
        adminOn(a.port, (w) => createFrame(w, 'churn', 4)),
        topics.delete('churn'),
        adminOn(a.port, (w) => createFrame(w, 'churn-wide', 40)),
        topics.delete('churn-wide'),
      ]
      await settle(ops)
      // Whatever won, a topic the registry holds is usable and its folders exist.
      for (const x of topics.list())
        for (const p of x.partitions)
          assert.ok(
            existsSync(join(dataDir, 'logs', `${x.name}-${p.index}`)),
            `round ${round}: ${x.name}-${p.index}`,
          )
      if (topics.get('churn') !== undefined)
        assert.equal((await produce(c, 'churn', 0, ['check'])).errorCode, 0, `round ${round}: produce`)
    }
    // The final state, acknowledged: whatever the churn left, 'churn' is re-created and written.
    await topics.delete('churn').catch(() => {})
    await createTopic(c, 'churn', 3)
    for (let p = 0; p < 3; p++) assert.equal((await produce(c, 'churn', p, [`final-${p}`])).errorCode, 0)
    await createTopic(c, 'kept', 1)
    assert.equal((await produce(c, 'kept', 0, ['kept-0', 'kept-1'])).errorCode, 0)
    c.close()
    // A topic creation still running when the stop comes.
    const late = topics.create({ name: 'late-code', numPartitions: 200 }).catch(() => undefined)
    while (!existsSync(join(dataDir, 'logs', 'late-code-0'))) await new Promise(setImmediate)
    await a.stop()
    await late
    assert.equal(await fdsSettle(baseline), baseline, 'every file and socket of the stopped broker is closed')

    const b = await startBroker({ port: 0, dataDir })
    t.after(() => b.stop())
    const c2 = await WireClient.connect(b.port)
    t.after(() => c2.close())
    for (let p = 0; p < 3; p++)
      assert.deepEqual(
        (await fetchRecords(c2, 'churn', p, 0n)).records.map((r) => r.value),
        [`final-${p}`],
      )
    assert.deepEqual(
      (await fetchRecords(c2, 'kept', 0, 0n)).records.map((r) => r.value),
      ['kept-0', 'kept-1'],
    )
    // A topic caught by the stop exists whole or not at all, and the folders on disk are exactly
    // the partitions the registry knows.
    const registered = new Set(
      b.broker.topics.list().flatMap((x) => x.partitions.map((p) => `${x.name}-${p.index}`)),
    )
    const n = b.broker.topics.get('late-code')?.partitions.length
    assert.ok(n === undefined || n === 200, `late-code: ${n} partitions`)
    const onDisk = readdirSync(join(dataDir, 'logs')).sort()
    assert.deepEqual(onDisk, [...registered].sort())
  })
})
