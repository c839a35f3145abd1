/**
 * `kafkaService` — seed 003's API on top of Spool's event bus:
 *
 *   await kafkaService.init().connectProducer()
 *   await kafkaService.send('user-events', { userId: '123', action: 'login' })     // or an array
 *   await kafkaService.init().connectConsumer('my-consumer-group')
 *   await kafkaService.subscribe('user-events', async (message, { topic, partition }) => { ... })
 *   kafkaService.isConnected
 *   await kafkaService.disconnect()
 *
 * What changed underneath: while Kafka is unreachable `send` no longer logs "[DEV] Would send" and
 * drops the message; the bus keeps it in a local file (the offline spool) and delivers it, in
 * order, once Kafka is back — also after a restart. A handler that throws is retried with backoff
 * and then written to `<topic>.dlq` with the error, instead of being lost.
 */
import { createBus } from '@spool/bus'
import { kafkaConfig } from '../config.js'

/** Thrown by `send` before `connectProducer()`; its message says "not connected", as the seed's did. */
export class KafkaNotConnectedError extends Error {
  code = 'NARAD_KAFKA_NOT_CONNECTED'
}

export class KafkaService {
  /** The Spool bus (created by `init`). */
  bus = undefined
  #producerReady = false
  #group = undefined

  /**
   * Creates the bus from the environment (see config.js). `overrides` win over the environment.
   * Calling it again is harmless, as in the seed, where every helper starts with `init()`.
   */
  init(overrides = {}) {
    if (!this.bus) this.bus = createBus(kafkaConfig(overrides))
    return this
  }

  /**
   * Connects the producer. If Kafka is unreachable the service still starts: messages go to the
   * offline spool until it is back (set SPOOL_OFFLINE=fail to throw instead).
   */
  async connectProducer() {
    await this.#requireBus('connectProducer').connect()
    this.#producerReady = true
    return this
  }

  /** True while the producer is connected to Kafka (false while messages are being spooled). */
  get isConnected() {
    return this.bus?.isProducerConnected() ?? false
  }

  /** The client id and brokers in use (the `/health/kafka` fields). */
  get config() {
    const bus = this.#requireBus('config')
    return { clientId: bus.options.clientId, brokers: [...bus.options.brokers] }
  }

  /**
   * Sends one object or an array of objects as JSON records. `options.key` (a string, or a function
   * of the message) sets the Kafka key: records with one key stay in one partition, in order.
   * Resolves with a receipt per record: `{ topic, partition, offset, spooled }`.
   */
  async send(topic, messages, options = {}) {
    if (!this.#producerReady) {
      throw new KafkaNotConnectedError(
        'Kafka producer not connected: call kafkaService.init().connectProducer() first',
      )
    }
    const list = Array.isArray(messages) ? messages : [messages]
    const receipts = await this.bus.sendMessages(
      list.map((message) => ({
        topic,
        key: keyOf(message, options.key),
        value: JSON.stringify(message),
        headers: { 'content-type': 'application/json' },
      })),
    )
    const kept = receipts.filter((r) => r.spooled).length
    if (kept > 0) {
      console.log(
        `[spool] Kafka unreachable: kept ${kept} message(s) for ${topic}; delivered when it is back`,
      )
    }
    return receipts
  }

  /**
   * Picks the consumer group of the next `subscribe` calls. Groups are independent: each one reads
   * every message of its topics (different services processing the same topic).
   */
  async connectConsumer(groupId) {
    this.#requireBus('connectConsumer')
    if (typeof groupId !== 'string' || groupId === '') {
      throw new TypeError('connectConsumer(groupId): groupId must be a non-empty string')
    }
    this.#group = groupId
    return this
  }

  /**
   * Calls `handler(message, { topic, partition, offset, key, headers })` for every record of
   * `topic`, in order per partition; `message` is the parsed JSON. The offset is committed only
   * after the handler resolved. A group that already runs is restarted with the extra topic (its
   * committed offsets keep its place).
   */
  async subscribe(topic, handler) {
    const bus = this.#requireBus('subscribe')
    if (!this.#group) throw new Error('subscribe: call kafkaService.connectConsumer(groupId) first')
    const consumer = bus.consumer(this.#group)
    if (consumer.state !== 'idle' && consumer.state !== 'stopped') await consumer.stop()
    consumer.onTopic(topic, (record) =>
      handler(parse(record.value), {
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        key: record.key?.toString(),
        headers: record.headers,
      }),
    )
    await consumer.start()
  }

  /**
   * Graceful shutdown: consumers finish the messages in hand and commit, the producer flushes,
   * connections close. Messages still in the offline spool stay there for the next start.
   */
  async disconnect() {
    const bus = this.bus
    this.bus = undefined
    this.#producerReady = false
    this.#group = undefined
    await bus?.close()
  }

  #requireBus(method) {
    if (!this.bus) throw new Error(`kafkaService.${method}: call kafkaService.init() first`)
    return this.bus
  }
}

function keyOf(message, key) {
  if (key === undefined) return undefined
  const value = typeof key === 'function' ? key(message) : key
  return value === undefined || value === null ? undefined : String(value)
}

function parse(value) {
  if (value === null) return null
  const text = value.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The service every module imports, as in the seed. */
export const kafkaService = new KafkaService()
