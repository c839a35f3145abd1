/**
 * Kafka's Java command-line tools as conformance peers. A tool JVM costs 1–2 s to start, which
 * dominates a suite that runs dozens of them, so every tool runs with a C1-only JIT and the serial
 * GC, and with a class-data-sharing archive of its own classes (made by its first run, then shared
 * by every later run of the same tool): together about 0.5 s instead of 1.5 s per run.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { kafkaToolCommand, kafkaToolsVersion, realKafkaSkipReason } from '@spool/testing'
import type { Conn } from '../clients/types.ts'

/** Main classes of the tools used here (kafka-tools 4.3.x), beyond `kafkaToolClasses`. */
export const javaTools = Object.freeze({
  topics: 'org.apache.kafka.tools.TopicCommand',
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  clusterTool: 'org.apache.kafka.tools.ClusterTool',
  brokerApiVersions: 'org.apache.kafka.tools.BrokerApiVersionsCommand',
  getOffsetShell: 'org.apache.kafka.tools.GetOffsetShell',
})

/** Why the Java tools cannot run here (no Java, no jars and no Maven), or undefined. */
export const javaSkip: string | undefined = realKafkaSkipReason()

const cdsDir = join(tmpdir(), `spool-kafka-tools-cds-${kafkaToolsVersion}`)

const fastJvm = [
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  // Unified JVM logging writes CDS warnings to stdout, where tool output is parsed.
  '-Xlog:disable',
]

/** The JVM flags for one run of `mainClass`, and what to do once it exits (publish its archive). */
function cdsFlags(mainClass: string): { flags: string[]; done: () => void } {
  const archive = join(cdsDir, `${mainClass}.jsa`)
  if (existsSync(archive)) return { flags: [`-XX:SharedArchiveFile=${archive}`], done: () => {} }
  mkdirSync(cdsDir, { recursive: true })
  // Written under a private name and renamed: a parallel run never maps a half-written archive.
  const staging = `${archive}.${process.pid}.${Math.random().toString(36).slice(2)}`
  return {
    flags: [`-XX:ArchiveClassesAtExit=${staging}`],
    done: () => {
      try {
        if (existsSync(staging)) renameSync(staging, archive)
      } catch {
        rmSync(staging, { force: true })
      }
    },
  }
}

/** Spawns a Kafka tool (the caller reads its output and ends it). */
export async function spawnJava(
  mainClass: string,
  args: readonly string[],
  heap = '256m',
): Promise<ChildProcess> {
  const { command, args: toolArgs } = await kafkaToolCommand(mainClass, args, heap)
  const cds = cdsFlags(mainClass)
  const child = spawn(command, [...fastJvm, ...cds.flags, ...toolArgs], { stdio: ['pipe', 'pipe', 'pipe'] })
  child.once('exit', cds.done)
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  child.once('exit', () => process.off('exit', kill))
  child.stdin?.on('error', () => {})
  return child
}

/** What a tool printed, and its exit code. */
export interface JavaResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs a Kafka tool to completion. A non-zero exit is returned (tests assert on it); running past
 * `timeout` kills the JVM and rejects with everything it printed.
 */
export async function runJava(
  mainClass: string,
  args: readonly string[],
  options: { input?: string; timeout?: number } = {},
): Promise<JavaResult> {
  const timeout = options.timeout ?? 60_000
  const child = await spawnJava(mainClass, args)
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    stdout += c
  })
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c
  })
  child.stdin!.end(options.input ?? '')
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${mainClass} ${args.join(' ')} ran past ${timeout} ms\n${stdout}\n${stderr}`))
    }, timeout)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}

/** Runs a tool and fails with its output unless it exits with 0; returns stdout. */
export async function runJavaOk(
  mainClass: string,
  args: readonly string[],
  options: { input?: string; timeout?: number } = {},
): Promise<string> {
  const r = await runJava(mainClass, args, options)
  if (r.code !== 0)
    throw new Error(`${mainClass} ${args.join(' ')} exited with ${r.code}\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

let configDir: string | undefined
/** A file for client properties, in a folder removed when the process exits. */
const configFile = (name: string): string => {
  if (configDir === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'spool-conformance-java-'))
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    configDir = dir
  }
  return join(configDir, name)
}
let configs = 0

/** `--bootstrap-server`, plus `--command-config` with the SASL settings when the connection has them. */
export function javaConnArgs(conn: Conn): string[] {
  const args = ['--bootstrap-server', conn.bootstrap]
  if (!conn.sasl) return args
  const module =
    conn.sasl.mechanism === 'PLAIN'
      ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
      : 'org.apache.kafka.common.security.scram.ScramLoginModule'
  const file = configFile(`client-${++configs}.properties`)
  writeFileSync(
    file,
    [
      'security.protocol=SASL_PLAINTEXT',
      `sasl.mechanism=${conn.sasl.mechanism}`,
      `sasl.jaas.config=${module} required username="${conn.sasl.username}" password="${conn.sasl.password}";`,
      '',
    ].join('\n'),
  )
  return [...args, '--command-config', file]
}
