import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import { describe, it } from 'node:test'
import { Admin, Producer, stringSerializers } from '@platformatic/kafka'
import { ApiKeys, ErrorCodes, startBroker } from '../src/index.ts'

describe('startBroker', () => {
  it('listens on a free port, stores in a temporary folder and removes it on stop', async (t) => {
    const kafka = await startBroker()
    t.after(() => kafka.stop())
    assert.match(kafka.bootstrap, /^127\.0\.0\.1:\d+$/)
    assert.deepEqual(kafka.brokers, [kafka.bootstrap])
    assert.notEqual(kafka.port, 9092)
    assert.ok(kafka.dataDir !== undefined && existsSync(kafka.dataDir))

    const admin = new Admin({ clientId: 'testing-admin', bootstrapBrokers: kafka.brokers })
    t.after(() => admin.close())
    await admin.createTopics({ topics: ['stored'], partitions: 1, replicas: 1 })
    assert.ok(readdirSync(kafka.dataDir, { recursive: true }).some((f) => String(f).includes('stored')))

    await kafka.stop()
    await kafka.stop()
    assert.equal(existsSync(kafka.dataDir), false)
  })

  it('keeps nothing on disk with memory: true', async (t) => {
    const kafka = await startBroker({ memory: true })
    t.after(() => kafka.stop())
    assert.equal(kafka.dataDir, undefined)
  })

  it('injects faults: a failed Produce is answered with the error and writes nothing', async (t) => {
    const kafka = await startBroker({ memory: true })
    t.after(() => kafka.stop())
    const producer = new Producer({
      clientId: 'testing-producer',
      bootstrapBrokers: kafka.brokers,
      serializers: stringSerializers,
      retries: 0,
      autocreateTopics: true,
    })
    t.after(() => producer.close())
    await producer.send({ messages: [{ topic: 'faulty', value: 'first' }] })
    kafka.faults.fail(ApiKeys.PRODUCE, ErrorCodes.KAFKA_STORAGE_ERROR, { times: 1 })
    await assert.rejects(producer.send({ messages: [{ topic: 'faulty', value: 'lost' }] }))
    const sent = await producer.send({ messages: [{ topic: 'faulty', value: 'kept' }] })
    assert.equal(sent.offsets?.[0]?.offset, 1n, 'the failed record was not written')
  })
})
