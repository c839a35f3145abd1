/**
 * Kafka's own command-line tools (perf tools, console producer/consumer, admin commands), run from
 * the jars of kafka-tools as a child JVM — what `bin/kafka-*.sh` would run.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { SpoolTestingError, testingErrorCodes } from '../errors.ts'
import { quietLog4j2Xml } from './config.ts'
import { fetchKafka } from './fetch.ts'
import { kafkaCacheRoot } from './paths.ts'
import { track } from './process.ts'

/**
 * Main classes of kafka-tools 4.3.x (checked against the jar), keyed by the script that runs them.
 *
 * @example
 * await runKafkaTool(kafkaToolClasses.topics, ['--bootstrap-server', kafka.bootstrap, '--list'])
 */
export const kafkaToolClasses = Object.freeze({
  /** kafka-producer-perf-test.sh */
  producerPerformance: 'org.apache.kafka.tools.ProducerPerformance',
  /** kafka-consumer-perf-test.sh */
  consumerPerformance: 'org.apache.kafka.tools.ConsumerPerformance',
  /** kafka-console-producer.sh */
  consoleProducer: 'org.apache.kafka.tools.ConsoleProducer',
  /** kafka-console-consumer.sh */
  consoleConsumer: 'org.apache.kafka.tools.consumer.ConsoleConsumer',
  /** kafka-consumer-groups.sh */
  consumerGroups: 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand',
  /** kafka-topics.sh */
  topics: 'org.apache.kafka.tools.TopicCommand',
})

/** Options of {@link runKafkaTool}. */
export interface RunKafkaToolOptions {
  /** Written to the tool's stdin, which is then closed (the console producer reads lines from it). */
  readonly input?: string
  /** SIGKILL the tool after this many ms and reject. */
  readonly timeout?: number
  /** JVM maximum heap (`-Xmx`). */
  readonly heap?: string
}

/** Defaults of {@link RunKafkaToolOptions}. */
export const defaultRunKafkaToolOptions = Object.freeze({
  timeout: 120_000, // 2 min
  heap: '512m',
})

/** What a tool printed. */
export interface KafkaToolResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

const quietConfigFile = (): string => {
  const dir = join(kafkaCacheRoot, 'tools')
  const file = join(dir, 'log4j2-quiet.xml')
  if (existsSync(file) && readFileSync(file, 'utf8') === quietLog4j2Xml) return file
  mkdirSync(dir, { recursive: true })
  // Write then rename: a tool starting in a parallel test never reads a half-written file.
  const staging = `${file}.${process.pid}`
  writeFileSync(staging, quietLog4j2Xml)
  renameSync(staging, file)
  return file
}

/**
 * The command line that runs a Kafka tool, for callers that spawn it themselves (a long-running
 * console consumer, a benchmark that reads output as it comes). Fetches the jars if needed.
 *
 * @example
 * const { command, args } = await kafkaToolCommand(kafkaToolClasses.consoleConsumer, ['--bootstrap-server', b, '--topic', t])
 * const child = spawn(command, args)
 */
export async function kafkaToolCommand(
  mainClass: string,
  toolArgs: readonly string[],
  heap: string = defaultRunKafkaToolOptions.heap,
): Promise<{ command: string; args: string[] }> {
  const install = await fetchKafka()
  const log4j = quietConfigFile()
  return {
    command: 'java',
    args: [
      `-Xmx${heap}`,
      `-Dlog4j2.configurationFile=${log4j}`,
      '-cp',
      install.toolsClasspath,
      mainClass,
      ...toolArgs,
    ],
  }
}

/**
 * Runs a Kafka tool to completion and returns its output. Rejects with `SPOOL_ERR_KAFKA_TOOL` when it
 * runs past `timeout`; a non-zero exit code is returned, not thrown, so tests can assert on it.
 *
 * @example
 * const { code, stdout } = await runKafkaTool(kafkaToolClasses.producerPerformance, [
 *   '--topic', 'perf', '--num-records', '10000', '--record-size', '100', '--throughput', '-1',
 *   '--producer-props', `bootstrap.servers=${kafka.bootstrap}`,
 * ])
 */
export async function runKafkaTool(
  mainClass: string,
  toolArgs: readonly string[],
  options: RunKafkaToolOptions = {},
): Promise<KafkaToolResult> {
  const timeout = options.timeout ?? defaultRunKafkaToolOptions.timeout
  const { command, args } = await kafkaToolCommand(mainClass, toolArgs, options.heap)
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  track(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  child.stdin.on('error', () => {}) // a tool that exits early closes its stdin under us
  child.stdin.end(options.input ?? '')
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(
        new SpoolTestingError(
          testingErrorCodes.tool,
          `${mainClass} ran longer than ${timeout} ms.\nstdout:\n${stdout.slice(-2000)}\nstderr:\n${stderr.slice(-2000)}`,
          { retryable: true },
        ),
      )
    }, timeout)
    child.once('error', (err) => {
      clearTimeout(timer)
      reject(
        new SpoolTestingError(testingErrorCodes.tool, `could not run ${mainClass}: ${err.message}`, {
          cause: err,
        }),
      )
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
  })
}
