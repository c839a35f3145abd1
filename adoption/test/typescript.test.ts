/**
 * A TypeScript ESM service (adoption/projects/typescript) compiled with the project's own tsc
 * (`strict`, `module: nodenext`) against the installed declarations: wrong code must not compile,
 * and the compiled service's own `node --test` suite passes on @spool/testing's embedded broker on
 * Node 22 and 26, and once on real Apache Kafka.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import { readTestEnv } from '@spool/testing'
import { installProject } from './helpers/project.ts'
import { nodeMajors } from './helpers/setup.ts'

/** `# pass 2`, `# fail 0`, … from a TAP report. */
const tapCounts = (tap: string): Record<string, number> =>
  Object.fromEntries(
    [...tap.matchAll(/^# (tests|pass|fail|skipped|cancelled|todo) (\d+)$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  )

/** Why the real-Kafka run cannot happen here; undefined to run it (CI always runs it). */
const realKafkaSkip = (): string | undefined => {
  const env = readTestEnv()
  if (env.testKafka !== undefined || env.requireKafka) return undefined
  return (
    env.testKafkaSkip ?? 'real Apache Kafka not available: SPOOL_TEST_KAFKA is not set (npm test starts it)'
  )
}

test('TypeScript ESM service, tsc --strict on the installed declarations', async (t) => {
  const project = await installProject(t, ['typescript'], { spool: ['catalog', 'bus', 'testing'] })
  const node = project.nodes[22]
  const suite = ['--test', '--test-reporter=tap', '--test-concurrency=1', 'dist/test/**/*.test.js']

  await t.test(
    'tsc compiles the service and its tests; Spool declarations have no error of their own',
    async () => {
      const build = await project.run('npx', ['tsc', '-p', 'tsconfig.json'], { node })
      assert.equal(build.code, 0, build.stdout + build.stderr)
      // The same without skipLibCheck: what errors remain must be third-party packages', not Spool's.
      const strict = await project.run(
        'npx',
        ['tsc', '-p', 'tsconfig.json', '--noEmit', '--skipLibCheck', 'false'],
        {
          node,
        },
      )
      const spoolErrors = strict.stdout.split('\n').filter((line) => /node_modules\/@spool\//.test(line))
      assert.deepEqual(spoolErrors, [])
    },
  )

  await t.test(
    'tsc refuses wrongly typed fields, an unknown field, a bad enum value and a mistyped handler',
    async () => {
      const ran = await project.run('npx', ['tsc', '-p', 'tsconfig.type-errors.json', '--pretty', 'false'], {
        node,
      })
      assert.notEqual(ran.code, 0, 'tsc accepted code that publishes wrongly typed data')
      const errors = ran.stdout.split('\n').filter((line) => line.startsWith('type-errors/wrong-field.ts('))
      // Each error must be reported on the line that has the mistake, whatever the file's formatting.
      const source = readFileSync(join(project.dir, 'type-errors', 'wrong-field.ts'), 'utf8').split('\n')
      const at = (mistake: string): string => {
        const line = source.findIndex((l) => l.includes(mistake)) + 1
        assert.ok(line > 0, `type-errors/wrong-field.ts has no line with ${mistake}`)
        return (
          errors.find((e) => e.startsWith(`type-errors/wrong-field.ts(${line},`)) ??
          `no error on line ${line}`
        )
      }
      const wrongAmount = at("amount: '12.99'")
      assert.match(wrongAmount, /TS2322: Type 'string' is not assignable to type 'number'/)
      // …and it points at the field: the column is where `amount` is written.
      const [, line, column] = /\((\d+),(\d+)\)/.exec(wrongAmount)!
      assert.match(source[Number(line) - 1]!.slice(Number(column) - 1), /^amount: '12\.99'/)
      assert.match(at("coupon: 'X'"), /TS2353: .*'coupon' does not exist/)
      assert.match(at("currency: 'GBP'"), /TS2322: Type '"GBP"' is not assignable to type '"EUR" \| "USD"'/)
      assert.match(at('const amount: string'), /TS2322: Type 'number' is not assignable to type 'string'/)
      // Data built elsewhere: tsc names the field in its explanation.
      const fromForm = at('await bus.publish(OrderPlaced, fromForm)')
      assert.match(fromForm, /TS2345: Argument of type .* is not assignable to parameter/)
      assert.match(
        ran.stdout.slice(ran.stdout.indexOf(fromForm)),
        /Types of property 'amount' are incompatible/,
      )
      assert.equal(errors.length, 5, ran.stdout)
    },
  )

  for (const major of nodeMajors) {
    await t.test(
      `Node ${major}: the service's node --test suite passes on @spool/testing's startBroker (with a fault injected)`,
      async () => {
        const ran = await project.run('node', suite, { node: project.nodes[major] })
        assert.equal(ran.code, 0, ran.stdout + ran.stderr)
        assert.deepEqual(tapCounts(ran.stdout), {
          tests: 2,
          pass: 2,
          fail: 0,
          cancelled: 0,
          skipped: 0,
          todo: 0,
        })
      },
    )
  }

  await t.test(
    'real Apache Kafka: the same suite against SPOOL_TEST_KAFKA (Node 22)',
    { skip: realKafkaSkip() ?? false },
    async () => {
      const kafka = readTestEnv().testKafka
      assert.ok(
        kafka,
        'real Apache Kafka is required here (CI=true or SPOOL_REQUIRE_KAFKA=1) but SPOOL_TEST_KAFKA is not set',
      )
      const ran = await project.run('node', suite, { node, env: { KAFKA_BROKERS: kafka } })
      assert.equal(ran.code, 0, ran.stdout + ran.stderr)
      // The fault-injection test needs the embedded broker: it is skipped, visibly, on real Kafka.
      assert.deepEqual(tapCounts(ran.stdout), {
        tests: 2,
        pass: 1,
        fail: 0,
        cancelled: 0,
        skipped: 1,
        todo: 0,
      })
    },
  )
})
