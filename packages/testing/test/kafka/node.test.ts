import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { realKafkaSkipReason, SpoolTestingError, startKafka, uniqueName } from '../../src/index.ts'
import { consume, produce } from './clients.ts'

const skip = realKafkaSkipReason()

describe('a single real Kafka node', { skip, timeout: 120_000 }, () => {
  it('starts, and a client produces and consumes a record through it', async (t) => {
    const kafka = await startKafka({ log: (line) => t.diagnostic(line) })
    t.after(() => kafka.stop())

    assert.equal(kafka.nodes.length, 1)
    const [node] = kafka.nodes
    assert.equal(kafka.bootstrap, `127.0.0.1:${node!.port}`)
    assert.notEqual(node!.port, 9092)
    assert.ok(kafka.timings.readyMs > 0 && kafka.timings.totalMs >= kafka.timings.readyMs)

    const topic = uniqueName('harness-single')
    await produce(kafka.bootstrap, topic, ['hello', 'world'])
    assert.deepEqual(await consume(kafka.bootstrap, topic, 2), ['hello', 'world'])

    // The broker logs to a file in its folder; its stdout carries nothing.
    assert.match(readFileSync(node!.logFile, 'utf8'), /Kafka version: 4\.4\.0/)
    assert.equal(readFileSync(join(node!.dir, 'stdout.log'), 'utf8'), '')
  })

  it('stops: the process is gone and the folder removed', async () => {
    const kafka = await startKafka()
    assert.ok(existsSync(kafka.dir))
    await kafka.stop()
    assert.equal(kafka.nodes[0]!.running, false)
    assert.equal(existsSync(kafka.dir), false)
    await kafka.stop() // a second stop is harmless
  })

  it('fails a start that takes too long with a clear error', async () => {
    const err = await startKafka({ readyTimeout: 1_500 }).then(
      () => assert.fail('should not be ready in 1.5 s'),
      (e: unknown) => e,
    )
    assert.ok(err instanceof SpoolTestingError)
    assert.equal(err.code, 'SPOOL_ERR_KAFKA_START')
    assert.match(err.message, /was not ready within 1500 ms/)
  })
})
