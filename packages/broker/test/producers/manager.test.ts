import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { encodeBatch } from '@spool/protocol'
import { pino } from 'pino'
import { defaultLogConfig, memoryLogStore } from '../../src/log/index.ts'
import { ProducerStateManager } from '../../src/producers/manager.ts'

const logger = pino({ level: 'silent' })

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'spool-producers-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const idemBatch = (producerId: bigint, baseSequence: number, n: number) =>
  encodeBatch({
    records: Array.from({ length: n }, (_, i) => ({
      key: null,
      value: Buffer.from(`v${i}`),
      headers: [],
      timestamp: 1n,
    })),
    producerId,
    producerEpoch: 0,
    baseSequence,
  })

describe('ProducerStateManager', () => {
  it('never reuses producer ids across restarts', async (t) => {
    const dir = tempDir(t)
    const a = new ProducerStateManager({ dir, logger, snapshotIntervalMs: 60_000 })
    await a.open()
    const first = await a.newProducerId()
    const second = await a.newProducerId()
    await a.close()
    const b = new ProducerStateManager({ dir, logger, snapshotIntervalMs: 60_000 })
    await b.open()
    const third = await b.newProducerId()
    await b.close()
    assert.equal(second, first + 1n)
    assert.ok(third > second)
  })

  it('rebuilds state from the log tail when there is no snapshot (crash), so duplicates are still caught', async (t) => {
    const dir = tempDir(t)
    const store = memoryLogStore()
    const log = await store.open('t', 0, defaultLogConfig)
    await log.append([idemBatch(5n, 0, 3)])
    await log.append([idemBatch(5n, 3, 2)])
    const m = new ProducerStateManager({ dir, logger, snapshotIntervalMs: 60_000 })
    await m.open()
    await m.recover(log)
    const p = m.of('t', 0)
    assert.deepEqual(p.check({ producerId: 5n, producerEpoch: 0, baseSequence: 3, lastOffsetDelta: 1 }), {
      kind: 'duplicate',
      baseOffset: 3n,
      logAppendTime: -1n,
    })
    assert.equal(
      p.check({ producerId: 5n, producerEpoch: 0, baseSequence: 5, lastOffsetDelta: 0 }).kind,
      'append',
    )
    assert.equal(p.applied, 5n)
    await m.close()
  })

  it('resumes from its snapshot and replays only what was appended after it', async (t) => {
    const dir = tempDir(t)
    const store = memoryLogStore()
    const log = await store.open('t', 0, defaultLogConfig)
    const m1 = new ProducerStateManager({ dir, logger, snapshotIntervalMs: 60_000 })
    await m1.open()
    const r = await log.append([idemBatch(8n, 0, 1)])
    m1.of('t', 0).update(
      { producerId: 8n, producerEpoch: 0, baseSequence: 0, lastOffsetDelta: 0 },
      r.baseOffset,
      -1n,
      Date.now(),
    )
    m1.touched()
    await m1.close()
    // Appended after the snapshot, as if the broker crashed before the next one.
    await log.append([idemBatch(8n, 1, 1)])
    const m2 = new ProducerStateManager({ dir, logger, snapshotIntervalMs: 60_000 })
    await m2.open()
    await m2.recover(log)
    const p = m2.of('t', 0)
    assert.equal(
      p.check({ producerId: 8n, producerEpoch: 0, baseSequence: 0, lastOffsetDelta: 0 }).kind,
      'duplicate',
    )
    assert.equal(
      p.check({ producerId: 8n, producerEpoch: 0, baseSequence: 1, lastOffsetDelta: 0 }).kind,
      'duplicate',
    )
    assert.equal(
      p.check({ producerId: 8n, producerEpoch: 0, baseSequence: 2, lastOffsetDelta: 0 }).kind,
      'append',
    )
    await m2.close()
  })
})
