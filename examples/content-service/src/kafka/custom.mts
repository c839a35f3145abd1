/**
 * Seed 000's "direct Kafka service usage" and "custom consumer" examples, as written there: raw
 * records to `custom.topic` and `batch.topic`, and a consumer group reading `custom.topic`.
 */
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common'
import { type EachMessagePayload, KafkaService } from './kafka.service.mts'

@Injectable()
export class CustomService {
  constructor(private readonly kafkaService: KafkaService) {}

  async sendCustomEvent(): Promise<void> {
    await this.kafkaService.sendMessage({
      topic: 'custom.topic',
      key: 'event-key',
      value: JSON.stringify({ data: 'custom event data' }),
      headers: { source: 'content-service', version: '1.0' },
    })
  }

  async sendBatchEvents(): Promise<void> {
    await this.kafkaService.sendMessages([
      { topic: 'batch.topic', key: 'key1', value: JSON.stringify({ id: 1, data: 'first event' }) },
      { topic: 'batch.topic', key: 'key2', value: JSON.stringify({ id: 2, data: 'second event' }) },
    ])
  }
}

@Injectable()
export class CustomConsumer implements OnModuleInit {
  private readonly logger = new Logger(CustomConsumer.name)
  /** What the consumer received (shown by GET /custom/received). */
  readonly received: Array<{ topic: string; headers: Record<string, string>; data: unknown }> = []

  constructor(private readonly kafkaService: KafkaService) {}

  async onModuleInit() {
    await this.kafkaService.subscribe(
      ['custom.topic'],
      { groupId: 'custom-consumer-group', sessionTimeout: 30000 },
      this.handleMessage.bind(this),
    )
  }

  private async handleMessage(payload: EachMessagePayload): Promise<void> {
    const { topic, message } = payload
    const data = JSON.parse(message.value?.toString() || '{}')
    this.logger.log(`Received message from ${topic}: ${JSON.stringify(data)}`)
    this.received.push({ topic, headers: message.headers, data })
  }
}
