/**
 * `npm test`: runs every test file of the packages and examples with `node --test`, against one
 * real Apache Kafka started here for the whole run.
 *
 * Usage: npm test [-- [--no-kafka] [node --test flags…] [paths or globs…]]
 *   npm test -- packages/testing                 only that package's tests
 *   npm test -- packages/bus/test/x.test.ts      one file
 *   npm test -- --test-name-pattern=publish      any flag is passed to node --test
 *
 * Real Kafka: unless KAFKA_BROKERS names a cluster to use instead (or --no-kafka is given), Kafka
 * is fetched with Maven, started on a free port, and its address exported to the tests as
 * SPOOL_TEST_KAFKA. Without java/mvn the real-Kafka suites skip with a visible notice — unless
 * CI=true or SPOOL_REQUIRE_KAFKA=1, where that is a failure (exit 1).
 *
 * Packages are built first (`npm run build`, incremental). The packages' own tests run their
 * TypeScript sources (Node's `spool-source` export condition, so `@spool/bus` is packages/bus/src);
 * the examples' tests run without it and import the built packages, as an installed service does.
 * The adoption suite (adoption/test) runs last: it packs the tarballs once into a folder made here
 * for the run (SPOOL_ADOPTION_DIR, removed at the end) and installs them into fresh projects.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, globSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { type KafkaCluster, kafkaUnavailableReason, readTestEnv, startKafka } from '@spool/testing'

const root = resolve(import.meta.dirname, '..')
const defaultPatterns = [
  'packages/*/test/**/*.test.ts',
  'examples/*/test/**/*.test.ts',
  'adoption/test/**/*.test.ts',
]
const started = performance.now()

const notice = (line: string): void => {
  process.stderr.write(`\n[npm test] ${line}\n`)
}

const patternsFor = (arg: string): string[] => {
  const path = resolve(root, arg)
  if (existsSync(path) && statSync(path).isDirectory()) {
    const base = relative(root, path) || '.'
    return existsSync(join(path, 'test')) ? [`${base}/test/**/*.test.ts`] : [`${base}/**/*.test.ts`]
  }
  return [relative(root, path)]
}

const args = process.argv.slice(2)
const noKafka = args.includes('--no-kafka')
const flags = args.filter((a) => a.startsWith('-') && a !== '--no-kafka')
const filters = args.filter((a) => !a.startsWith('-'))
const patterns = filters.length > 0 ? filters.flatMap(patternsFor) : defaultPatterns
const files = [
  ...new Set(patterns.flatMap((p) => globSync(p, { cwd: root, exclude: (f) => f.includes('node_modules') }))),
].sort()
if (files.length === 0) {
  notice(`no test files match ${patterns.join(' ')}`)
  process.exit(1)
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.ts')], {
  cwd: root,
  stdio: 'inherit',
})
if (build.status !== 0) {
  notice('the packages did not build (npm run build): see above')
  process.exit(1)
}

const env = readTestEnv()
const childEnv: NodeJS.ProcessEnv = { ...process.env }
let kafka: KafkaCluster | undefined

const cannotRunKafka = (reason: string): void => {
  if (env.requireKafka) {
    notice(`FAILED: ${reason}\nReal Apache Kafka is required here (CI=true or SPOOL_REQUIRE_KAFKA=1).`)
    process.exit(1)
  }
  notice(
    `NOTICE: ${reason}\nSuites against real Kafka will be SKIPPED. Install Java 17+ and Maven to run them.`,
  )
  childEnv.SPOOL_TEST_KAFKA_SKIP = reason
}

if (env.kafkaBrokers !== undefined) {
  notice(`using the external Kafka cluster KAFKA_BROKERS=${env.kafkaBrokers}`)
} else if (noKafka) {
  childEnv.SPOOL_TEST_KAFKA_SKIP = 'real Apache Kafka not started (npm test -- --no-kafka)'
  notice('--no-kafka: suites against real Kafka will be skipped')
} else {
  const reason = kafkaUnavailableReason()
  if (reason !== undefined) {
    cannotRunKafka(reason)
  } else {
    try {
      kafka = await startKafka({ nodes: 1, log: (line) => notice(line) })
      childEnv.SPOOL_TEST_KAFKA = kafka.bootstrap
    } catch (err) {
      cannotRunKafka(`real Apache Kafka did not start: ${(err as Error).message}`)
    }
  }
}

const stopKafka = async (): Promise<void> => {
  if (!kafka) return
  const stopping = kafka
  kafka = undefined
  await stopping.stop()
}

const has = (flag: string): boolean => flags.some((f) => f === flag || f.startsWith(`${flag}=`))
const runnerFlags = (batchConcurrency: string[], timeout = 180_000) => [
  // Two cores: one file at a time next to Kafka's JVM would leave a core idle, more would starve it.
  ...(has('--test-concurrency') ? [] : batchConcurrency),
  // A guard against hangs, not a speed target: the slowest test (3-node failover) takes ~40 s; an
  // adoption file is one test around an npm install and every Node's runs.
  ...(has('--test-timeout') ? [] : [`--test-timeout=${timeout}`]),
  ...(has('--test-reporter') ? [] : ['--test-reporter=spec']),
  ...flags,
]

// Files named *.cluster.test.ts start a cluster of their own (three JVMs): they run afterwards, one
// at a time, so they never compete with each other or with the rest for two cores.
const alone = files.filter((f) => f.endsWith('.cluster.test.ts'))
const builtOnly = (f: string): boolean => f.startsWith('examples/') || f.startsWith('adoption/')
const together = files.filter((f) => !f.endsWith('.cluster.test.ts') && !builtOnly(f))
const examples = files.filter((f) => !f.endsWith('.cluster.test.ts') && f.startsWith('examples/'))
const adoption = files.filter((f) => !f.endsWith('.cluster.test.ts') && f.startsWith('adoption/'))

let child: ReturnType<typeof spawn> | undefined
const forward = (signal: NodeJS.Signals): void => {
  child?.kill(signal)
}
process.on('SIGINT', forward)
process.on('SIGTERM', forward)

/** Node options of a batch's processes (and their children): the source condition, or not. */
const withSource = (source: boolean): NodeJS.ProcessEnv => {
  const options = (childEnv.NODE_OPTIONS ?? '').replace(/--conditions=spool-source/g, '').trim()
  return { ...childEnv, NODE_OPTIONS: source ? `${options} --conditions=spool-source`.trim() : options }
}

const run = (
  batch: string[],
  extra: string[],
  options: { timeout?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<number> => {
  const source = !batch.some(builtOnly)
  child = spawn(process.execPath, ['--test', ...runnerFlags(extra, options.timeout), ...batch], {
    cwd: root,
    env: { ...withSource(source), ...options.env },
    stdio: 'inherit',
  })
  const running = child
  return new Promise<number>((done) => {
    running.once('exit', (exitCode, signal) => done(exitCode ?? (signal ? 1 : 0)))
    running.once('error', (err) => {
      notice(`could not run node --test: ${err.message}`)
      done(1)
    })
  })
}

let code = 0
if (together.length > 0) {
  notice(`running ${together.length} test file(s) of the packages`)
  code = await run(together, ['--test-concurrency=2'])
}
if (examples.length > 0) {
  notice(`running ${examples.length} test file(s) of the examples, on the built packages`)
  code = (await run(examples, ['--test-concurrency=2'])) || code
}
if (alone.length > 0) {
  notice(`running ${alone.length} cluster test file(s), one at a time: ${alone.join(' ')}`)
  const clusterCode = await run(alone, ['--test-concurrency=1'])
  code = code || clusterCode
}
if (adoption.length > 0) {
  // Packed tarballs installed into fresh projects on Node 22 and 26: last, on the built packages.
  notice(`running ${adoption.length} adoption test file(s): packed tarballs in fresh projects`)
  const dir = mkdtempSync(join(tmpdir(), 'spool-adoption-run-'))
  try {
    const adoptionCode = await run(adoption, ['--test-concurrency=2'], {
      timeout: 600_000,
      env: { SPOOL_ADOPTION_DIR: dir },
    })
    code = code || adoptionCode
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
await stopKafka()
notice(`finished in ${Math.round((performance.now() - started) / 1000)} s, exit code ${code}`)
process.exit(code)
