/**
 * Small produce/consume helpers over @platformatic/kafka for the harness' own tests: the point is
 * to prove a real client can use the brokers the harness starts.
 */
import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka'
import { bootstrapList, uniqueName } from '../../src/index.ts'

/** Produces `values` to `topic` with acks=all, retrying through leader changes. */
export async function produce(bootstrap: string, topic: string, values: string[]): Promise<void> {
  const producer = new Producer({
    clientId: uniqueName('harness-producer'),
    bootstrapBrokers: bootstrapList(bootstrap),
    serializers: stringSerializers,
    retries: 30,
    retryDelay: 500,
    timeout: 5_000,
    connectTimeout: 2_000,
    autocreateTopics: true,
  })
  try {
    await producer.send({ acks: -1, messages: values.map((value) => ({ topic, value })) })
  } finally {
    await producer.close()
  }
}

/** Consumes `count` values of `topic` from the beginning, in a fresh group. */
export async function consume(
  bootstrap: string,
  topic: string,
  count: number,
  timeoutMs = 30_000,
): Promise<string[]> {
  const consumer = new Consumer({
    groupId: uniqueName('harness-group'),
    clientId: uniqueName('harness-consumer'),
    bootstrapBrokers: bootstrapList(bootstrap),
    deserializers: stringDeserializers,
    retries: 30,
    retryDelay: 500,
  })
  const values: string[] = []
  const timer = setTimeout(() => void consumer.close(true), timeoutMs)
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false })
    for await (const message of stream) {
      values.push(message.value)
      if (values.length >= count) break
    }
    return values
  } finally {
    clearTimeout(timer)
    await consumer.close(true)
  }
}
