/**
 * Seed 001's low-level KafkaClientService: admin operations (createTopics, listTopics) and raw
 * sends. Connections are the bus's; this adds an admin client, closed with the module. When Kafka
 * cannot be reached, errors say where it was looked for and what to check.
 */
import { Injectable, type OnModuleDestroy } from '@nestjs/common'
import { Admin, Bus, type PublishReceipt } from '@spool/bus'
import { explainKafkaError } from './troubleshoot.mts'

@Injectable()
export class KafkaClientService implements OnModuleDestroy {
  private readonly admin: Admin

  constructor(private readonly bus: Bus) {
    this.admin = new Admin(bus.options, { timeout: 10_000, retries: 1 })
  }

  async sendMessage(
    topic: string,
    messages: Array<{ key?: string; value: string }>,
  ): Promise<PublishReceipt[]> {
    return this.bus.sendMessages(messages.map((m) => ({ topic, ...m })))
  }

  /** Creates the topics that do not exist yet; returns the names it created. */
  async createTopics(topics: Array<{ topic: string; numPartitions?: number }>): Promise<string[]> {
    const existing = new Set(await this.listTopics())
    const created: string[] = []
    for (const { topic, numPartitions } of topics) {
      if (existing.has(topic)) continue
      await this.run(() => this.admin.createTopic({ name: topic, partitions: numPartitions }))
      created.push(topic)
    }
    return created
  }

  async listTopics(): Promise<string[]> {
    const topics = await this.run(() => this.admin.listTopics())
    return topics.map((t) => t.name).sort()
  }

  async onModuleDestroy() {
    await this.admin.close()
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation()
    } catch (error) {
      throw explainKafkaError(error, this.bus.options.brokers)
    }
  }
}
