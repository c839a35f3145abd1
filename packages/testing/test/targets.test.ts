import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import {
  bootstrapList,
  brokerTargets,
  describeOnBrokers,
  probeBroker,
  readTestEnv,
  uniqueName,
} from '../src/index.ts'

const keys = [
  'KAFKA_BROKERS',
  'SPOOL_TEST_KAFKA',
  'SPOOL_TEST_KAFKA_SKIP',
  'SPOOL_REQUIRE_KAFKA',
  'CI',
] as const

describe('brokerTargets', () => {
  const saved: Partial<Record<string, string>> = {}
  beforeEach(() => {
    for (const key of keys) {
      saved[key] = process.env[key]
      delete process.env[key]
    }
  })
  afterEach(() => {
    for (const key of keys) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
  })

  it('uses only the external cluster when KAFKA_BROKERS is set', () => {
    process.env.KAFKA_BROKERS = 'k1:9092,k2:9092'
    process.env.SPOOL_TEST_KAFKA = '127.0.0.1:40000'
    assert.deepEqual(brokerTargets(), [{ name: 'external', bootstrap: 'k1:9092,k2:9092' }])
  })

  it('uses the real Kafka that npm test started', () => {
    process.env.SPOOL_TEST_KAFKA = '127.0.0.1:40000'
    const kafka = brokerTargets().find((t) => t.name === 'kafka')
    assert.deepEqual(kafka, { name: 'kafka', bootstrap: '127.0.0.1:40000' })
  })

  it('skips real Kafka with the reason npm test gave', () => {
    process.env.SPOOL_TEST_KAFKA_SKIP = 'real Apache Kafka not available: java is not on PATH'
    const kafka = brokerTargets().find((t) => t.name === 'kafka')
    assert.equal(kafka?.skip, 'real Apache Kafka not available: java is not on PATH')
    assert.equal(kafka?.bootstrap, undefined)
  })

  it('skips real Kafka with a reason naming SPOOL_TEST_KAFKA when run outside npm test', () => {
    const kafka = brokerTargets().find((t) => t.name === 'kafka')
    assert.match(kafka?.skip ?? '', /SPOOL_TEST_KAFKA is not set/)
  })

  it('offers the in-process embedded broker, started per suite', async () => {
    const embedded = brokerTargets().find((t) => t.name === 'embedded')
    assert.ok(embedded?.start, 'embedded target with start()')
    assert.equal(embedded.skip, undefined)
    const started = await embedded.start()
    try {
      const { brokerIds } = await probeBroker(started.bootstrap, 5_000)
      assert.deepEqual(brokerIds, [1])
    } finally {
      await started.stop()
    }
  })

  it('treats CI=true and SPOOL_REQUIRE_KAFKA=1 as "real Kafka is required"', () => {
    assert.equal(readTestEnv({}).requireKafka, false)
    assert.equal(readTestEnv({ CI: 'true' }).requireKafka, true)
    assert.equal(readTestEnv({ SPOOL_REQUIRE_KAFKA: '1' }).requireKafka, true)
    assert.equal(readTestEnv({ SPOOL_REQUIRE_KAFKA: '0' }).requireKafka, false)
  })
})

describe('uniqueName', () => {
  it('never repeats and keeps to the characters Kafka allows in topic names', () => {
    const names = Array.from({ length: 1000 }, () => uniqueName('orders/v1 created'))
    assert.equal(new Set(names).size, 1000)
    for (const name of names) {
      assert.match(name, /^orders_v1_created-[a-zA-Z0-9._-]+$/)
      assert.ok(name.length <= 249)
    }
  })
})

describe('bootstrapList', () => {
  it('splits a bootstrap.servers string and drops blanks', () => {
    assert.deepEqual(bootstrapList(' a:1, b:2,,'), ['a:1', 'b:2'])
  })
})

describe('describeOnBrokers options', () => {
  it('names a misspelt option, with the nearest known one, before describing anything', () => {
    assert.throws(
      () => describeOnBrokers('never described', () => {}, { onyl: ['kafka'] } as never),
      /^SpoolError: describeOnBrokers: unknown option 'onyl' \(did you mean 'only'\?\)$/,
    )
    assert.throws(
      () => describeOnBrokers('never described', () => {}, { only: ['embeded'] as never }),
      /^SpoolError: describeOnBrokers: option 'only\[0\]' /,
    )
  })
})
