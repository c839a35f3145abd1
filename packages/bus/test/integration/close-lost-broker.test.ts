import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { brokerTargets, realKafkaSkipReason, startKafka, uniqueName } from '@spool/testing'

const child = fileURLToPath(new URL('./fixtures/close-child.ts', import.meta.url))

/**
 * A consumer whose cluster disappears must still shut down within its deadline, and its process
 * must then end by itself: no retry, heartbeat or leave-group timer may outlive close().
 */
async function closesAfterBrokerLoss(bootstrap: string, loseBroker: () => Promise<void>): Promise<void> {
  const deadline = 1_000
  const proc = spawn(
    process.execPath,
    [child, bootstrap, uniqueName('ticks'), uniqueName('g'), `${deadline}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  proc.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  const exited = once(proc, 'exit')
  try {
    const readyBy = Date.now() + 30_000
    while (!out.includes('ready\n')) {
      assert.ok(Date.now() < readyBy, `the consumer did not start: ${out}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    await loseBroker()
    proc.kill('SIGTERM')
    const exitBy = new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000).unref())
    const result = await Promise.race([exited, exitBy])
    assert.notEqual(result, 'hung', `the process did not end within 15 s of close() (output: ${out.trim()})`)
    const closed = /closed (\d+)/.exec(out)
    assert.ok(closed, `close() never returned (output: ${out.trim()})`)
    // The deadline, plus the grace the group leave always gets, plus scheduling slack.
    assert.ok(Number(closed[1]) < deadline + 2_500, `close(${deadline}) took ${closed[1]} ms`)
  } finally {
    proc.kill('SIGKILL')
  }
}

it('bus.close() keeps its deadline and the process ends when the embedded broker is gone', async () => {
  const embedded = brokerTargets().find((t) => t.name === 'embedded')?.start
  assert.ok(embedded, 'the embedded target starts its own broker')
  const broker = await embedded()
  await closesAfterBrokerLoss(broker.bootstrap, () => broker.stop())
})

it('bus.close() keeps its deadline and the process ends when Apache Kafka has shut down', {
  skip: realKafkaSkipReason(),
}, async (t) => {
  const kafka = await startKafka({ nodes: 1 })
  t.after(() => kafka.stop())
  await closesAfterBrokerLoss(kafka.bootstrap, () => kafka.stop())
})
