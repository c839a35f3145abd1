import assert from 'node:assert/strict'
import { it } from 'node:test'
import {
  describeOnBrokers,
  kafkaToolClasses,
  realKafkaSkipReason,
  runKafkaTool,
  uniqueName,
} from '../../src/index.ts'

// Kafka's own tools are clients like any other: they run against every broker target, and need
// Java for themselves, so they also skip (outside CI) where Java is missing.
const javaMissing = realKafkaSkipReason()

describeOnBrokers('Kafka command-line tools', (target) => {
  it('console producer and console consumer round-trip lines', {
    skip: javaMissing,
    timeout: 90_000,
  }, async () => {
    const topic = uniqueName('harness-console')
    const produced = await runKafkaTool(
      kafkaToolClasses.consoleProducer,
      ['--bootstrap-server', target.bootstrap!, '--topic', topic],
      { input: 'first\nsecond\n' },
    )
    assert.equal(produced.code, 0, produced.stderr)

    const consumed = await runKafkaTool(kafkaToolClasses.consoleConsumer, [
      '--bootstrap-server',
      target.bootstrap!,
      '--topic',
      topic,
      '--from-beginning',
      '--max-messages',
      '2',
      '--timeout-ms',
      '30000',
    ])
    assert.equal(consumed.code, 0, consumed.stderr)
    assert.deepEqual(consumed.stdout.trim().split('\n'), ['first', 'second'])
  })

  it('ProducerPerformance reports what it sent', { skip: javaMissing, timeout: 90_000 }, async () => {
    const { code, stdout, stderr } = await runKafkaTool(kafkaToolClasses.producerPerformance, [
      '--topic',
      uniqueName('harness-perf'),
      '--num-records',
      '2000',
      '--record-size',
      '100',
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${target.bootstrap}`,
      'acks=1',
    ])
    assert.equal(code, 0, stderr)
    assert.match(stdout, /2000 records sent, [\d.]+ records\/sec/)
  })
})
