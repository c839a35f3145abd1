/**
 * librdkafka (kcat) against `spool broker` run as a process: metadata (-L), produce with every
 * codec (librdkafka's own, independent of ours), keyed produce, and consume.
 */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { describe, it, type TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'

const hasKcat = spawnSync('kcat', ['-V']).status === 0
const launcher = fileURLToPath(new URL('../../../cli/src/bin.ts', import.meta.url))

async function spoolBroker(t: TestContext, args: string[] = []): Promise<string> {
  const child = spawn(process.execPath, [launcher, 'broker', '--port', '0', '--memory', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  t.after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })
  let out = ''
  child.stdout.on('data', (c) => {
    out += c
  })
  const deadline = Date.now() + 15_000
  while (!/listening on (\S+)/.test(out)) {
    if (Date.now() > deadline) throw new Error(`spool broker did not start: ${out}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  return /listening on (\S+)/.exec(out)![1]!
}

function kcat(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => {
      stdout += c
    })
    child.stderr.on('data', (c) => {
      stderr += c
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`kcat ${args.join(' ')} timed out: ${stderr}`))
    }, 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    child.stdin.end(input ?? '')
  })
}

describe('kcat (librdkafka)', {
  skip: hasKcat ? undefined : 'kcat is not installed (apt-get install kcat)',
}, () => {
  it('lists metadata (-L) with the broker as controller and auto-created topics', async (t) => {
    const bootstrap = await spoolBroker(t, ['--partitions', '2'])
    const produced = await kcat(['-P', '-b', bootstrap, '-t', 'kc-meta'], 'hello\n')
    assert.equal(produced.code, 0, produced.stderr)
    const { code, stdout, stderr } = await kcat(['-L', '-b', bootstrap, '-J'])
    assert.equal(code, 0, stderr)
    const md = JSON.parse(stdout)
    assert.equal(md.controllerid, 1)
    assert.deepEqual(
      md.brokers.map((b: { id: number; name: string }) => [b.id, b.name]),
      [[1, bootstrap]],
    )
    const topic = md.topics.find((x: { topic: string }) => x.topic === 'kc-meta')
    assert.equal(topic.partitions.length, 2)
  })

  for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
    it(`produces with ${codec} and consumes the records back`, async (t) => {
      const bootstrap = await spoolBroker(t)
      const topic = `kc-${codec}`
      const lines = Array.from({ length: 50 }, (_, i) => `key${i % 5}:value-${codec}-${i}`)
      const p = await kcat(
        ['-P', '-b', bootstrap, '-t', topic, '-z', codec, '-K', ':', '-X', 'linger.ms=50'],
        `${lines.join('\n')}\n`,
      )
      assert.equal(p.code, 0, p.stderr)
      const c = await kcat([
        '-C',
        '-b',
        bootstrap,
        '-t',
        topic,
        '-o',
        'beginning',
        '-e',
        '-q',
        '-f',
        '%k:%s\n',
      ])
      assert.equal(c.code, 0, c.stderr)
      assert.deepEqual(c.stdout.trim().split('\n').sort(), [...lines].sort())
    })
  }
})
