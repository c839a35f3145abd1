/**
 * The Kafka side of the benchmark: one real Apache Kafka started for the run (or an existing
 * bootstrap), fresh topics per scenario, and raw @platformatic/kafka clients configured the way the
 * bus configures its own by default, so the raw baseline differs from the bus only by the bus.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Admin, Consumer, compatibilityPartitioner, ProduceAcks, Producer } from '@platformatic/kafka'
import { defaultBusOptions } from '@spool/bus'
import { kafkaStartScriptJvm, startKafka } from '@spool/testing'

export interface BenchKafka {
  brokers: string[]
  /** What runs: `Apache Kafka 4.x (started)` or `external`. */
  description: string
  startMs: number
  /** Kafka's GC pauses so far, ms each, in order (empty for an external Kafka). */
  gcPauses(): number[]
  stop(): Promise<void>
}

/** Starts one real Kafka node as Kafka's start scripts run it, unless `bootstrap` names one to use. */
export async function openKafka(bootstrap: string, log: (line: string) => void): Promise<BenchKafka> {
  if (bootstrap) {
    return {
      brokers: bootstrap.split(','),
      description: `external ${bootstrap}`,
      startMs: 0,
      gcPauses: () => [],
      stop: async () => {},
    }
  }
  const t0 = performance.now()
  // Kafka's GC log: its pauses stall every client at once and show in the latency percentiles.
  const gcDir = mkdtempSync(join(tmpdir(), 'spool-bench-gc-'))
  const gcLog = join(gcDir, 'gc.log')
  // Kafka's own heap and GC settings: the test default heap makes G1 collect far more often.
  const cluster = await startKafka({
    nodes: 1,
    ...kafkaStartScriptJvm,
    jvmOptions: [...kafkaStartScriptJvm.jvmOptions, `-Xlog:gc:file=${gcLog}`],
    log,
  })
  return {
    brokers: cluster.bootstrap.split(','),
    description: `Apache Kafka ${cluster.version}, 1 node (started for this run)`,
    startMs: Math.round(performance.now() - t0),
    gcPauses: () => (existsSync(gcLog) ? parseGcPauses(readFileSync(gcLog, 'utf8')) : []),
    stop: async () => {
      await cluster.stop()
      rmSync(gcDir, { recursive: true, force: true })
    },
  }
}

/** Pause times (ms) of a JVM unified GC log: lines such as `[1.2s][info][gc] GC(3) Pause Young … 5.6ms`. */
export function parseGcPauses(log: string): number[] {
  const pauses: number[] = []
  for (const match of log.matchAll(/\] GC\(\d+\) Pause .* (\d+(?:\.\d+)?)ms$/gm))
    pauses.push(Number(match[1]))
  return pauses
}

const runId = Date.now().toString(36)
let topicCount = 0

/** Creates a fresh topic with `partitions` partitions and waits until every leader is known. */
export async function freshTopic(brokers: string[], name: string, partitions: number): Promise<string> {
  const topic = `bench-${runId}-${++topicCount}-${name}`
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: brokers })
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 })
    for (let i = 0; i < 50; i++) {
      const metadata = await admin.metadata({ topics: [topic], forceUpdate: true })
      const info = metadata.topics.get(topic)
      if (info && info.partitionsCount === partitions && info.partitions.every((p) => p.leader >= 0))
        return topic
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`topic ${topic} has no leaders after 5 s`)
  } finally {
    await admin.close()
  }
}

/** Connection settings the bus derives from its defaults (config/options.ts → kafka/adapter.ts). */
function connection(brokers: string[], clientId: string) {
  return {
    clientId,
    bootstrapBrokers: brokers,
    connectTimeout: defaultBusOptions.connectionTimeout,
    requestTimeout: defaultBusOptions.requestTimeout,
    timeout: defaultBusOptions.requestTimeout,
    retries: defaultBusOptions.retries,
  }
}

export type RawProducer = Producer<Buffer, Buffer, Buffer, Buffer>
export type RawConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>

/** A raw producer with the bus's default producer settings: acks all, idempotent, no compression,
 * the Java-compatible partitioner. */
export function rawProducer(brokers: string[]): RawProducer {
  if (defaultBusOptions.acks !== 'all' || !defaultBusOptions.idempotent) {
    throw new Error('the bus defaults changed (acks/idempotent); update the raw baseline to match')
  }
  return new Producer({
    ...connection(brokers, 'bench-raw'),
    acks: ProduceAcks.ALL,
    idempotent: true,
    compression: defaultBusOptions.compression,
    autocreateTopics: true,
    partitioner: compatibilityPartitioner,
  })
}

/** A raw group consumer with the bus's consumer settings (manual commits; fetch wait and sizes: FETCH_WAIT, FETCH_SIZES). */
export function rawConsumer(brokers: string[], groupId: string): RawConsumer {
  return new Consumer({
    ...connection(brokers, `bench-raw-${groupId}`),
    groupId,
    sessionTimeout: defaultBusOptions.sessionTimeout,
    heartbeatInterval: defaultBusOptions.heartbeatInterval,
    rebalanceTimeout: defaultBusOptions.rebalanceTimeout,
    autocommit: false,
  })
}

/** The fetch wait the bus's consumer lanes use (consumer/lane.ts). */
export const FETCH_WAIT = 500 // ms

/** The fetch sizes the bus's consumers use by default: the raw consumer asks for the same. */
export const FETCH_SIZES = {
  maxBytes: defaultBusOptions.fetchMaxBytes,
  maxBytesPerPartition: defaultBusOptions.fetchMaxPartitionBytes,
}

/** Deletes a benchmark topic (best effort: an external cluster may forbid it). */
export async function dropTopic(brokers: string[], topic: string): Promise<void> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: brokers })
  try {
    await admin.deleteTopics({ topics: [topic] })
  } catch {
    // Leftover topics cost disk only; they never affect a later run (names are unique).
  } finally {
    await admin.close()
  }
}
