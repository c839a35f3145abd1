/**
 * The embedded broker for a service's own tests: one per test or suite, on a free port, storing in
 * a temporary folder that `stop()` removes, with fault injection (`faults`) to see how the service
 * behaves when Kafka is slow or answers with errors. No Java, no Docker.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Broker, type BrokerInput, type Faults, startBroker as startEmbeddedBroker } from '@spool/broker'

/** Options of {@link startBroker}: any broker option but where it listens and stores. */
export interface TestBrokerOptions extends Omit<BrokerInput, 'port'> {
  /**
   * Data folder to use and keep (default: a temporary one that `stop()` removes). Starting a
   * broker again on the same folder (and port) is Kafka coming back after an outage.
   */
  readonly dataDir?: string
  /**
   * Port to listen on (default 0: a free one). A fixed port lets a test start a broker where a
   * service already expects one (Kafka appearing after the service started).
   */
  readonly port?: number
  /** Keep everything in memory instead of a temporary folder (default false: files, as in production). */
  readonly memory?: boolean
  /** Parent of the temporary data folder (default: the OS temporary folder). */
  readonly tmpDir?: string
}

/** A broker started by {@link startBroker}. */
export interface TestBroker {
  /** `host:port` for `bootstrap.servers` / `KAFKA_BROKERS`. */
  readonly bootstrap: string
  /** The bootstrap as a list, for `createBus({ brokers })`. */
  readonly brokers: string[]
  readonly port: number
  /** The temporary data folder, or undefined with `memory: true`. */
  readonly dataDir: string | undefined
  /** Fault injection: `faults.fail(apiKey, errorCode, { times })`, `faults.delay(apiKey, ms)`, `faults.clear()`. */
  readonly faults: Faults
  /** The broker itself (topics, groups). */
  readonly broker: Broker
  /** Stops the broker and removes its data folder (unless it was given). Safe to call twice. */
  stop(): Promise<void>
  /** `await using broker = await startBroker()` stops it at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts an embedded Kafka-compatible broker on 127.0.0.1 and a free port, for one test or suite.
 * API keys and error codes for `faults` are {@link ApiKeys} and {@link ErrorCodes}.
 *
 * @example
 * import { ApiKeys, ErrorCodes, startBroker } from '@spool/testing'
 *
 * test('publishes through a leader change', async (t) => {
 *   const kafka = await startBroker()
 *   t.after(() => kafka.stop())
 *   const bus = createBus({ brokers: kafka.brokers, catalog })
 *   kafka.faults.fail(ApiKeys.PRODUCE, ErrorCodes.NOT_LEADER_OR_FOLLOWER, { times: 1 })
 *   await bus.publish(OrderPlaced, order) // retried by the client, written once
 * })
 */
export async function startBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const { memory = false, tmpDir = tmpdir(), port = 0, dataDir: given, ...input } = options
  const dataDir = given ?? (memory ? undefined : mkdtempSync(join(tmpDir, 'spool-test-broker-')))
  const remove = (): void => {
    if (dataDir !== undefined && given === undefined) rmSync(dataDir, { recursive: true, force: true })
  }
  let started: Awaited<ReturnType<typeof startEmbeddedBroker>>
  try {
    started = await startEmbeddedBroker({ groupInitialRebalanceDelay: 0, ...input, port, dataDir })
  } catch (error) {
    remove()
    throw error
  }
  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= started.stop().finally(remove)
    return stopping
  }
  return {
    bootstrap: started.bootstrap,
    brokers: [started.bootstrap],
    port: started.port,
    dataDir,
    faults: started.broker.faults,
    broker: started.broker,
    stop,
    [Symbol.asyncDispose]: stop,
  }
}
