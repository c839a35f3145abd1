/**
 * Where the live stream's events come from: one consumer group of the bus, owned by the gateway,
 * reading every catalog topic from the latest offset. It reads raw records and decodes the
 * CloudEvent itself, so a record it cannot read is skipped here — never dead-lettered or retried
 * on behalf of the gateway, whose only job is to show what flows.
 */
import type { Bus, BusConsumer, RawMessage } from '@spool/bus'
import { decodeEvent, type EventEnvelope } from '@spool/catalog'
import type { FastifyBaseLogger } from 'fastify'

export interface StreamedEvent {
  topic: string
  partition: number
  offset: bigint
  event: EventEnvelope
}

export class StreamSource {
  readonly group: string
  readonly topics: readonly string[]
  #bus: Bus
  #log: FastifyBaseLogger
  #onEvent: (event: StreamedEvent) => void
  #consumer: BusConsumer | undefined
  #starting: Promise<void> | undefined

  constructor(
    bus: Bus,
    group: string,
    topics: readonly string[],
    log: FastifyBaseLogger,
    onEvent: (event: StreamedEvent) => void,
  ) {
    this.#bus = bus
    this.group = group
    this.topics = topics
    this.#log = log
    this.#onEvent = onEvent
  }

  get state(): string {
    return this.#consumer?.state ?? 'idle'
  }

  /** Joins the group once; concurrent callers share the attempt, a failed one can be retried. */
  start(): Promise<void> {
    if (this.topics.length === 0) return Promise.resolve()
    this.#starting ??= (async () => {
      this.#consumer ??= this.#bus
        .consumer({
          group: this.group,
          from: 'latest',
          idempotency: false,
          unknownEvents: 'skip',
          retry: { attempts: 1, topics: [] },
        })
        .onTopic([...this.topics], (message) => this.#handle(message))
      await this.#bus.connect()
      await this.#consumer.start()
      this.#log.info({ group: this.group, topics: this.topics }, 'live stream consuming')
    })().catch((error: unknown) => {
      this.#starting = undefined
      throw error
    })
    return this.#starting
  }

  async stop(): Promise<void> {
    this.#starting = undefined
    await this.#consumer?.stop(5_000)
  }

  #handle(message: RawMessage): void {
    let event: EventEnvelope
    try {
      event = decodeEvent({
        value: message.value,
        headers: message.headers,
        key: message.key ?? null,
        timestamp: message.timestamp,
      })
    } catch (error) {
      this.#log.debug(
        { err: error, topic: message.topic, offset: String(message.offset) },
        'not a CloudEvent; not streamed',
      )
      return
    }
    this.#onEvent({ topic: message.topic, partition: message.partition, offset: message.offset, event })
  }
}
