/**
 * Seed 004's `kafkaConsumer`: one consumer group reading all eight topics, dispatching each event
 * to the handlers registered for its type with `registerEventHandler`, in the seed's BaseEvent
 * shape. Underneath it is a Spool consumer group: per-partition order (a user's events in the
 * order they happened), commits after success, in-process retries, dead letters, and an
 * idempotency store that skips an event the group has already handled.
 */
import { type Bus, type BusConsumer, type ConsumerStatus, type EventContext, memoryStore } from '@spool/bus'
import type { EventEnvelope } from '@spool/catalog'
import type { Logger } from 'pino'
import { JobQuestError, jobQuestErrorCodes } from '../errors.ts'
import { type JobQuestEvent, toBaseEvent } from '../events/base-event.ts'
import type { EventType } from '../events/catalog.ts'

/** A handler of one event type. Handlers may run again for an event that failed: make them idempotent. */
export type BaseEventHandler<T extends EventType = EventType> = (
  event: JobQuestEvent<T>,
  context: EventContext,
) => unknown

/**
 * @example
 * const kafkaConsumer = new KafkaConsumer(bus, { group: 'jobquest-consumer', log })
 * kafkaConsumer.registerEventHandler('mission.completed', async (event) => {
 *   console.log(`Mission completed by user ${event.userId}`)
 * })
 * await kafkaConsumer.start()
 */
export class KafkaConsumer {
  readonly group: string
  readonly #consumer: BusConsumer
  readonly #log: Logger
  readonly #handlers = new Map<string, BaseEventHandler<any>[]>()
  readonly #types = new Set<string>()

  constructor(bus: Bus, options: { group: string; log: Logger }) {
    if (!bus.catalog) throw new JobQuestError(jobQuestErrorCodes.CONFIG, 'the bus needs the JobQuest catalog')
    this.group = options.group
    this.#log = options.log
    this.#consumer = bus.consumer({ group: options.group, idempotency: memoryStore() })
    // Every type is routed from the start, so handlers can be added at any time — also while the
    // group runs — and the gateway's POST /api/kafka/status can start the group on its own.
    for (const definition of bus.catalog.list()) {
      this.#types.add(definition.type)
      this.#consumer.on(definition, (envelope, context) => this.#dispatch(envelope as never, context))
    }
  }

  /**
   * Adds a handler for `type` (several per type run one after another, in registration order).
   * Returns a function that removes it.
   */
  registerEventHandler<T extends EventType>(type: T, handler: BaseEventHandler<T>): () => void {
    const list = this.#handlers.get(type) ?? []
    if (!this.#handlers.has(type)) {
      if (!this.#types.has(type)) {
        throw new JobQuestError(
          jobQuestErrorCodes.UNKNOWN_EVENT,
          `"${type}" is not a JobQuest event type; known types: ${[...this.#types].join(', ')}`,
        )
      }
      this.#handlers.set(type, list)
    }
    list.push(handler as BaseEventHandler<any>)
    return () => {
      const i = list.indexOf(handler as BaseEventHandler<any>)
      if (i >= 0) list.splice(i, 1)
    }
  }

  /** Joins the group and starts consuming (no-op while running). */
  async start(): Promise<void> {
    await this.#consumer.start()
  }

  /** Finishes the events in hand, commits and leaves the group. */
  async stop(): Promise<void> {
    await this.#consumer.stop()
  }

  isRunning(): boolean {
    return this.#consumer.state === 'running'
  }

  status(): ConsumerStatus {
    return this.#consumer.status()
  }

  async #dispatch(envelope: EventEnvelope<unknown, EventType>, context: EventContext): Promise<void> {
    const event = toBaseEvent(envelope as never)
    if (!event) {
      throw new JobQuestError(
        jobQuestErrorCodes.NO_USER,
        `${envelope.type} ${envelope.id} names no user: publish it with a userId (CloudEvents subject)`,
      )
    }
    this.#log.info(
      { id: event.id, offset: String(context.offset) },
      `Processing event: ${event.type} for user: ${event.userId}`,
    )
    for (const handler of this.#handlers.get(event.type) ?? []) await handler(event as never, context)
  }
}
