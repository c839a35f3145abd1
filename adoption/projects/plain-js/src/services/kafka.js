/**
 * The seed's `kafkaService`, on Spool's bus: the same calls, with typed events instead of loose
 * objects. Configuration comes from the environment (KAFKA_BROKERS, KAFKA_CLIENT_ID, KAFKA_SSL,
 * KAFKA_SASL_*), as in the seed.
 */
import { busOptionsFromEnv, createBus } from '@spool/bus'
import { catalog } from '../events.js'

class KafkaService {
  bus = undefined
  #group = 'narad'

  init() {
    this.bus ??= createBus({ clientId: 'narad', ...busOptionsFromEnv(), catalog })
    return this
  }

  async connectProducer() {
    await this.bus.connect()
    return this
  }

  /** Publishes one event of the catalog; resolves with `{ id, topic, partition, offset }`. */
  async send(event, data) {
    return this.bus.publish(event, data)
  }

  async connectConsumer(groupId) {
    this.#group = groupId
    return this
  }

  /** `handler(event.data, { type, id, topic, partition, offset })` for each event of that type. */
  async subscribe(event, handler) {
    this.bus.consumer(this.#group).on(event, (received, context) =>
      handler(received.data, {
        type: received.type,
        id: received.id,
        subject: received.subject,
        topic: context.topic,
        partition: context.partition,
        offset: String(context.offset),
      }),
    )
  }

  async startConsumers() {
    await this.bus.start()
  }

  get isConnected() {
    return this.bus?.isProducerConnected() ?? false
  }

  async disconnect() {
    await this.bus?.close()
  }
}

export const kafkaService = new KafkaService()
