/**
 * One Apache Kafka node (broker + controller) as a child JVM: format its folder once, start,
 * stop gracefully, kill, and start again on the same folder and ports.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { SpoolTestingError, testingErrorCodes } from '../errors.ts'
import { log4j2Xml, type NodeAddress, quietLog4j2Xml } from './config.ts'
import type { KafkaInstall } from './fetch.ts'
import { probeBroker } from './probe.ts'
import { recordPid, sleep, tail, track } from './process.ts'

const execFileAsync = promisify(execFile)

/** Main classes in `kafka_2.13` 4.4.0 (checked against the jar). */
export const brokerMainClass = 'kafka.Kafka'
export const storageToolMainClass = 'kafka.tools.StorageTool'

/** How to build a {@link KafkaNode}. */
export interface KafkaNodeInit {
  readonly address: NodeAddress
  /** The node's own folder: config, logs and data live under it. */
  readonly dir: string
  /** Text of server.properties. */
  readonly serverProperties: string
  readonly install: KafkaInstall
  /** JVM options placed before the main class (heap, GC). */
  readonly jvmOptions: readonly string[]
  /** Upper bound for one start, in ms. */
  readonly readyTimeout: number
  /** Upper bound for a graceful stop before SIGKILL, in ms. */
  readonly stopTimeout: number
  /** How many brokers the node must list before it counts as ready (the others that are up). */
  readonly expectedBrokers: () => number
  /** Extra StorageTool `format` arguments (SCRAM credentials). */
  readonly formatArgs?: readonly string[]
}

/**
 * A KRaft node in combined mode. Created by {@link startKafka}; tests use `stop()`, `kill()` and
 * `start()` to simulate failures.
 *
 * @example
 * const kafka = await startKafka({ nodes: 3 })
 * await kafka.nodes[0].kill() // SIGKILL, no controlled shutdown
 * await kafka.nodes[0].start() // same data and ports; resolves once it serves clients again
 */
export class KafkaNode {
  readonly id: number
  /** Client (PLAINTEXT) port on 127.0.0.1. */
  readonly port: number
  /** KRaft controller port on 127.0.0.1. */
  readonly controllerPort: number
  /** SASL_PLAINTEXT port on 127.0.0.1, when the cluster was started with `sasl`. */
  readonly saslPort: number | undefined
  /** Folder of this node: server.properties, server.log, stdout.log, data/. */
  readonly dir: string
  /** The broker's own log (Log4j2), appended across restarts. */
  readonly logFile: string
  /** Duration of the last successful start, spawn to ready, in ms. */
  lastStartMs = 0
  readonly #init: KafkaNodeInit
  readonly #propertiesFile: string
  readonly #stdoutFile: string
  #child: ChildProcess | undefined
  #exited: Promise<number | null> | undefined

  constructor(init: KafkaNodeInit) {
    this.#init = init
    this.id = init.address.id
    this.port = init.address.port
    this.controllerPort = init.address.controllerPort
    this.saslPort = init.address.saslPort
    this.dir = init.dir
    this.logFile = join(init.dir, 'server.log')
    this.#propertiesFile = join(init.dir, 'server.properties')
    this.#stdoutFile = join(init.dir, 'stdout.log')
    mkdirSync(init.dir, { recursive: true })
    writeFileSync(this.#propertiesFile, init.serverProperties)
    writeFileSync(join(init.dir, 'log4j2.xml'), log4j2Xml(this.logFile))
    writeFileSync(join(init.dir, 'log4j2-tools.xml'), quietLog4j2Xml)
  }

  /** `127.0.0.1:<port>`, for a client's bootstrap list. */
  get address(): string {
    return `127.0.0.1:${this.port}`
  }

  /** True while the JVM process is alive. */
  get running(): boolean {
    return this.#child !== undefined
  }

  /** Writes the cluster id and KRaft bootstrap metadata into the data folder (once, before the first start). */
  async format(clusterId: string): Promise<void> {
    const args = [
      '-Xmx256m',
      // A short-lived tool: skip the optimizing compiler and G1's set-up, both cost start-up time.
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      `-Dlog4j2.configurationFile=${join(this.dir, 'log4j2-tools.xml')}`,
      '-cp',
      this.#init.install.classpath,
      storageToolMainClass,
      'format',
      '--cluster-id',
      clusterId,
      '--config',
      this.#propertiesFile,
      ...(this.#init.formatArgs ?? []),
    ]
    try {
      await execFileAsync('java', args, { timeout: 60_000, maxBuffer: 4 * 1024 * 1024 })
    } catch (err) {
      const output = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`
      throw new SpoolTestingError(
        testingErrorCodes.start,
        `formatting Kafka node ${this.id} failed:\n${output.trim()}`,
        { cause: err },
      )
    }
  }

  /** Starts the JVM and resolves once a client gets full metadata from it. No-op when running. */
  async start(): Promise<void> {
    if (this.#child) return
    const started = performance.now()
    this.#spawn()
    await this.#waitReady()
    this.lastStartMs = Math.round(performance.now() - started)
  }

  /** Graceful shutdown (SIGTERM: controlled shutdown), SIGKILL after `stopTimeout`. */
  async stop(): Promise<void> {
    const child = this.#child
    if (!child) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), this.#init.stopTimeout)
    await this.#exited
    clearTimeout(timer)
  }

  /** Crash: SIGKILL, no controlled shutdown, resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.#child
    if (!child) return
    child.kill('SIGKILL')
    await this.#exited
  }

  /** The last lines of the broker log (and of the JVM's own stdout/stderr when it wrote any). */
  logTail(lines = 40): string {
    const stdout = tail(this.#stdoutFile, 20)
    const log = tail(this.logFile, lines)
    return [log && `--- ${this.logFile} ---\n${log}`, stdout && `--- ${this.#stdoutFile} ---\n${stdout}`]
      .filter(Boolean)
      .join('\n')
  }

  #spawn(): void {
    // The JVM writes only its own crash messages here; the broker logs through Log4j2 to server.log.
    const out = openSync(this.#stdoutFile, 'a')
    const args = [
      ...this.#init.jvmOptions,
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(this.dir, 'log4j2.xml')}`,
      `-Dkafka.logs.dir=${this.dir}`,
      '-cp',
      this.#init.install.classpath,
      brokerMainClass,
      this.#propertiesFile,
    ]
    const child = spawn('java', args, { cwd: this.dir, stdio: ['ignore', out, out] })
    closeSync(out)
    track(child)
    if (child.pid !== undefined) recordPid(this.dir, child.pid)
    this.#child = child
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        if (this.#child === child) this.#child = undefined
        resolve(code)
      })
      child.once('error', () => {
        if (this.#child === child) this.#child = undefined
        resolve(null)
      })
    })
  }

  async #waitReady(): Promise<void> {
    const deadline = performance.now() + this.#init.readyTimeout
    let last = 'no answer yet'
    while (performance.now() < deadline) {
      if (!this.#child) {
        throw new SpoolTestingError(
          testingErrorCodes.start,
          `Kafka node ${this.id} exited while starting.\n${this.logTail()}`,
        )
      }
      try {
        const probeTimeout = Math.max(500, Math.min(3_000, deadline - performance.now()))
        const { brokerIds } = await probeBroker(this.address, probeTimeout)
        const expected = this.#init.expectedBrokers()
        if (brokerIds.includes(this.id) && brokerIds.length >= expected) return
        last = `lists brokers [${brokerIds.join(', ')}], waiting for ${expected}`
      } catch (err) {
        last = (err as Error).message
      }
      await sleep(200)
    }
    await this.kill()
    throw new SpoolTestingError(
      testingErrorCodes.start,
      `Kafka node ${this.id} (${this.address}) was not ready within ${this.#init.readyTimeout} ms (${last}).\n${this.logTail()}`,
      { retryable: true },
    )
  }
}
