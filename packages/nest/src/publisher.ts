/**
 * A typed publisher for one event type: the injectable form of seed 002's `SubscriptionProducer`
 * and seed 000's `ContentEventProducer`, without writing one class per event.
 */
import type { Bus, PublishedEvent, PublishOptions } from '@spool/bus'
import type { AnyEventDefinition, EventInput } from '@spool/catalog'
import { NestConfigError } from './errors.ts'

/**
 * Publishes one event type through the module's bus, validating data against its schema.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class SubscriptionsService {
 *   constructor(
 *     @InjectPublisher(SubscriptionCreated)
 *     private readonly created: EventPublisher<typeof SubscriptionCreated>,
 *   ) {}
 *   async create(dto: CreateSubscriptionDto) {
 *     const subscription = await this.repository.save(dto)
 *     await this.created.publish({ subscriptionId: subscription.id, tierId: dto.tierId })
 *   }
 * }
 * ```
 */
export class EventPublisher<D extends AnyEventDefinition = AnyEventDefinition> {
  readonly definition: D
  #bus: Bus

  constructor(bus: Bus, definition: D) {
    if (bus.catalog && !bus.catalog.has(definition.type)) {
      throw new NestConfigError(
        `a publisher for "${definition.type}" was requested, but the bus's catalog does not list it; add the definition to the module's catalog`,
      )
    }
    this.#bus = bus
    this.definition = definition
  }

  /** Publishes one event; resolves once Kafka acknowledged it (or the offline spool holds it). */
  publish(data: EventInput<D>, options?: PublishOptions): Promise<PublishedEvent> {
    return this.#bus.publish(this.definition, data, options)
  }

  /** Publishes many events in one batch; every one is validated before any is sent. */
  publishMany(items: ReadonlyArray<EventInput<D>>, options?: PublishOptions): Promise<PublishedEvent[]> {
    return this.#bus.publishBatch(items.map((data) => ({ event: this.definition, data, options })))
  }
}
