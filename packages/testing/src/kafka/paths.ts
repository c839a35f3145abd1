/**
 * Where the harness keeps things: the Maven projects that pin Kafka (in this package) and the jar
 * cache (`.cache/kafka` at the repository root, ignored by git, shared by every checkout's runs).
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { SpoolTestingError, testingErrorCodes } from '../errors.ts'

/** Root of the repository (this file is packages/testing/src/kafka/paths.ts). */
export const repoRoot = resolve(import.meta.dirname, '../../../..')

/** The Maven project pinning the broker (kafka_2.13) and its logging backend. */
export const brokerPom = resolve(import.meta.dirname, '../../kafka/broker/pom.xml')

/** The Maven project pinning Kafka's command-line tools (kafka-tools). */
export const toolsPom = resolve(import.meta.dirname, '../../kafka/tools/pom.xml')

/** Root of the jar cache. */
export const kafkaCacheRoot = join(repoRoot, '.cache', 'kafka')

/** Reads one `<name>value</name>` property from a pom, so the version is written in one place. */
export function pomProperty(pomPath: string, name: string): string {
  const text = readFileSync(pomPath, 'utf8')
  const match = new RegExp(`<${name}>([^<]+)</${name}>`).exec(text)
  if (!match) throw new SpoolTestingError(testingErrorCodes.internal, `${pomPath} has no <${name}> property`)
  return match[1]!.trim()
}

/** The Apache Kafka broker version the harness runs (from the broker pom). */
export const kafkaVersion: string = pomProperty(brokerPom, 'kafka.version')

/** The kafka-tools version the harness runs (from the tools pom). */
export const kafkaToolsVersion: string = pomProperty(toolsPom, 'kafka.tools.version')

/** Folder of the broker's jars: `.cache/kafka/<version>/lib`. */
export const brokerLibDir = join(kafkaCacheRoot, kafkaVersion, 'lib')

/** Folder of the tools' jars: `.cache/kafka/tools/<version>/lib`. */
export const toolsLibDir = join(kafkaCacheRoot, 'tools', kafkaToolsVersion, 'lib')
