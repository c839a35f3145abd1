import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'
import { Admin, Producer, stringSerializers } from '@platformatic/kafka'
import { ApiKeys } from '@spool/protocol'
import { startBroker } from '../src/index.ts'
import { broker, createTopic, fetchRecords, produce, WireClient, wire } from './helpers/wire.ts'

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'spool-broker-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const idem = (baseSequence: number) => ({ batch: { producerId: 77n, producerEpoch: 0, baseSequence } })

describe('Broker', () => {
  it('keeps cluster id, topics, records and producer state across a clean restart', async (t) => {
    const dataDir = tempDir(t)
    const a = await startBroker({ port: 0, dataDir })
    const c1 = await WireClient.connect(a.port)
    const id = await createTopic(c1, 'durable', 2, { 'retention.ms': '86400000' })
    await produce(c1, 'durable', 1, ['one', 'two'])
    const first = await produce(c1, 'durable', 0, ['idem'], idem(0))
    c1.close()
    const clusterId = a.broker.clusterId
    await a.stop()

    const b = await broker(t, { dataDir })
    const c2 = await wire(t, b)
    assert.equal(b.broker.clusterId, clusterId)
    const md = await c2.request(ApiKeys.METADATA, 12, { topics: null })
    assert.deepEqual(
      md.topics.map((x) => [x.name, x.topicId, x.partitions.length]),
      [['durable', id, 2]],
    )
    assert.deepEqual(
      (await fetchRecords(c2, 'durable', 1, 0n)).records.map((r) => r.value),
      ['one', 'two'],
    )
    assert.equal(b.broker.topics.get('durable')!.configs['retention.ms'], '86400000')
    const retried = await produce(c2, 'durable', 0, ['idem'], idem(0))
    assert.deepEqual(
      [retried.errorCode, retried.baseOffset],
      [0, first.baseOffset],
      'a retry after restart is still a duplicate',
    )
    assert.equal((await fetchRecords(c2, 'durable', 0, 0n)).records.length, 1)
  })

  it('recovers acknowledged records and idempotence after SIGKILL of `spool broker`', async (t) => {
    const dataDir = tempDir(t)
    const launcher = fileURLToPath(new URL('../../cli/src/bin.ts', import.meta.url))
    const start = async () => {
      const child = spawn(process.execPath, [launcher, 'broker', '--port', '0', '--data-dir', dataDir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      let out = ''
      child.stdout.on('data', (d) => {
        out += d
      })
      while (!/listening on 127\.0\.0\.1:(\d+)/.test(out)) {
        if (child.exitCode !== null) throw new Error(`broker exited: ${out}`)
        await new Promise((r) => setTimeout(r, 30))
      }
      return { child, port: Number(/listening on 127\.0\.0\.1:(\d+)/.exec(out)![1]) }
    }
    const first = await start()
    const c1 = await WireClient.connect(first.port)
    await createTopic(c1, 'crash')
    for (let s = 0; s < 3; s++) assert.equal((await produce(c1, 'crash', 0, [`r${s}`], idem(s))).errorCode, 0)
    first.child.kill('SIGKILL')
    await once(first.child, 'exit')
    c1.close()

    const second = await start()
    const c2 = await WireClient.connect(second.port)
    assert.deepEqual(
      (await fetchRecords(c2, 'crash', 0, 0n)).records.map((r) => r.value),
      ['r0', 'r1', 'r2'],
    )
    const retried = await produce(c2, 'crash', 0, ['r2'], idem(2))
    assert.deepEqual(
      [retried.errorCode, retried.baseOffset],
      [0, 2n],
      'the producer state was rebuilt from the log',
    )
    assert.equal((await produce(c2, 'crash', 0, ['r3'], idem(3))).baseOffset, 3n)
    c2.close()
    second.child.kill('SIGTERM')
    const [code] = await once(second.child, 'exit')
    assert.equal(code, 0)
  })

  it('runs retention on a timer', async (t) => {
    const b = await broker(t, { retentionCheckIntervalMs: 50 })
    const c = await wire(t, b)
    await createTopic(c, 'short', 1, { 'retention.ms': '1000' })
    // Records stamped in 2023: long expired under a 1 s retention.
    await produce(c, 'short', 0, ['old'])
    await produce(c, 'short', 0, ['older'])
    const deadline = Date.now() + 5_000
    while (b.broker.topics.get('short')!.partitions[0]!.log.logStartOffset < 2n && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
    assert.equal(b.broker.topics.get('short')!.partitions[0]!.log.logStartOffset, 2n)
  })

  it('serves TLS clients', async (t) => {
    const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
    const cert = readFileSync(join(fixtures, 'test-cert.pem'))
    const b = await broker(t, { tls: { key: readFileSync(join(fixtures, 'test-key.pem')), cert } })
    const tls = { ca: [cert], servername: 'localhost' }
    const admin = new Admin({ clientId: 'tls', bootstrapBrokers: [b.bootstrap], tls, retries: 1 })
    t.after(() => admin.close())
    await admin.createTopics({ topics: ['secure'], partitions: 1, replicas: 1 })
    const producer = new Producer({
      clientId: 'tls',
      bootstrapBrokers: [b.bootstrap],
      tls,
      serializers: stringSerializers,
      retries: 1,
    })
    t.after(() => producer.close())
    const res = await producer.send({ messages: [{ topic: 'secure', value: 'over tls' }] })
    assert.equal(res.offsets?.[0]?.offset, 0n)
  })

  it('authenticates @platformatic/kafka with SASL/SCRAM-SHA-512 and PLAIN', async (t) => {
    const b = await broker(t, { sasl: { users: [{ username: 'app', password: 'pw' }] } })
    for (const mechanism of ['SCRAM-SHA-512', 'PLAIN'] as const) {
      const admin = new Admin({
        clientId: 'sasl',
        bootstrapBrokers: [b.bootstrap],
        sasl: { mechanism, username: 'app', password: 'pw' },
        retries: 1,
      })
      t.after(() => admin.close())
      await admin.createTopics({ topics: [`sasl-${mechanism}`], partitions: 1, replicas: 1 })
    }
    const bad = new Admin({
      clientId: 'sasl',
      bootstrapBrokers: [b.bootstrap],
      sasl: { mechanism: 'PLAIN', username: 'app', password: 'nope' },
      retries: 0,
    })
    t.after(() => bad.close())
    await assert.rejects(bad.listTopics())
  })

  it('stops cleanly with clients connected, and refuses new connections afterwards', async (t) => {
    const b = await startBroker({ port: 0 })
    const c = await WireClient.connect(b.port)
    t.after(() => c.close())
    await createTopic(c, 'bye')
    await b.stop()
    assert.equal(await c.waitClosed(), true)
    await assert.rejects(WireClient.connect(b.port))
    await b.stop()
  })

  it('refuses a data directory of another cluster', async (t) => {
    const dataDir = tempDir(t)
    const a = await startBroker({ port: 0, dataDir })
    await a.stop()
    await assert.rejects(
      startBroker({ port: 0, dataDir, clusterId: 'AAAAAAAAAAAAAAAAAAAAAA' }),
      /belongs to cluster/,
    )
  })

  it('reports a port in use', async (t) => {
    const a = await broker(t)
    await assert.rejects(
      startBroker({ port: a.port }),
      (e: Error & { code?: string }) => e.code === 'SPOOL_ERR_LISTEN',
    )
  })
})
