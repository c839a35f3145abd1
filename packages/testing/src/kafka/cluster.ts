/**
 * Starts real Apache Kafka for tests: one node, or three for failover tests, each a KRaft node in
 * combined mode (broker + controller) on 127.0.0.1, in a temporary folder removed on stop.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { type NodeAddress, scramFormatArgs, serverProperties } from './config.ts'
import { fetchKafka, type KafkaInstall } from './fetch.ts'
import { KafkaNode } from './node.ts'
import { freePorts } from './ports.ts'
import { claimDir, sweepStaleDirs } from './process.ts'

const dirPrefix = 'spool-kafka-'

/**
 * Options of {@link startKafka}, as a schema: each with its default and unit.
 *
 * @example
 * const kafka = await startKafka({ nodes: 3, readyTimeout: 120_000 })
 */
export const startKafkaOptionsSchema = z.strictObject({
  /** 1 for ordinary tests; 3 for failover tests (replication factor 3, min ISR 2). */
  nodes: z.union([z.literal(1), z.literal(3)]).default(1),
  /** JVM maximum heap per node (`-Xmx`). */
  heap: z
    .string()
    .regex(/^\d+[kmg]$/i, 'must look like "768m" or "1g"')
    .default('768m'),
  /** Extra JVM options per node, after the defaults (so they win). */
  jvmOptions: z
    .array(z.string())
    .readonly()
    .default(() => []),
  /** Extra or replacing broker settings, e.g. `{ 'log.retention.ms': 60_000 }`. */
  brokerConfig: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
    .readonly()
    .default(() => ({})),
  /** Upper bound for one node to become ready, in ms. */
  readyTimeout: z.int().min(1).default(90_000), // 90 s: three JVMs starting together on two cores
  /** Upper bound for a node's graceful stop before SIGKILL, in ms. */
  stopTimeout: z.int().min(1).default(30_000), // 30 s: controlled shutdown moves leadership first
  /** Parent of the cluster's temporary folder. */
  tmpDir: z
    .string()
    .min(1)
    .default(() => tmpdir()),
  /** Keep the folder (logs, data) after `stop()`; for debugging. */
  keepData: z.boolean().default(false),
  /** Receives progress lines (fetch, format, start times); silent when omitted. */
  log: z
    .custom<(line: string) => void>((v) => typeof v === 'function', 'must be a function (line) => void')
    .default(() => (_line: string) => {}),
  /**
   * SASL users: every node gets a second client listener, SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256
   * and SCRAM-SHA-512 (`cluster.saslBootstrap`); the PLAINTEXT listener stays as it is.
   */
  sasl: z
    .strictObject({
      users: z
        .array(
          z.strictObject({
            username: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be letters, digits, _ . or -'),
            password: z
              .string()
              .refine((p) => !/[\]"=,[\s]/.test(p), 'must be a string without spaces, quotes, = , [ or ]'),
          }),
        )
        .min(1)
        .readonly(),
    })
    .optional(),
})

/** Options of {@link startKafka}. */
export type StartKafkaOptions = z.input<typeof startKafkaOptionsSchema>

/** Defaults of {@link StartKafkaOptions}. */
export const defaultStartKafkaOptions = parseOptions('startKafka', startKafkaOptionsSchema, {})

/**
 * The heap and GC settings Kafka's own start scripts use (`bin/kafka-server-start.sh`: a fixed 1 GB
 * heap; `bin/kafka-run-class.sh`: G1 tuned for short pauses). The default above is smaller, to
 * keep test runs light; benchmarks that compare against Kafka use these, as a deployment would.
 *
 * @example
 * const kafka = await startKafka({ nodes: 1, ...kafkaStartScriptJvm })
 */
export const kafkaStartScriptJvm = Object.freeze({
  heap: '1g',
  jvmOptions: Object.freeze([
    '-Xms1g',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:MaxInlineLevel=15',
  ]),
}) satisfies Pick<StartKafkaOptions, 'heap' | 'jvmOptions'>

/** Phases of a start, in ms. */
export interface KafkaStartTimings {
  /** Checking (or fetching) the jars. */
  readonly fetchMs: number
  /** Running the storage tool on every node. */
  readonly formatMs: number
  /** Spawning the JVMs until every node serves metadata to a client. */
  readonly readyMs: number
  readonly totalMs: number
}

/** A running real Kafka, from {@link startKafka}. */
export interface KafkaCluster {
  /** `host:port,host:port` of every node: Kafka's `bootstrap.servers` format. */
  readonly bootstrap: string
  /** The SASL_PLAINTEXT listeners' bootstrap, when started with `sasl`. */
  readonly saslBootstrap: string | undefined
  readonly nodes: readonly KafkaNode[]
  readonly clusterId: string
  /** Broker version, e.g. `4.4.0`. */
  readonly version: string
  readonly install: KafkaInstall
  /** The temporary folder holding every node's folder. */
  readonly dir: string
  readonly timings: KafkaStartTimings
  /** Kills every node and removes the folder (unless `keepData`). Safe to call twice. */
  stop(): Promise<void>
  /** `stop()`, for `await using cluster = await startKafka()`. */
  [Symbol.asyncDispose](): Promise<void>
}

/** A Kafka cluster id: 16 random bytes in URL-safe base64 without padding, as Kafka's Uuid prints. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url')
    // Kafka re-draws ids starting with '-' so they never read as a command-line flag.
    if (!id.startsWith('-')) return id
  }
}

/**
 * Starts real Apache Kafka (fetching the jars first if needed) and resolves once every node
 * serves metadata to a real client. Register `stop` as cleanup.
 *
 * @example
 * test('produces to real Kafka', async (t) => {
 *   const kafka = await startKafka()
 *   t.after(() => kafka.stop())
 *   const producer = new Producer({ clientId: 'p', bootstrapBrokers: kafka.bootstrap.split(',') })
 *   // …
 * })
 */
export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaCluster> {
  const opts = parseOptions('startKafka', startKafkaOptionsSchema, options)
  const t0 = performance.now()
  const install = await fetchKafka({ log: opts.log })
  const t1 = performance.now()

  sweepStaleDirs(opts.tmpDir, dirPrefix)
  const dir = mkdtempSync(join(opts.tmpDir, dirPrefix))
  claimDir(dir)
  const perNode = opts.sasl ? 3 : 2
  const ports = await freePorts(opts.nodes * perNode)
  const addresses: NodeAddress[] = Array.from({ length: opts.nodes }, (_, i) => ({
    id: i + 1,
    port: ports[i * perNode]!,
    controllerPort: ports[i * perNode + 1]!,
    ...(opts.sasl ? { saslPort: ports[i * perNode + 2]! } : {}),
  }))
  const nodes: KafkaNode[] = []
  const jvmOptions = [
    `-Xmx${opts.heap}`,
    '-Xms256m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    ...opts.jvmOptions,
  ]
  for (const address of addresses) {
    const nodeDir = join(dir, `node-${address.id}`)
    nodes.push(
      new KafkaNode({
        address,
        dir: nodeDir,
        serverProperties: serverProperties({
          self: address,
          all: addresses,
          logDir: join(nodeDir, 'data'),
          overrides: opts.brokerConfig,
          ...(opts.sasl ? { saslUsers: opts.sasl.users } : {}),
        }),
        ...(opts.sasl ? { formatArgs: scramFormatArgs(opts.sasl.users) } : {}),
        install,
        jvmOptions,
        readyTimeout: opts.readyTimeout,
        stopTimeout: opts.stopTimeout,
        expectedBrokers: () => nodes.filter((n) => n.running).length,
      }),
    )
  }

  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    // The data is thrown away, so a crash stop is as good as a clean one and takes no time.
    await Promise.all(nodes.map((n) => (opts.keepData ? n.stop() : n.kill())))
    if (opts.keepData) opts.log(`kept Kafka folder ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }

  try {
    const clusterId = newClusterId()
    await Promise.all(nodes.map((n) => n.format(clusterId)))
    const t2 = performance.now()
    await Promise.all(nodes.map((n) => n.start()))
    const t3 = performance.now()
    const timings: KafkaStartTimings = {
      fetchMs: Math.round(t1 - t0),
      formatMs: Math.round(t2 - t1),
      readyMs: Math.round(t3 - t2),
      totalMs: Math.round(t3 - t0),
    }
    opts.log(
      `Apache Kafka ${install.version}, ${opts.nodes} node(s) at ${nodes.map((n) => n.address).join(',')} ` +
        `ready in ${timings.totalMs} ms (fetch ${timings.fetchMs}, format ${timings.formatMs}, start ${timings.readyMs})`,
    )
    return {
      bootstrap: nodes.map((n) => n.address).join(','),
      saslBootstrap: opts.sasl ? nodes.map((n) => `127.0.0.1:${n.saslPort}`).join(',') : undefined,
      nodes,
      clusterId,
      version: install.version,
      install,
      dir,
      timings,
      stop,
      [Symbol.asyncDispose]: stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
