/**
 * Conformance: SASL PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 with the right and a wrong password,
 * with each client, against a dedicated embedded broker with SASL users and a dedicated real Kafka
 * with a SASL_PLAINTEXT listener (started here: the shared one has no SASL). The right password
 * gives metadata, produce and consume; a wrong one fails with an authentication error.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { brokerTargets, readTestEnv, startKafka, uniqueName } from '@spool/testing'
import { startBroker } from '../../src/index.ts'
import { type Conn, clients, type SaslMechanism } from './clients/index.ts'
import { javaSkip } from './support/java.ts'

const user = { username: 'alice', password: 'alice-secret' }
const mechanisms: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']

/** Real Kafka runs where the shared Kafka target runs (npm test, CI), and Java is there. */
const kafkaSkip = (() => {
  const target = brokerTargets().find((t) => t.name === 'kafka')
  if (!target) return 'KAFKA_BROKERS names an external cluster; its SASL set-up is unknown'
  if (target.skip && !readTestEnv().requireKafka) return target.skip
  return javaSkip
})()

const targets: Array<{
  name: string
  skip?: string
  start: () => Promise<{ bootstrap: string; stop: () => Promise<void> }>
}> = [
  {
    name: 'embedded',
    start: async () => {
      const b = await startBroker({ port: 0, sasl: { users: [user] } })
      return { bootstrap: b.bootstrap, stop: () => b.stop() }
    },
  },
  {
    name: 'kafka',
    ...(kafkaSkip ? { skip: kafkaSkip } : {}),
    start: async () => {
      const k = await startKafka({ sasl: { users: [user] }, heap: '512m' })
      return { bootstrap: k.saslBootstrap!, stop: () => k.stop() }
    },
  },
]

/** Every message in an error, its causes and aggregated errors. */
const errorText = (err: unknown): string => {
  if (!(err instanceof Error)) return String(err)
  const inner = [
    ...((err as { errors?: unknown[] }).errors ?? []),
    ...(err.cause === undefined ? [] : [err.cause]),
  ]
  return [err.message, ...inner.map(errorText)].join(' / ')
}

/** Resolves once `p` has failed with an authentication error. */
async function refused(p: Promise<unknown>, what: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  assert.ok(err !== undefined, `${what}: refused`)
  assert.match(errorText(err), /auth|sasl|credential|nonce/i, `${what}: an authentication error`)
}

for (const target of targets) {
  describe(`conformance: SASL [${target.name}]`, { skip: target.skip, timeout: 300_000 }, () => {
    let bootstrap = ''
    let stop = async () => {}
    before(async () => {
      const started = await target.start()
      bootstrap = started.bootstrap
      stop = started.stop
    })
    after(() => stop())

    for (const client of clients) {
      it(`${client.name}: ${mechanisms.join(', ')} — right password served, wrong one refused`, {
        skip: client.skip,
      }, async () => {
        for (const mechanism of mechanisms) {
          if (client.name === 'kcat' && mechanism !== 'PLAIN') {
            // librdkafka 2.0.2 (Debian's kcat) sends its client nonce again in front of the server's
            // nonce in the SCRAM client-final message; real Kafka and the embedded broker both refuse it.
            await refused(client.metadata({ bootstrap, sasl: { mechanism, ...user } }), `kcat ${mechanism}`)
            continue
          }
          const good: Conn = { bootstrap, sasl: { mechanism, ...user } }
          const bad: Conn = { bootstrap, sasl: { mechanism, username: user.username, password: 'wrong' } }
          const md = await client.metadata(good)
          assert.equal(md.brokers.length, 1, `${mechanism}: metadata`)
          // Produce and consume once (with PLAIN for the slow-starting Java tools).
          if (client.name !== 'java' || mechanism === 'PLAIN') {
            const topic = uniqueName(`sasl-${client.name}`)
            await client.produce(good, topic, [{ key: null, value: `hello-${mechanism}` }])
            const got = await client.consume(good, topic, 1)
            assert.deepEqual(
              got.map((r) => r.value),
              [`hello-${mechanism}`],
            )
          }
          await refused(client.metadata(bad), `${mechanism}: wrong password`)
        }
      })
    }
  })
}
