/**
 * Kafka's own Java tools (kafka-clients 4.x: newest protocol versions, flexible everywhere,
 * idempotent producer by default) against the embedded broker. Skipped, visibly, where Java or the
 * Kafka jars are not available; CI runs it.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { kafkaToolClasses, realKafkaSkipReason, runKafkaTool } from '@spool/testing'
import { broker } from '../helpers/wire.ts'

describe('Kafka Java tools', { skip: realKafkaSkipReason(), timeout: 300_000 }, () => {
  it('produce with the idempotent Java producer, consume in a group, describe topic and group', async (t) => {
    const b = await broker(t)
    const produced = await runKafkaTool(
      kafkaToolClasses.producerPerformance,
      [
        '--topic',
        'java',
        '--num-records',
        '5000',
        '--record-size',
        '100',
        '--throughput',
        '-1',
        '--producer-props',
        `bootstrap.servers=${b.bootstrap}`,
        'acks=all',
        'compression.type=zstd',
      ],
      { timeout: 120_000 },
    )
    assert.equal(produced.code, 0, produced.stderr)
    assert.match(produced.stdout, /5000 records sent/)
    const consumed = await runKafkaTool(
      kafkaToolClasses.consumerPerformance,
      [
        '--topic',
        'java',
        '--num-records',
        '5000',
        '--bootstrap-server',
        b.bootstrap,
        '--timeout',
        '30000',
        '--group',
        'java-perf',
      ],
      { timeout: 120_000 },
    )
    assert.equal(consumed.code, 0, consumed.stderr)
    assert.match(consumed.stdout, /, 5000,/)
    const topics = await runKafkaTool(
      kafkaToolClasses.topics,
      ['--bootstrap-server', b.bootstrap, '--describe', '--topic', 'java'],
      { timeout: 60_000 },
    )
    assert.equal(topics.code, 0, topics.stderr)
    assert.match(topics.stdout, /Partition: 0\s+Leader: 1\s+Replicas: 1\s+Isr: 1/)
    const groups = await runKafkaTool(
      kafkaToolClasses.consumerGroups,
      ['--bootstrap-server', b.bootstrap, '--describe', '--group', 'java-perf'],
      { timeout: 60_000 },
    )
    assert.equal(groups.code, 0, groups.stderr)
    assert.match(groups.stdout, /java-perf\s+java\s+0\s+5000\s+5000\s+0/)
  })
})
