/**
 * A plain-JavaScript ES-module service in seed 003's shape (adoption/projects/plain-js), installed
 * from the packed tarballs into a fresh folder and run on Node 22 and 26: its own catalog, publish
 * and consume through the installed bus on the installed CLI's broker, `spool dev` serving its
 * catalog, and the errors a user meets first (a wrong --catalog path, an unsupported Node).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { waitFor } from '@spool/testing'
import { http, jsonLines, lastJson, unique } from './helpers/output.ts'
import { installProject, type Project } from './helpers/project.ts'
import { nodeMajors, unsupportedNode } from './helpers/setup.ts'

/** The line the service printed for the event `id`, once it has. */
const received = (output: () => string, id: string, what: string) =>
  waitFor(() => jsonLines(output()).find((l) => l.received?.id === id)?.received, what, 30_000)

test('plain ESM JavaScript service (seed 003) from the packed tarballs', async (t) => {
  const project: Project = await installProject(t, ['plain-js'], { spool: ['catalog', 'bus', 'cli'] })

  for (const major of nodeMajors) {
    const node = project.nodes[major]

    await t.test(
      `Node ${major}: the installed bus publishes and consumes the seed's events on \`npx spool broker\``,
      async (t) => {
        const broker = project.start(t, 'npx', ['spool', 'broker', '--port', '0', '--memory'], { node })
        const [, bootstrap] = await broker.waitForOutput(
          /listening on (127\.0\.0\.1:\d+)/,
          'the broker address',
        )
        const env = { KAFKA_BROKERS: bootstrap, EVENT_GROUP: unique('event-processor') }
        const service = project.start(t, 'node', ['src/main.js'], { node, env })
        await service.waitForOutput(
          /event processor running \(Kafka connected: true\)/,
          'the service to start',
        )

        const userId = unique('user')
        const published = await project.run(
          'node',
          ['src/publish.js', 'user.login', JSON.stringify({ userId, ip: '192.168.1.1' })],
          { node, env },
        )
        assert.equal(published.code, 0, published.stderr)
        const receipt = lastJson(published.stdout)
        assert.equal(receipt.topic, 'user-events')
        assert.equal(receipt.spooled, false)

        const event = await received(service.output, receipt.id, 'the handler to receive the login')
        assert.equal(event.type, 'user.login')
        assert.equal(event.subject, userId)
        assert.equal(event.data.userId, userId)
        assert.equal(event.data.ip, '192.168.1.1')
        assert.equal(event.topic, 'user-events')
        assert.equal(event.offset, receipt.offset)

        // The installed catalog refuses bad data before anything is sent, naming every bad field.
        const invalid = await project.run(
          'node',
          [
            'src/publish.js',
            'order.created',
            JSON.stringify({ orderId: 'o1', customerId: 'c1', items: [], total: -5 }),
          ],
          { node, env },
        )
        assert.equal(invalid.code, 1, invalid.stdout)
        assert.match(invalid.stderr, /SPOOL_ERR_VALIDATION/)
        assert.match(invalid.stderr, /items/)
        assert.match(invalid.stderr, /total/)

        await service.stop()
        assert.deepEqual(await service.exited, { code: 0, signal: null })
        assert.match(service.output(), /event processor stopped/)
      },
    )

    await t.test(
      `Node ${major}: \`npx spool dev --catalog ./src/events.js\` serves the project's catalog; a POSTed event reaches the service`,
      async (t) => {
        const dev = project.start(
          t,
          'npx',
          [
            'spool',
            'dev',
            '--catalog',
            './src/events.js',
            '--broker-port',
            '0',
            '--http-port',
            '0',
            '--memory',
          ],
          { node },
        )
        const [, bootstrap] = await dev.waitForOutput(
          /Kafka bootstrap\s+(127\.0\.0\.1:\d+)/,
          'the broker address',
        )
        const [, api] = await dev.waitForOutput(
          /gateway API\s+(http:\/\/\S+\/api\/kafka)/,
          'the gateway address',
        )
        assert.match(dev.output(), /4 event type\(s\) from \.\/src\/events\.js/)

        const health = await http(api.replace(/\/api\/kafka$/, '/health/kafka'))
        assert.equal(health.status, 200, JSON.stringify(health.body))
        assert.equal(health.body.data.status, 'up')
        const types = await http(`${api}/events`)
        assert.equal(types.status, 200)
        assert.deepEqual(Object.keys(types.body.data.eventTypes).sort(), [
          'order.created',
          'order.updated',
          'user.action',
          'user.login',
        ])

        const env = { KAFKA_BROKERS: bootstrap, EVENT_GROUP: unique('event-processor') }
        const service = project.start(t, 'node', ['src/main.js'], { node, env })
        await service.waitForOutput(/event processor running/, 'the service to start')

        const userId = unique('user')
        const posted = await http(`${api}/events`, {
          body: {
            eventType: 'user.action',
            userId,
            data: { userId, action: 'checkout', data: { cart: 3 }, timestamp: new Date().toISOString() },
          },
        })
        assert.equal(posted.status, 202, JSON.stringify(posted.body))
        const id = posted.body.data.id as string
        const event = await received(
          service.output,
          id,
          'the service to consume the event POSTed to the gateway',
        )
        assert.equal(event.type, 'user.action')
        assert.equal(event.subject, userId)
        assert.deepEqual(event.data.data, { cart: 3 })

        const rejected = await http(`${api}/events`, {
          body: { eventType: 'user.action', userId, data: { userId, timestamp: 'yesterday' } },
        })
        assert.equal(rejected.status, 400)
        assert.match(JSON.stringify(rejected.body), /action/)
        assert.match(JSON.stringify(rejected.body), /timestamp/)
      },
    )

    await t.test(
      `Node ${major}: \`npx spool dev --catalog ./missing.js\` exits 2 naming the file`,
      async () => {
        const ran = await project.run(
          'npx',
          ['spool', 'dev', '--catalog', './missing.js', '--broker-port', '0', '--http-port', '0', '--memory'],
          { node, timeout: 60_000 },
        )
        assert.equal(ran.code, 2, `${ran.stdout}\n${ran.stderr}`)
        assert.match(ran.stderr, /--catalog: cannot load "\.\/missing\.js": no such file .*missing\.js/)
      },
    )
  }

  const old = unsupportedNode()
  await t.test(
    `${'version' in old ? `Node ${old.version}` : 'an unsupported Node'}: the service and \`spool\` fail at once, naming the supported versions`,
    { skip: 'skip' in old ? old.skip : false },
    async () => {
      if (!('path' in old)) return
      const service = await project.run('node', ['src/publish.js', 'user.login', '{"userId":"u1"}'], {
        node: old.path,
        timeout: 30_000,
      })
      assert.notEqual(service.code, 0)
      assert.match(service.stderr, /SPOOL_ERR_UNSUPPORTED/)
      assert.match(service.stderr, /Node\.js 22\.12(\.0)? or newer \(22, 24, 26\)/)
      assert.match(service.stderr, new RegExp(old.version.slice(1).replaceAll('.', '\\.')))

      const cli = await project.run('npx', ['spool', '--version'], { node: old.path, timeout: 30_000 })
      assert.equal(cli.code, 1)
      assert.match(cli.stderr, /Node\.js 22\.12 or newer \(22, 24, 26\)/)
    },
  )
})
