import assert from 'node:assert/strict'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, it } from 'node:test'
import { waitFor } from '@spool/testing'
import { buildProgram } from '../src/program.ts'

function capture() {
  const out = new PassThrough()
  let text = ''
  out.on('data', (c) => {
    text += c
  })
  return { out, text: () => text }
}

describe('spool broker', () => {
  it('prints the bootstrap address, serves clients, and stops when told', async () => {
    const { out, text } = capture()
    let stop!: () => void
    const until = new Promise<void>((r) => {
      stop = r
    })
    const run = buildProgram({ out, until, env: {} }).parseAsync([
      'node',
      'spool',
      'broker',
      '--port',
      '0',
      '--memory',
    ])
    await waitFor(() => /listening on/.test(text()), 'the listening line', 5_000, 20)
    const m = /listening on 127\.0\.0\.1:(\d+) \(in memory\)/.exec(text())
    assert.ok(m, text())
    const socket = net.connect({ host: '127.0.0.1', port: Number(m[1]) })
    await once(socket, 'connect')
    socket.destroy()
    stop()
    await run
    assert.match(text(), /stopping/)
  })

  it('takes its port and partitions from the environment', async () => {
    const { out, text } = capture()
    let stop!: () => void
    const until = new Promise<void>((r) => {
      stop = r
    })
    const run = buildProgram({
      out,
      until,
      env: { SPOOL_BROKER_PORT: '0', SPOOL_PARTITIONS: '3' },
    }).parseAsync(['node', 'spool', 'broker', '--memory'])
    await waitFor(() => /listening on/.test(text()), 'the listening line', 5_000, 20)
    assert.doesNotMatch(text(), /:9092 /)
    stop()
    await run
  })

  it('rejects a bad port naming the flag', async () => {
    const { out } = capture()
    const program = buildProgram({ out, env: {} }).exitOverride()
    for (const c of program.commands) c.exitOverride().configureOutput({ writeErr: () => {} })
    await assert.rejects(program.parseAsync(['node', 'spool', 'broker', '--port', '70000']), /port number/)
  })
})

describe('spool dev', () => {
  it('runs the broker and the gateway in process, and stops when told', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-dev-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const { out, text } = capture()
    let stop!: () => void
    const until = new Promise<void>((r) => {
      stop = r
    })
    t.after(() => stop())
    const run = buildProgram({ out, err: new PassThrough(), until, env: {} }).parseAsync([
      'node',
      'spool',
      'dev',
      '--broker-port',
      '0',
      '--http-port',
      '0',
      '--data-dir',
      dir,
    ])
    await waitFor(() => /Ctrl-C/.test(text()), 'the Ctrl-C line', 20_000, 20)
    assert.match(text(), /Kafka bootstrap\s+127\.0\.0\.1:\d+\s+\(data in /)
    assert.ok(text().includes(`(data in ${dir})`))
    const url = /gateway API\s+(http:\/\/[^/\s]+)/.exec(text())![1]
    const health = await fetch(`${url}/health`)
    assert.equal(health.status, 200)
    stop()
    await run
    assert.match(text(), /spool dev stopped/)
    await assert.rejects(fetch(`${url}/health`))
  })
})

describe('spool broker security flags', () => {
  it('turns SASL on from a users file', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-cli-sasl-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const users = join(dir, 'users.json')
    writeFileSync(users, JSON.stringify({ app: 'secret' }))
    const { out, text } = capture()
    let stop!: () => void
    const until = new Promise<void>((r) => {
      stop = r
    })
    const run = buildProgram({ out, until, env: { SPOOL_SASL_USERS: users } }).parseAsync([
      'node',
      'spool',
      'broker',
      '--port',
      '0',
      '--memory',
    ])
    await waitFor(() => /listening on/.test(text()), 'the listening line', 5_000, 20)
    const port = Number(/:(\d+) /.exec(text())![1])
    // Before authenticating, anything but ApiVersions/SASL closes the connection.
    const socket = net.connect({ host: '127.0.0.1', port })
    await once(socket, 'connect')
    const metadata = Buffer.from('0000000e00030001000000010000ffffffff', 'hex') // Metadata v1, all topics
    socket.write(metadata)
    await once(socket, 'close')
    stop()
    await run
  })

  it('requires --tls-cert and --tls-key together', async () => {
    const { out } = capture()
    await assert.rejects(
      buildProgram({ out, env: {} }).parseAsync([
        'node',
        'spool',
        'broker',
        '--port',
        '0',
        '--memory',
        '--tls-cert',
        'x.pem',
      ]),
      /go together/,
    )
  })
})
