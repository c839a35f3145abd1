/**
 * Which brokers an integration suite runs against, and a `describe` that runs it once per broker.
 *
 * Rules, in order:
 * 1. KAFKA_BROKERS set: one target, 'external', at that bootstrap (a cluster you run yourself).
 * 2. Otherwise the embedded broker (in process, one per suite) and real Apache Kafka at
 *    SPOOL_TEST_KAFKA, which `npm test` starts and exports. Without it the 'kafka' target carries a
 *    `skip` reason; under CI=true or SPOOL_REQUIRE_KAFKA=1 that reason fails the suite instead.
 */
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { startBroker } from '@spool/broker'
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { readTestEnv, type TestEnv } from './env.ts'
import { SpoolTestingError, testingErrorCodes } from './errors.ts'
import { kafkaUnavailableReason } from './kafka/fetch.ts'

/** The kinds of broker a suite can run against. */
export const targetNames = Object.freeze(['kafka', 'external', 'embedded'] as const)
export type TargetName = (typeof targetNames)[number]

/** A broker started for one suite (the embedded broker is started per suite, not per run). */
export interface StartedBroker {
  readonly bootstrap: string
  /** Stops the broker and drops its in-memory data. */
  stop(): Promise<void>
}

/** One broker a suite runs against. */
export interface Target {
  readonly name: TargetName
  /**
   * Kafka `bootstrap.servers` (`host:port[,host:port]`). Known up front for 'kafka' and 'external';
   * for a target with `start` it is filled in by a `before` hook of {@link describeOnBrokers}, so
   * read it inside hooks and tests, not in the describe body.
   */
  bootstrap?: string
  /** Why this target cannot run here; the suite is skipped with this reason. */
  readonly skip?: string
  /** Starts a broker for one suite; {@link describeOnBrokers} calls it in `before` and stops it in `after`. */
  readonly start?: () => Promise<StartedBroker>
}

/** The in-process @spool/broker, started per suite with memory storage on a free port. */
const embeddedTarget = (): Target => ({
  name: 'embedded',
  start: async () => {
    const broker = await startBroker({ port: 0, groupInitialRebalanceDelay: 0 })
    return { bootstrap: broker.bootstrap, stop: () => broker.stop() }
  },
})

const realKafkaTarget = (env: TestEnv): Target => {
  if (env.testKafka !== undefined) return { name: 'kafka', bootstrap: env.testKafka }
  const reason =
    env.testKafkaSkip ??
    'real Apache Kafka not available: SPOOL_TEST_KAFKA is not set (run tests with `npm test`, which starts Kafka, or set KAFKA_BROKERS)'
  return { name: 'kafka', skip: reason }
}

/**
 * The brokers integration suites should run against on this machine, now.
 *
 * @example
 * for (const target of brokerTargets()) console.log(target.name, target.bootstrap ?? target.skip)
 */
export function brokerTargets(): Target[] {
  const env = readTestEnv()
  if (env.kafkaBrokers !== undefined) return [{ name: 'external', bootstrap: env.kafkaBrokers }]
  const targets: Target[] = []
  // The embedded broker: one in-process broker (memory storage, any free port) per suite.
  targets.push(embeddedTarget())
  targets.push(realKafkaTarget(env))
  return targets
}

/**
 * Splits a bootstrap string into the `host:port` list most clients take.
 *
 * @example
 * new Producer({ clientId: 'p', bootstrapBrokers: bootstrapList(target.bootstrap!) })
 */
export function bootstrapList(bootstrap: string): string[] {
  return bootstrap
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

const announced = new Set<string>()

const announce = (line: string): void => {
  if (announced.has(line)) return
  announced.add(line)
  process.stderr.write(`\n[spool/testing] ${line}\n`)
}

/**
 * Options of {@link describeOnBrokers}, as a schema.
 *
 * @example
 * describeOnBrokers('transactions', (target) => {}, { only: ['kafka', 'external'] })
 */
export const describeOnBrokersOptionsSchema = z.strictObject({
  /** Only these kinds of target (e.g. `['kafka', 'external']` for a real-Kafka-only behaviour). */
  only: z.array(z.enum(targetNames)).readonly().optional(),
})

/** Options of {@link describeOnBrokers}. */
export type DescribeOnBrokersOptions = z.input<typeof describeOnBrokersOptionsSchema>

/**
 * `describe(title, …)` once per broker target, titled `title [kafka]`, `title [embedded]`, … .
 * A target that cannot run here is skipped with its reason (printed once to stderr); under CI=true
 * or SPOOL_REQUIRE_KAFKA=1 it fails instead, so CI never passes by skipping.
 *
 * @example
 * describeOnBrokers('bus publish', (target) => {
 *   it('round-trips one event', async (t) => {
 *     const topic = uniqueName('orders')
 *     const producer = new Producer({ clientId: 'p', bootstrapBrokers: bootstrapList(target.bootstrap!) })
 *     t.after(() => producer.close())
 *     // …
 *   })
 * })
 */
export function describeOnBrokers(
  title: string,
  fn: (target: Target) => void,
  input: DescribeOnBrokersOptions = {},
): void {
  const options = parseOptions('describeOnBrokers', describeOnBrokersOptionsSchema, input)
  const env = readTestEnv()
  for (const target of brokerTargets()) {
    if (options.only !== undefined && !options.only.includes(target.name)) continue
    const name = `${title} [${target.name}]`
    if (target.skip !== undefined && env.requireKafka) {
      void describe(name, () => {
        it('needs its broker', () => {
          throw new SpoolTestingError(
            testingErrorCodes.unavailable,
            `${target.skip} — and real Kafka is required here (CI or SPOOL_REQUIRE_KAFKA=1)`,
            { retryable: false },
          )
        })
      })
      continue
    }
    if (target.skip !== undefined) {
      announce(`skipping ${target.name} suites: ${target.skip}`)
      // A skipped test, not a skipped empty suite: the runner's summary counts it under "skipped".
      void it(name, { skip: target.skip }, () => {})
      continue
    }
    void describe(name, () => {
      if (target.start !== undefined) {
        const start = target.start
        let started: StartedBroker | undefined
        before(async () => {
          started = await start()
          target.bootstrap = started.bootstrap
        })
        after(async () => {
          await started?.stop()
        })
      }
      fn(target)
    })
  }
}

let counter = 0
const runId = randomBytes(3).toString('hex')

/**
 * A topic or group name no other test, file or run will use: `<prefix>-<run>-<pid>-<n>`.
 * Characters Kafka does not allow in topic names become `_`.
 *
 * @example
 * const topic = uniqueName('orders') // 'orders-3fa9c1-k2j-1'
 */
export function uniqueName(prefix: string): string {
  counter += 1
  const safe = prefix.replace(/[^a-zA-Z0-9._-]/g, '_').slice(0, 180)
  return `${safe}-${runId}-${process.pid.toString(36)}-${counter}`
}

/**
 * For tests that start their own real Kafka with `startKafka` (a 3-node failover test): the reason
 * to skip on this machine, or undefined to run. Never a reason under CI=true or
 * SPOOL_REQUIRE_KAFKA=1: there a missing Java or Maven must fail the test, loudly.
 *
 * @example
 * test('survives a node crash', { skip: realKafkaSkipReason() }, async (t) => {
 *   const kafka = await startKafka({ nodes: 3 })
 *   t.after(() => kafka.stop())
 * })
 */
export function realKafkaSkipReason(): string | undefined {
  if (readTestEnv().requireKafka) return undefined
  const reason = kafkaUnavailableReason()
  if (reason !== undefined) announce(`skipping tests that start their own Kafka: ${reason}`)
  return reason
}
