import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { isSpoolError } from '@spool/errors'
import {
  bootstrapList,
  newClusterId,
  probeBroker,
  realKafkaSkipReason,
  startKafka,
  uniqueName,
} from '../../src/index.ts'
import { consume, produce } from './clients.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('startKafka options', () => {
  it('rejects a node count other than 1 or 3, naming the option', async () => {
    await assert.rejects(startKafka({ nodes: 2 as 1 }), (err: unknown) => {
      assert.ok(isSpoolError(err))
      assert.equal(err.code, 'SPOOL_ERR_INVALID_OPTION')
      assert.equal(err.message, "startKafka: option 'nodes' must be 1 or 3")
      return true
    })
  })

  it('rejects a heap Kafka would not understand', async () => {
    await assert.rejects(startKafka({ heap: 'lots' }), /option 'heap' must look like "768m" or "1g"/)
  })

  it('names a misspelt option, with the nearest known one, before fetching or starting anything', async () => {
    await assert.rejects(
      startKafka({ readyTimeOut: 1_000 } as never),
      /^SpoolError: startKafka: unknown option 'readyTimeOut' \(did you mean 'readyTimeout'\?\)$/,
    )
    await assert.rejects(
      startKafka({ sasl: { users: [{ username: 'u', pasword: 'p' }] } } as never),
      /unknown option 'sasl\.users\[0\]\.pasword' \(did you mean 'sasl\.users\[0\]\.password'\?\)/,
    )
  })

  it('makes cluster ids the way Kafka prints them: 22 URL-safe base64 characters', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newClusterId()))
    assert.equal(ids.size, 200)
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/)
  })
})

// Runs wherever Java and Maven are, and always in CI (realKafkaSkipReason never skips there).
describe('a three-node real Kafka cluster', { skip: realKafkaSkipReason(), timeout: 150_000 }, () => {
  it('keeps serving when the partition leader is killed, and takes the node back', async (t) => {
    const kafka = await startKafka({ nodes: 3, log: (line) => t.diagnostic(line) })
    t.after(() => kafka.stop())
    assert.equal(kafka.nodes.length, 3)
    assert.deepEqual((await probeBroker(kafka.nodes[0]!.address, 5_000)).brokerIds, [1, 2, 3])

    const admin = new Admin({ clientId: 'harness-admin', bootstrapBrokers: bootstrapList(kafka.bootstrap) })
    t.after(() => admin.close())
    const topic = uniqueName('harness-failover')
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 3 })
    await produce(kafka.bootstrap, topic, ['before'])

    const partition = async () => {
      const metadata = await admin.metadata({ topics: [topic], forceUpdate: true })
      return metadata.topics.get(topic)!.partitions[0]!
    }
    const leaderId = (await partition()).leader
    const victim = kafka.nodes.find((n) => n.id === leaderId)!
    await victim.kill()
    assert.equal(victim.running, false)

    // min.insync.replicas=2 with two nodes left: acks=all writes still succeed once a new leader is elected.
    const survivors = kafka.nodes
      .filter((n) => n.running)
      .map((n) => n.address)
      .join(',')
    await produce(survivors, topic, ['during'])

    await victim.start()
    assert.equal(victim.running, true)
    t.diagnostic(`node ${victim.id} restarted in ${victim.lastStartMs} ms`)
    assert.deepEqual((await probeBroker(victim.address, 5_000)).brokerIds, [1, 2, 3])

    // The restarted node catches up from its own data and rejoins the in-sync replicas.
    const deadline = Date.now() + 30_000
    while (!(await partition()).isr.includes(victim.id)) {
      assert.ok(Date.now() < deadline, `node ${victim.id} did not rejoin the ISR within 30 s`)
      await sleep(250)
    }
    assert.deepEqual(await consume(kafka.bootstrap, topic, 2), ['before', 'during'])
  })
})
