import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { consoleIndex } from '@spool/console'
import { spool, start } from '../helpers/spool.ts'

const fixture = fileURLToPath(new URL('../fixtures/catalog.ts', import.meta.url))

/** Starts `spool dev` on free ports; returns its addresses. */
async function dev(
  t: { after(fn: () => unknown): void },
  args: string[] = [],
  env: Record<string, string> = {},
) {
  const running = start(['dev', '--broker-port', '0', '--http-port', '0', '--memory', ...args], { env })
  t.after(() => running.stop('SIGKILL'))
  await running.waitFor(/Press Ctrl-C to stop/)
  const bootstrap = /Kafka bootstrap\s+(127\.0\.0\.1:\d+)/.exec(running.stdout())![1]!
  const url = /gateway API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(running.stdout())![1]!
  return { running, bootstrap, url }
}

describe('spool dev', () => {
  it('serves the broker, /health, the console page and the demo catalog, and stops on SIGTERM', async (t) => {
    const { running, bootstrap, url } = await dev(t)
    assert.match(running.stdout(), new RegExp(`console\\s+${url}/`))
    assert.match(
      running.stdout(),
      /catalog\s+5 demo event types \(pass --catalog <module> to serve your own\)/,
    )

    const health = await fetch(`${url}/health`)
    assert.equal(health.status, 200)
    assert.equal(((await health.json()) as { data: { status: string } }).data.status, 'up')

    const page = await fetch(`${url}/`)
    assert.equal(page.status, 200)
    assert.match(page.headers.get('content-type') ?? '', /text\/html/)
    assert.equal(await page.text(), readFileSync(consoleIndex, 'utf8'))

    const events = (await (await fetch(`${url}/api/kafka/events`)).json()) as {
      data: { eventTypes: Record<string, { topic: string }> }
    }
    assert.equal(events.data.eventTypes['order.placed']?.topic, 'orders')

    // The bootstrap is a Kafka broker any client can use, with the catalog's topics created.
    const topics = await spool(['topics', 'list', '--json', '--brokers', bootstrap])
    assert.equal(topics.code, 0, topics.stderr)
    const names = (JSON.parse(topics.stdout).topics as Array<{ name: string }>).map((t) => t.name)
    for (const topic of ['mission-events', 'orders', 'payments'])
      assert.ok(names.includes(topic), names.join(' '))

    assert.equal(await running.stop('SIGTERM'), 0)
    assert.match(running.stdout(), /spool dev stopping\nspool dev stopped\n/)
    await assert.rejects(fetch(`${url}/health`))
  })

  it('serves the catalog of --catalog <module> and publishes through it, whatever KAFKA_* says', async (t) => {
    // Settings of some other cluster in the shell must not reach the bus of the embedded broker.
    const { running, url } = await dev(t, ['--catalog', fixture], {
      KAFKA_BROKERS: '192.0.2.1:9093',
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    })
    assert.match(running.stdout(), /catalog\s+1 event type\(s\) from /)
    const events = (await (await fetch(`${url}/api/kafka/events`)).json()) as {
      data: { eventTypes: Record<string, unknown> }
    }
    assert.deepEqual(Object.keys(events.data.eventTypes), ['fixture.pinged'])
    const published = await fetch(`${url}/api/kafka/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ eventType: 'fixture.pinged', data: { n: 1 } }),
    })
    assert.equal(published.status, 202, await published.clone().text())
    assert.equal(((await published.json()) as { data: { topic: string } }).data.topic, 'fixture-pings')
    assert.equal(await running.stop('SIGINT'), 0)
  })

  it('spool gateway serves the gateway against a running cluster', async (t) => {
    const { bootstrap } = await dev(t)
    const gateway = start(['gateway', '--brokers', bootstrap, '--port', '0', '--catalog', fixture])
    t.after(() => gateway.stop('SIGKILL'))
    const [, url] = await gateway.waitFor(/spool gateway listening on (http:\/\/127\.0\.0\.1:\d+)/)
    const ready = await fetch(`${url}/health/kafka`)
    assert.equal(ready.status, 200)
    assert.equal(
      ((await ready.json()) as { data: { broker: { reachable: boolean } } }).data.broker.reachable,
      true,
    )
    assert.equal(await gateway.stop('SIGTERM'), 0)
    assert.match(gateway.stdout(), /spool gateway stopping/)
  })

  it('exits 2 for a catalog module that cannot be loaded, and 1 when the HTTP port is taken', async (t) => {
    const missing = await spool([
      'dev',
      '--broker-port',
      '0',
      '--http-port',
      '0',
      '--memory',
      '--catalog',
      './nope.ts',
    ])
    assert.equal(missing.code, 2)
    assert.match(missing.stderr, /--catalog: cannot load "\.\/nope\.ts"/)

    const { url } = await dev(t)
    const port = new URL(url).port
    const taken = await spool(['dev', '--broker-port', '0', '--http-port', port, '--memory'])
    assert.equal(taken.code, 1)
    assert.match(taken.stderr, /EADDRINUSE|address already in use/)
  })
})
