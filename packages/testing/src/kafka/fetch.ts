/**
 * Fetches the pinned Apache Kafka jars with Maven into `.cache/kafka` (ignored by git).
 *
 * `mvn dependency:copy-dependencies` copies an artifact and its transitive runtime jars into one
 * folder, which then is the JVM classpath (`<dir>/*`). The broker and the tools get separate folders
 * because kafka-tools is released on its own schedule and brings its own Kafka modules.
 * A marker file holding the pom's hash makes the step idempotent: a second run costs one stat, and
 * editing a pom (a version bump) fetches again.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { SpoolTestingError, testingErrorCodes } from '../errors.ts'
import { findJava, findMaven } from './java.ts'
import { brokerLibDir, brokerPom, kafkaToolsVersion, kafkaVersion, toolsLibDir, toolsPom } from './paths.ts'

const execFileAsync = promisify(execFile)
const markerName = '.complete'

/** Where the fetched jars are, and the classpaths to run them with. */
export interface KafkaInstall {
  /** Broker version, e.g. `4.4.0`. */
  readonly version: string
  /** kafka-tools version (published separately; may lag the broker). */
  readonly toolsVersion: string
  /** Folder of the broker's jars. */
  readonly libDir: string
  /** Folder of the tools' jars. */
  readonly toolsLibDir: string
  /** JVM classpath of the broker and its storage tool. */
  readonly classpath: string
  /** JVM classpath of the command-line tools. */
  readonly toolsClasspath: string
}

/**
 * What {@link fetchKafka} accepts, as a schema.
 *
 * @example
 * await fetchKafka({ log: console.log })
 */
export const fetchKafkaOptionsSchema = z.strictObject({
  /** Receives one line per step taken; silent when omitted. */
  log: z
    .custom<(line: string) => void>((v) => typeof v === 'function', 'must be a function (line) => void')
    .default(() => (_line: string) => {}),
})

/** What {@link fetchKafka} accepts. */
export type FetchKafkaOptions = z.input<typeof fetchKafkaOptionsSchema>

const pomHash = (pom: string): string => createHash('sha256').update(readFileSync(pom)).digest('hex')

const isFetched = (libDir: string, pom: string): boolean => {
  const marker = join(libDir, markerName)
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === pomHash(pom)
}

const install = (): KafkaInstall => ({
  version: kafkaVersion,
  toolsVersion: kafkaToolsVersion,
  libDir: brokerLibDir,
  toolsLibDir,
  classpath: join(brokerLibDir, '*'),
  toolsClasspath: join(toolsLibDir, '*'),
})

/** True when both jar folders are complete for the current poms; never runs Maven. */
export function isKafkaFetched(): boolean {
  return isFetched(brokerLibDir, brokerPom) && isFetched(toolsLibDir, toolsPom)
}

const copyDependencies = async (pom: string, libDir: string, log: (line: string) => void): Promise<void> => {
  if (isFetched(libDir, pom)) return
  // Copy into a fresh sibling folder, then rename: a run killed half-way never leaves a folder
  // that looks complete, and two concurrent fetches cannot interleave their files.
  mkdirSync(dirname(libDir), { recursive: true })
  const staging = `${libDir}.tmp-${process.pid}-${Date.now()}`
  const started = performance.now()
  log(`fetching ${pom} into ${libDir}`)
  try {
    await execFileAsync(
      'mvn',
      ['-q', '-B', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`],
      { maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 },
    )
  } catch (err) {
    rmSync(staging, { recursive: true, force: true })
    const output = `${(err as { stdout?: string }).stdout ?? ''}${(err as { stderr?: string }).stderr ?? ''}`
    const tail = output.trim().split('\n').slice(-15).join('\n')
    throw new SpoolTestingError(testingErrorCodes.fetch, `Maven could not fetch ${pom}:\n${tail}`, {
      cause: err,
      retryable: true,
    })
  }
  if (readdirSync(staging).filter((f) => f.endsWith('.jar')).length === 0) {
    rmSync(staging, { recursive: true, force: true })
    throw new SpoolTestingError(testingErrorCodes.fetch, `Maven copied no jars for ${pom}`)
  }
  writeFileSync(join(staging, markerName), `${pomHash(pom)}\n`)
  rmSync(libDir, { recursive: true, force: true })
  try {
    renameSync(staging, libDir)
  } catch (err) {
    // Another process finished the same fetch first; its folder is as good as ours.
    rmSync(staging, { recursive: true, force: true })
    if (!isFetched(libDir, pom)) throw err
  }
  log(`fetched ${libDir} in ${Math.round(performance.now() - started)} ms`)
}

/**
 * Makes sure the pinned Kafka jars are in the cache, fetching them with Maven when they are not.
 * Idempotent and cheap once fetched. Throws `SPOOL_ERR_KAFKA_UNAVAILABLE` without java (or without
 * mvn while the jars are missing) and `SPOOL_ERR_KAFKA_FETCH` when Maven fails.
 *
 * @example
 * const kafka = await fetchKafka({ log: console.log })
 * console.log(kafka.version, kafka.classpath) // 4.4.0 …/.cache/kafka/4.4.0/lib/*
 */
export async function fetchKafka(options: FetchKafkaOptions = {}): Promise<KafkaInstall> {
  const { log } = parseOptions('fetchKafka', fetchKafkaOptionsSchema, options)
  const reason = kafkaUnavailableReason()
  if (reason !== undefined) {
    throw new SpoolTestingError(testingErrorCodes.unavailable, reason, { retryable: false })
  }
  await copyDependencies(brokerPom, brokerLibDir, log)
  await copyDependencies(toolsPom, toolsLibDir, log)
  return install()
}

/**
 * Why real Kafka cannot run on this machine, or undefined when it can (java 17+ present, and the
 * jars cached or mvn present to fetch them). Runs no broker and fetches nothing.
 *
 * @example
 * const reason = kafkaUnavailableReason()
 * test('against real Kafka', { skip: reason }, async () => {})
 */
export function kafkaUnavailableReason(): string | undefined {
  const java = findJava()
  if (typeof java === 'string') return `real Apache Kafka not available: ${java}`
  if (isKafkaFetched()) return undefined
  const maven = findMaven()
  if (typeof maven === 'string')
    return `real Apache Kafka not available: ${maven} (needed once to fetch the jars)`
  return undefined
}
