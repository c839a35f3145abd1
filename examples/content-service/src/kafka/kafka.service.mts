/**
 * Seed 000's `KafkaService`, for direct use: `sendMessage`, `sendMessages`, `subscribe`,
 * `isProducerConnected`, `getActiveConsumerGroups`. The bus does the work; this class keeps the
 * seed's call shapes (records with string values, KafkaJS-style `{ topic, partition, message }`
 * payloads) so code written against the seed moves over unchanged.
 */
import { Injectable } from '@nestjs/common'
import { Bus, type PublishReceipt, type RawMessage } from '@spool/bus'

/** A record for any topic (no catalog, no envelope). */
export interface KafkaRecord {
  topic: string
  key?: string
  value: string | Buffer | null
  headers?: Record<string, string>
  partition?: number
}

/** What a `subscribe` handler receives (the shape of KafkaJS's EachMessagePayload). */
export interface EachMessagePayload {
  topic: string
  partition: number
  message: {
    key: Buffer | null
    value: Buffer | null
    headers: Record<string, string>
    offset: string
    timestamp: string
  }
}

export type MessageHandler = (payload: EachMessagePayload) => Promise<void>

export interface SubscribeOptions {
  groupId: string
  sessionTimeout?: number // ms
  /** Where a new group starts: true (default) = the oldest records, false = only new ones. */
  fromBeginning?: boolean
}

@Injectable()
export class KafkaService {
  constructor(private readonly bus: Bus) {}

  sendMessage(record: KafkaRecord): Promise<PublishReceipt> {
    return this.bus.sendMessage(record)
  }

  sendMessages(records: KafkaRecord[]): Promise<PublishReceipt[]> {
    return this.bus.sendMessages(records)
  }

  /**
   * Registers `handler` for `topics` in the consumer group `groupId`. Call it in `onModuleInit`,
   * as the seed does: the module starts every group once the application has bootstrapped. A
   * handler that throws is retried, then its record goes to `<topic>.dlq`.
   */
  async subscribe(topics: string[], options: SubscribeOptions, handler: MessageHandler): Promise<void> {
    this.bus
      .consumer({
        group: options.groupId,
        sessionTimeout: options.sessionTimeout,
        from: options.fromBeginning === false ? 'latest' : 'earliest',
      })
      .onTopic(topics, (record) => handler(toPayload(record)))
  }

  isProducerConnected(): boolean {
    return this.bus.isProducerConnected()
  }

  getActiveConsumerGroups(): string[] {
    return this.bus.getActiveConsumerGroups()
  }
}

function toPayload(record: RawMessage): EachMessagePayload {
  return {
    topic: record.topic,
    partition: record.partition,
    message: {
      key: record.key ?? null,
      value: record.value,
      headers: record.headers,
      offset: String(record.offset),
      timestamp: String(record.timestamp.getTime()),
    },
  }
}
