import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createBus } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { startBroker, uniqueName } from '@spool/testing'
import { z } from 'zod'
import { quietLogger, waitFor } from './helpers.ts'

const child = fileURLToPath(new URL('./fixtures/rebalance-child.ts', import.meta.url))
const DEADLINE = 2_000

interface Member {
  proc: ChildProcess
  /** SIGTERM closes its bus from now on (before, Node's default would end it by the signal). */
  armed: Promise<void>
  ready: Promise<void>
  exited: Promise<[number | null, NodeJS.Signals | null]>
  output: () => string
}

function member(args: string[], handled: number[]): Member {
  const proc = spawn(process.execPath, [child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  let buffer = ''
  let markReady: () => void
  let markArmed: () => void
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })
  const armed = new Promise<void>((resolve) => {
    markArmed = resolve
  })
  proc.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString()
  })
  proc.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    buffer += chunk.toString()
    let nl = buffer.indexOf('\n')
    while (nl >= 0) {
      const line = buffer.slice(0, nl)
      buffer = buffer.slice(nl + 1)
      if (line === 'ready') markReady()
      else if (line === 'armed') markArmed()
      else if (line.startsWith('handled ')) handled.push(Number(line.slice(8)))
      nl = buffer.indexOf('\n')
    }
  })
  const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { proc, armed, ready, exited, output: () => `${out}\n${err}`.trim().slice(-2_000) }
}

it('SIGTERM at random moments, mid-rebalance with a dead member included: exit 0 within the deadline, nothing lost', {
  timeout: 180_000,
}, async (t) => {
  const broker = await startBroker({ memory: true })
  t.after(() => broker.stop())
  const topic = uniqueName('ticks')
  const group = uniqueName('workers')
  const Tick = defineEvent({
    type: 'tick',
    topic,
    key: 'k',
    schema: z.object({ k: z.string(), seq: z.number() }),
  })
  const producer = createBus({
    brokers: broker.brokers,
    clientId: uniqueName('producer'),
    catalog: [Tick],
    offline: 'fail',
    logger: quietLogger,
    topicPartitions: 6,
  })
  t.after(() => producer.close(2_000))
  // The topic, with its partitions, before any member joins.
  producer.consumer({ group: uniqueName('setup') }).on(Tick, () => {})
  await producer.start()
  await producer.consumers.values().next().value!.stop()

  const handled: number[] = []
  const args = [broker.bootstrap, topic, group, String(DEADLINE)]
  const members: Member[] = []
  t.after(() => {
    for (const m of members) m.proc.kill('SIGKILL')
  })
  for (let i = 0; i < 3; i++) members.push(member(args, handled))
  await Promise.all(members.map((m) => m.ready))

  let seq = 0
  let publishing = true
  t.after(() => {
    publishing = false
  })
  const publisher = (async () => {
    while (publishing) {
      const batch = Array.from({ length: 10 }, () => {
        const n = seq++
        return { event: Tick, data: { k: `k${n % 12}`, seq: n } }
      })
      await producer.publishBatch(batch)
      await new Promise((r) => setTimeout(r, 10))
    }
  })()
  await waitFor(() => handled.length >= 100, 'the members handling events', 30_000)

  // One member dies without leaving: the group keeps it until its session times out.
  members[0]!.proc.kill('SIGKILL')
  // A newcomer starts a rebalance that waits on the dead member.
  const newcomer = member(args, handled)
  members.push(newcomer)
  await newcomer.armed
  await new Promise((r) => setTimeout(r, 200 + Math.random() * 1_500))
  // The two others are stopped during that rebalance, at random moments.
  const stopped = [members[1]!, members[2]!]
  for (const m of stopped) {
    m.proc.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, Math.random() * 500))
  }
  for (const m of stopped) {
    const [code, signal] = await m.exited
    assert.equal(signal, null, `a member ended by ${signal}: ${m.output()}`)
    assert.equal(code, 0, `a member exited ${code}: ${m.output()}`)
    const closed = /closed (\d+)/.exec(m.output())
    assert.ok(closed, `close() never returned: ${m.output()}`)
    t.diagnostic(`close(${DEADLINE}) mid-rebalance took ${closed[1]} ms`)
    assert.ok(Number(closed[1]) <= DEADLINE + 1_500, `close(${DEADLINE}) took ${closed[1]} ms`)
  }

  // The newcomer, stopped at a random moment too (during its own join, maybe).
  await new Promise((r) => setTimeout(r, Math.random() * 3_000))
  newcomer.proc.kill('SIGTERM')
  const [code] = await newcomer.exited
  assert.equal(code, 0, `the newcomer exited ${code}: ${newcomer.output()}`)

  publishing = false
  await publisher
  const total = seq
  // A last member takes what is left: nothing was lost, and what was committed is not handled again.
  const before = handled.length
  const last = member(args, handled)
  members.push(last)
  await last.ready
  await waitFor(() => new Set(handled).size >= total, `all ${total} events handled`, 60_000)
  const again = handled.length - before - (total - new Set(handled.slice(0, before)).size)
  t.diagnostic(
    `${total} events; ${handled.length - total} handled twice; the last member re-handled ${again}`,
  )
  assert.deepEqual(
    [...new Set(handled)].sort((a, b) => a - b),
    Array.from({ length: total }, (_, i) => i),
  )
  assert.ok(again < total / 2, `offsets were committed: the last member handled ${again} events again`)
  last.proc.kill('SIGTERM')
  assert.equal((await last.exited)[0], 0, `the last member exited: ${last.output()}`)
})
