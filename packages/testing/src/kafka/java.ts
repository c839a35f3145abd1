/**
 * Finding `java` and `mvn`. Real Kafka needs Java 17 or newer to run and Maven to fetch its jars
 * the first time; without them the real-Kafka half of the tests is skipped (or fails in CI).
 */
import { spawnSync } from 'node:child_process'

/** A found program and the version it printed. */
export interface FoundProgram {
  readonly version: string
}

const run = (command: string, args: string[]): { ok: boolean; output: string } => {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 })
  if (result.error || result.status !== 0) return { ok: false, output: '' }
  return { ok: true, output: `${result.stdout}\n${result.stderr}` }
}

let javaCache: FoundProgram | string | undefined
let mavenCache: FoundProgram | string | undefined

/** `java` on PATH at version 17+, or a sentence saying what is wrong. Cached per process. */
export function findJava(): FoundProgram | string {
  if (javaCache !== undefined) return javaCache
  const { ok, output } = run('java', ['-version'])
  // `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_392" for Java 8).
  const version = /version "([^"]+)"/.exec(output)?.[1]
  if (!ok || version === undefined) {
    javaCache = 'java is not on PATH'
  } else {
    const major = Number(version.startsWith('1.') ? version.split('.')[1] : version.split(/[.+-]/)[0])
    javaCache = major >= 17 ? { version } : `java ${version} is too old: Kafka 4 needs Java 17+`
  }
  return javaCache
}

/** `mvn` on PATH, or a sentence saying it is missing. Cached per process. */
export function findMaven(): FoundProgram | string {
  if (mavenCache !== undefined) return mavenCache
  const { ok, output } = run('mvn', ['-v'])
  const version = /Apache Maven (\S+)/.exec(output)?.[1]
  mavenCache = ok && version !== undefined ? { version } : 'mvn is not on PATH'
  return mavenCache
}
