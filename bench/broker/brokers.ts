/**
 * The two brokers of the benchmark, each started as its own process and measured the same way:
 * `spool broker` on a fresh data directory (file-backed log, as users run it) and real Apache Kafka
 * (single KRaft node from the Maven jars). Start-up is the time from spawning the process to the
 * first acknowledged produce; RSS is read from /proc/<pid>/status.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ApiKeys, encodeBatch } from '@spool/protocol'
import { freePorts, type KafkaCluster, startKafka } from '@spool/testing'
import { WireClient } from '../../packages/broker/test/helpers/wire.ts'

const root = resolve(import.meta.dirname, '../..')

export interface BenchBroker {
  readonly name: 'embedded' | 'kafka'
  readonly bootstrap: string
  readonly pid: number
  /** Spawn to first acknowledged produce, ms. */
  readonly startupMs: number
  /** Details of the start (Kafka: its own phases). */
  readonly startupNote: string
  stop(): Promise<void>
}

/** VmRSS of a process, in MB (10^6 bytes). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN)
  return (kb * 1024) / 1e6
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Polls until a produce is acknowledged: connect, Metadata with auto-creation (how Kafka creates
 * a topic on first use), then Produce acks=all. Resolves with the time it succeeded.
 */
export async function firstAck(port: number, deadlineMs = 120_000): Promise<number> {
  const deadline = performance.now() + deadlineMs
  for (;;) {
    if (performance.now() > deadline) throw new Error(`no acknowledged produce on port ${port}`)
    let c: WireClient | undefined
    try {
      c = await WireClient.connect(port)
      for (let i = 0; i < 200; i++) {
        await c.request(ApiKeys.METADATA, 12, {
          topics: [{ name: 'startup-probe', topicId: '00000000-0000-0000-0000-000000000000' }],
          allowAutoTopicCreation: true,
          includeTopicAuthorizedOperations: false,
        })
        const res = await c.request(ApiKeys.PRODUCE, 9, {
          transactionalId: null,
          acks: -1,
          timeoutMs: 5_000,
          topicData: [
            {
              name: 'startup-probe',
              partitionData: [
                {
                  index: 0,
                  records: encodeBatch({
                    records: [
                      { key: null, value: Buffer.from('hello'), headers: [], timestamp: BigInt(Date.now()) },
                    ],
                  }),
                },
              ],
            },
          ],
        })
        if (res.responses[0]?.partitionResponses[0]?.errorCode === 0) return performance.now()
        await sleep(5)
      }
    } catch {
      await sleep(5)
    } finally {
      c?.close()
    }
  }
}

/**
 * `spool broker` as users run it, on a fresh data directory; optionally with --cpu-prof, and with
 * its module compile cache in `compileCache` (the default is Node's, in the temp directory).
 */
export async function startEmbedded(
  options: { profileDir?: string; compileCache?: string } = {},
): Promise<BenchBroker> {
  const [port] = await freePorts(1)
  const dataDir = mkdtempSync(join(tmpdir(), 'spool-bench-broker-'))
  const t0 = performance.now()
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
      join(root, 'packages/cli/src/bin.ts'),
      'broker',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: options.compileCache ? { ...process.env, NODE_COMPILE_CACHE: options.compileCache } : process.env,
    },
  )
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  process.once('exit', () => child.kill('SIGKILL'))
  const acked = await firstAck(port!)
  return {
    name: 'embedded',
    bootstrap: `127.0.0.1:${port}`,
    pid: child.pid!,
    startupMs: acked - t0,
    startupNote: 'node spawn → first acked produce',
    async stop() {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
      await exited
      clearTimeout(timer)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Real Kafka, one node; start-up = JVM spawn → ready (Kafka's own probe) → first acked produce. */
export async function startRealKafka(): Promise<BenchBroker> {
  const kafka: KafkaCluster = await startKafka({ nodes: 1 })
  const node = kafka.nodes[0]!
  const ready = performance.now()
  const acked = await firstAck(node.port)
  const pid = Number(readFileSync(join(node.dir, 'jvm.pid'), 'utf8').trim())
  return {
    name: 'kafka',
    bootstrap: kafka.bootstrap,
    pid,
    startupMs: kafka.timings.readyMs + (acked - ready),
    startupNote: `JVM spawn → first acked produce (storage format before it: ${kafka.timings.formatMs} ms, not counted)`,
    stop: () => kafka.stop(),
  }
}

/**
 * Start-up of `spool broker` on a compile cache of its own: the first start fills the cache (what a
 * user sees once after installing), the `warm` ones after it are every later start.
 */
export async function embeddedStartups(warm = 5): Promise<{ firstMs: number; warmMs: number[] }> {
  const compileCache = mkdtempSync(join(tmpdir(), 'spool-bench-compile-cache-'))
  try {
    const once = async () => {
      const b = await startEmbedded({ compileCache })
      await b.stop()
      return b.startupMs
    }
    const firstMs = await once()
    const warmMs: number[] = []
    for (let i = 0; i < warm; i++) warmMs.push(await once())
    return { firstMs, warmMs }
  } finally {
    rmSync(compileCache, { recursive: true, force: true })
  }
}
