import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import net from 'node:net'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { spool } from './helpers/spool.ts'

const launcher = fileURLToPath(new URL('../src/bin.ts', import.meta.url))

describe('spool bin', () => {
  it('runs `spool broker` and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [launcher, 'broker', '--port', '0', '--memory'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
    })
    const deadline = Date.now() + 15_000
    while (!/listening on/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out)
    assert.ok(m, `no address printed: ${out}`)
    const socket = net.connect({ host: '127.0.0.1', port: Number(m[1]) })
    await once(socket, 'connect')
    socket.destroy()
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    assert.equal(code, 0)
    assert.match(out, /stopping/)
  })

  it('prints help', async () => {
    const child = spawn(process.execPath, [launcher, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
    })
    const [code] = await once(child, 'exit')
    assert.equal(code, 0)
    assert.match(out, /broker \[options\]/)
    assert.match(out, /dev \[options\]/)
  })

  it('exits 2 for usage errors, naming the problem', async () => {
    const results = await Promise.all([
      spool(['topics', 'list', '--bogus']),
      spool(['topics', 'create']),
      spool(['nonsense']),
      spool(['topics']),
      spool(['groups', 'reset', 'g', '--topic', 't', '--to-offset', '-5']),
      spool(['consume', 't', '--brokers', 'no-port-here']),
    ])
    assert.deepEqual(
      results.map((r) => r.code),
      [2, 2, 2, 2, 2, 2],
    )
    assert.match(results[0]!.stderr, /unknown option '--bogus'/)
    assert.match(results[1]!.stderr, /missing required argument 'topic'/)
    assert.match(results[2]!.stderr, /unknown command 'nonsense'/)
    assert.match(results[5]!.stderr, /--brokers must be host:port/)
  })

  it('exits 5 when Kafka cannot be reached, and documents the exit codes', async () => {
    const down = await spool(['topics', 'list', '--brokers', '127.0.0.1:1'])
    assert.equal(down.code, 5, down.stderr)
    assert.match(down.stderr, /^spool: cannot reach Kafka at 127\.0\.0\.1:1: connect ECONNREFUSED/)
    const help = await spool(['groups', 'reset', '--help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /--to-datetime <iso>/)
    assert.match(help.stdout, /Exit codes:\n {2}0 {2}success[\s\S]*5 {2}Kafka unreachable/)
  })
})
