/**
 * Effectively once with a transactional store: a consumer process is SIGKILLed at random instants
 * inside and around its handler, again and again, while the handler writes its effect in the
 * store's transaction. At the end every event's effect exists exactly once.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { after, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { defineEvent } from '@spool/catalog'
import { startBroker, uniqueName } from '@spool/testing'
import pg from 'pg'
import { z } from 'zod'
import { postgresTestUrl, probePostgres, serviceMissing } from '../idempotency/services.ts'
import { makeBus, waitFor } from './helpers.ts'

const child = fileURLToPath(new URL('./fixtures/inbox-child.ts', import.meta.url))
const events = 1_000
const kills = Number(process.env.SPOOL_TEST_KILLS ?? 30)
const unreachable = await probePostgres(postgresTestUrl)

function startChild(
  args: string[],
  onHandled: () => void,
  onBegin: () => void = () => {},
): { proc: ChildProcess; exited: Promise<void> } {
  const proc = spawn(process.execPath, ['--conditions=spool-source', child, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  proc.stdout!.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.startsWith('handled ')) onHandled()
      else if (line.startsWith('begin ')) onBegin()
    }
  })
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  return { proc, exited }
}

if (unreachable !== undefined) {
  serviceMissing('PostgreSQL', postgresTestUrl, 'SPOOL_TEST_POSTGRES_URL', unreachable)
} else {
  const admin = new pg.Pool({ connectionString: postgresTestUrl, max: 2 })
  const suffix = randomUUID().replaceAll('-', '').slice(0, 16)
  const storeTable = `spool_idem_inbox_${suffix}`
  const effects = `spool_effects_${suffix}`
  after(async () => {
    await admin.query(`DROP TABLE IF EXISTS "${storeTable}"`)
    await admin.query(`DROP TABLE IF EXISTS "${effects}"`)
    await admin.end()
  })

  test(`each effect exists exactly once after ${kills} SIGKILLs of the consumer`, {
    timeout: 600_000,
  }, async (t) => {
    const broker = await startBroker({ groupMinSessionTimeout: 500 })
    t.after(() => broker.stop())
    // No unique constraint: a double effect would show as a second row.
    await admin.query(`CREATE TABLE "${effects}" (seq integer NOT NULL)`)
    const topic = uniqueName('inbox')
    const group = uniqueName('inbox-workers')
    const Tick = defineEvent({
      type: 'tick',
      topic,
      key: 'k',
      schema: z.object({ k: z.string(), seq: z.number() }),
    })
    const bus = makeBus(t, { name: 'embedded', bootstrap: broker.bootstrap } as never, [Tick], {
      topicPartitions: 1,
    })
    await bus.start()
    for (let seq = 0; seq < events; seq++) await bus.publish(Tick, { k: 'k', seq })
    const args = [broker.bootstrap, topic, group, postgresTestUrl, storeTable, effects]

    let killed = 0
    let handledLines = 0
    let begun = 0
    const onBegin = () => {
      begun++
    }
    while (killed < kills) {
      let handledHere = 0
      const { proc, exited } = startChild(
        args,
        () => {
          handledHere++
          handledLines++
        },
        onBegin,
      )
      // Kill after 1 to 5 handled events plus 0–6 ms: inside a handler, between the write and the
      // commit, or between events.
      const target = 1 + Math.floor(Math.random() * 5)
      await waitFor(() => handledHere >= target || proc.exitCode !== null, 'a handled event', 60_000)
      await sleep(Math.random() * 6)
      proc.kill('SIGKILL')
      await exited
      killed++
      const { rows } = await admin.query(`SELECT count(DISTINCT seq)::int AS n FROM "${effects}"`)
      if (rows[0].n >= events) break
    }

    const last = startChild(
      args,
      () => {
        handledLines++
      },
      onBegin,
    )
    t.after(() => {
      last.proc.kill('SIGKILL')
      return last.exited
    })
    await waitFor(
      async () => {
        const { rows } = await admin.query(`SELECT count(DISTINCT seq)::int AS n FROM "${effects}"`)
        return rows[0].n >= events
      },
      'every effect',
      120_000,
    )
    const { rows } = await admin.query(
      `SELECT count(*)::int AS total, count(DISTINCT seq)::int AS distinct, min(seq) AS lo, max(seq) AS hi FROM "${effects}"`,
    )
    // Handler runs beyond one per event: runs a kill cut short (rolled back, run again).
    console.log(
      `[inbox] events=${events} kills=${killed} handler-runs=${begun} re-runs=${begun - events} ` +
        `returned-then-rolled-back=${handledLines - events} effect-rows=${rows[0].total}`,
    )
    assert.deepEqual(rows[0], { total: events, distinct: events, lo: 0, hi: events - 1 })
    assert.ok(killed >= Math.min(kills, 1))
  })
}
