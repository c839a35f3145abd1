/**
 * The NestJS application test, run on the ES-module project and on the same project switched to
 * CommonJS: build it with its own tsc, then on each Node start it against `npx spool broker`,
 * publish an order over HTTP and see both the @SpoolHandler method and the @EventPattern handler
 * (through the Spool transport) handle it, with Terminus' /health reporting Kafka up.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { waitFor } from '@spool/testing'
import { http, unique } from './output.ts'
import { installProject } from './project.ts'
import { nodeMajors } from './setup.ts'

export async function nestApplication(
  t: TestContext,
  fixtures: readonly string[],
  moduleType: 'esm' | 'cjs',
) {
  const project = await installProject(t, fixtures, { spool: ['nest', 'catalog', 'cli'] })

  await t.test(
    `tsc -p tsconfig.build.json builds the application (${moduleType === 'esm' ? 'ES modules' : 'CommonJS'})`,
    async () => {
      const build = await project.run('npx', ['tsc', '-p', 'tsconfig.build.json'], {
        node: project.nodes[22],
      })
      assert.equal(build.code, 0, build.stdout + build.stderr)
      const main = readFileSync(join(project.dir, 'dist', 'main.js'), 'utf8')
      const manifest = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8'))
      if (moduleType === 'esm') {
        assert.equal(manifest.type, 'module')
        assert.match(main, /^import .* from '@spool\/nest';$/m)
      } else {
        assert.equal(manifest.type, undefined)
        assert.match(main, /require\("@spool\/nest"\)/)
      }
    },
  )

  for (const major of nodeMajors) {
    await t.test(
      `Node ${major}: an order POSTed to the app reaches its @SpoolHandler and its @EventPattern handler; /health is up`,
      async (t) => {
        assert.ok(existsSync(join(project.dir, 'dist', 'main.js')), 'the application was not built')
        const node = project.nodes[major]
        const broker = project.start(t, 'npx', ['spool', 'broker', '--port', '0', '--memory'], { node })
        const [, bootstrap] = await broker.waitForOutput(
          /listening on (127\.0\.0\.1:\d+)/,
          'the broker address',
        )
        const app = project.start(t, 'node', ['dist/main.js'], {
          node,
          env: { KAFKA_BROKERS: bootstrap!, PORT: '0', LOG_LEVEL: 'warn' },
        })
        const [, port] = await app.waitForOutput(
          /orders-app listening on http:\/\/\S+:(\d+)/,
          'the application to listen',
        )
        const url = `http://127.0.0.1:${port}`

        assert.deepEqual(await http(url), { status: 200, body: 'Hello World!' })
        // Terminus answers 200 once the producer is connected and both consumer groups run.
        const ready = await waitFor(async () => {
          const health = await http(`${url}/health`)
          const groups = health.body?.info?.kafka?.consumers?.map((c: { group: string }) => c.group) ?? []
          return health.status === 200 && groups.length === 2 ? health : undefined
        }, '/health to report Kafka up with both consumer groups')
        assert.equal(ready.body.status, 'ok')
        assert.equal(ready.body.info.kafka.status, 'up')
        assert.deepEqual(ready.body.info.kafka.consumers.map((c: { group: string }) => c.group).sort(), [
          'orders-app',
          'orders-app-events',
        ])

        const orderId = unique('order')
        const placed = await http(`${url}/orders`, { body: { orderId, customerId: 'c-1', amount: 1299 } })
        assert.equal(placed.status, 202, JSON.stringify(placed.body))
        assert.equal(placed.body.topic, 'orders')

        const seen = await waitFor(async () => {
          const { body } = await http(`${url}/orders/seen`)
          return body.spoolHandler?.includes(orderId) && body.eventPattern?.includes(orderId)
            ? body
            : undefined
        }, 'both handlers to see the order')
        assert.deepEqual(seen, { spoolHandler: [orderId], eventPattern: [orderId] })

        // Each group counts the event once its handler has returned.
        const after = await waitFor(async () => {
          const health = await http(`${url}/health`)
          const groups: Array<{ handled: number }> = health.body?.info?.kafka?.consumers ?? []
          return groups.length === 2 && groups.every((g) => g.handled === 1) ? health : undefined
        }, '/health to count the order handled in both groups')
        assert.equal(after.status, 200)
        assert.equal(after.body.info.kafka.status, 'up')
        for (const group of after.body.info.kafka.consumers) {
          assert.equal(group.state, 'running', group.group)
          assert.equal(group.failed, 0, group.group)
        }
      },
    )
  }
}
