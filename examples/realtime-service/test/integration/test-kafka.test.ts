/**
 * Seed 001's `test/integration/test-kafka.js`, as a real test: the service's KafkaClientService
 * against a live broker — admin operations (create and list topics), a producer, a consumer
 * reading it back — and, with no broker there, an error that says what to check.
 *
 * Like the script, it runs against KAFKA_BROKERS when set:
 *   KAFKA_BROKERS=your-broker:9092 npm run test:kafka -w examples/realtime-service
 * otherwise against the embedded broker (and real Apache Kafka under `npm test`).
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { it } from 'node:test'
import { createBus } from '@spool/bus'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { load, quietLogger, tempDir, waitFor } from '../helpers.ts'

describeOnBrokers('example realtime-service: test-kafka', (target) => {
  it('admin operations, producer and consumer against the broker', async (t) => {
    const { KafkaClientService, KafkaService, RealtimeGateway } = await load()
    const bus = createBus({
      brokers: bootstrapList(target.bootstrap!),
      clientId: 'realtime-service-test',
      offlinePath: join(tempDir(t), 'offline.db'),
      offline: 'fail',
      logger: quietLogger,
    })
    t.after(() => bus.close())
    const client = new KafkaClientService(bus)
    t.after(() => client.onModuleDestroy())

    // Admin: create the test topic (seed: test-realtime-service), list it, creating twice is a no-op.
    const topic = uniqueName('test-realtime-service')
    assert.deepEqual(await client.createTopics([{ topic, numPartitions: 2 }]), [topic])
    assert.ok((await client.listTopics()).includes(topic))
    assert.deepEqual(await client.createTopics([{ topic }]), [])

    // Producer: raw messages, and the generic sendToTopic / sendBatchToTopic of the KafkaService.
    const receipts = await client.sendMessage(topic, [
      { key: 'k1', value: 'hello from the integration test' },
    ])
    assert.equal(receipts[0].spooled, false)
    const service = new KafkaService(bus, new RealtimeGateway())
    await service.sendToTopic(topic, { key: 'message-key', value: { data: 'custom message' } })
    await service.sendBatchToTopic(topic, [{ value: { n: 1 } }, { value: { n: 2 } }])

    // Consumer: a group reads all four back.
    const seen: string[] = []
    bus.subscribe(topic, (message) => void seen.push(String(message.value)), {
      group: uniqueName('test-group'),
    })
    await bus.start()
    await waitFor(() => seen.length === 4, 'the four messages')
    assert.deepEqual(seen.sort(), [
      'hello from the integration test',
      '{"data":"custom message"}',
      '{"n":1}',
      '{"n":2}',
    ])
  })
})

it('example realtime-service: test-kafka — without a broker, the error says what to check', async (t) => {
  const { KafkaClientService, KafkaUnreachableError } = await load()
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const port = (probe.address() as { port: number }).port
  await new Promise((r) => probe.close(r))
  const bus = createBus({
    brokers: [`127.0.0.1:${port}`],
    clientId: 'realtime-service-test',
    offline: 'fail',
    connectionTimeout: 500,
    retries: 0,
    logger: quietLogger,
  })
  t.after(() => bus.close(1_000))
  const client = new KafkaClientService(bus)
  t.after(() => client.onModuleDestroy())
  const error = await client.listTopics().then(
    () => assert.fail('listTopics should fail without a broker'),
    (e: unknown) => e as Error & { brokers: string[] },
  )
  assert.ok(error instanceof KafkaUnreachableError, String(error))
  assert.deepEqual(error.brokers, [`127.0.0.1:${port}`])
  assert.match(error.message, new RegExp(`^Cannot reach Kafka at 127\\.0\\.0\\.1:${port}`))
  assert.match(error.message, /Is Kafka running\?/)
  assert.match(error.message, /KAFKA_BROKERS/)
  assert.ok(error.cause, 'the original error is kept as the cause')
})
