/**
 * A Nest microservice transport that runs `@EventPattern` handlers through Spool's consumer
 * groups, so they get what Nest's own Kafka transport lacks: in-process retries with backoff,
 * retry topics, dead letters with failure headers, idempotent handling and graceful drain.
 *
 * A pattern is a catalog event type (the handler's `@Payload()` is the validated event data) or,
 * when the catalog has no such type, a raw topic name (the payload is the record's value parsed
 * as JSON, or its text). Request-response (`@MessagePattern`) has no meaning for events and is
 * skipped with a warning.
 */
import { Logger } from '@nestjs/common'
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices'
import {
  type Bus,
  type BusConsumer,
  type ConsumerInput,
  createBus,
  type EventContext,
  type RawMessage,
} from '@spool/bus'
import type { EventEnvelope } from '@spool/catalog'
import { isObservable, lastValueFrom } from 'rxjs'
import { HandlerFailedError, HandlerRegistrationError, NestConfigError, UnsupportedError } from '../errors.ts'
import { resolveModuleOptions, type SpoolModuleOptions, transportOptionsSchema } from '../options.ts'
import { SpoolContext, takeFailure } from './context.ts'

/**
 * Transport id of `SpoolTransport`: binds a handler to this transport alone in an application with
 * several.
 *
 * @example
 * ```ts
 * @EventPattern(PaymentCompleted.type, SPOOL_TRANSPORT)
 * ```
 */
export const SPOOL_TRANSPORT = Symbol.for('spool:transport')

/**
 * Options of `SpoolTransport` (and `SpoolClient`): a bus to share, or the options to create one
 * (read from the environment too, like the module), plus the transport's consumer group.
 */
export type SpoolTransportOptions = Omit<SpoolModuleOptions, 'autoStart' | 'global'>

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/

/**
 * @example
 * ```ts
 * const app = await NestFactory.createMicroservice(AppModule, {
 *   strategy: new SpoolTransport({ catalog, group: 'subscription-service', retry: { attempts: 3, topics: [10_000] } }),
 * })
 * await app.listen()
 *
 * @Controller()
 * export class PaymentConsumer {
 *   @EventPattern(PaymentCompleted.type)
 *   async completed(@Payload() payment: PaymentData, @Ctx() ctx: SpoolContext) { ... }
 * }
 * ```
 */
export class SpoolTransport extends Server implements CustomTransportStrategy {
  override transportId: symbol = SPOOL_TRANSPORT
  // Handler failures go to the bus (retries, dead letters, logs) instead of Nest's "unhandled" log.
  override readonly propagatesEventHandlerErrors = true
  protected override readonly logger = new Logger('SpoolTransport')
  readonly #bus: Bus
  readonly #ownsBus: boolean
  readonly #group: string
  readonly #consumerDefaults: Readonly<Record<string, unknown>>
  #consumers: BusConsumer[] = []

  constructor(options: SpoolTransportOptions = {}) {
    super()
    const resolved = resolveModuleOptions(options, 'SpoolTransport', transportOptionsSchema)
    this.#bus = resolved.bus ?? createBus(resolved.busInput)
    this.#ownsBus = resolved.bus === undefined
    this.#group = resolved.group ?? this.#bus.options.clientId
    this.#consumerDefaults = resolved.consumer
  }

  /** The bus the transport consumes with. */
  get bus(): Bus {
    return this.#bus
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.#consumers = this.#register()
      this._status$.next('connecting')
      await this.#bus.connect()
      await Promise.all(this.#consumers.map((c) => c.start()))
      this._status$.next('connected')
      callback()
    } catch (error) {
      this._status$.next('disconnected')
      callback(error)
    }
  }

  /** Stops the transport's consumer groups gracefully; closes the bus when the transport made it. */
  async close(): Promise<void> {
    if (this.#ownsBus) await this.#bus.close()
    else await Promise.all(this.#consumers.map((c) => c.stop()))
    this._status$.next('disconnected')
  }

  on(): never {
    throw new UnsupportedError(
      'SpoolTransport has no transport events; use bus.health() or the status observable',
    )
  }

  unwrap<T>(): T {
    return this.#bus as T
  }

  #register(): BusConsumer[] {
    const consumers = new Map<string, BusConsumer>()
    const rawTopics = new Map<string, Set<string>>()
    const eventTopics = new Map<string, Set<string>>()
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) {
        this.logger.warn(
          `@MessagePattern(${pattern}) skipped: Kafka events have no replies; use @EventPattern`,
        )
        continue
      }
      const group = groupOf(pattern, handler) ?? this.#group
      let consumer = consumers.get(group)
      if (!consumer) {
        consumer = this.#bus.consumers.has(group)
          ? this.#bus.consumer(group)
          : this.#bus.consumer({ ...this.#consumerDefaults, group } as ConsumerInput)
        consumers.set(group, consumer)
      }
      const definition = this.#bus.catalog?.get(pattern)
      try {
        if (definition) {
          consumer.on(definition, (event, ctx) =>
            this.#dispatch(pattern, event.data, [ctx, event, undefined]),
          )
          add(eventTopics, group, definition.topic)
        } else {
          if (!TOPIC_NAME.test(pattern)) {
            throw new NestConfigError(
              `@EventPattern(${pattern}) is neither an event type of the catalog nor a valid topic name`,
            )
          }
          consumer.onTopic(pattern, (message, ctx) =>
            this.#dispatch(pattern, payloadOf(message), [ctx, undefined, message]),
          )
          add(rawTopics, group, pattern)
        }
      } catch (cause) {
        if (cause instanceof NestConfigError) throw cause
        throw new HandlerRegistrationError(`@EventPattern(${pattern}): ${(cause as Error).message}`, {
          cause,
        })
      }
      this.logger.log(`Mapped {${pattern}, group ${group}} ${definition ? 'event' : 'raw topic'} handler`)
    }
    for (const [group, topics] of rawTopics) {
      const both = [...topics].find((t) => eventTopics.get(group)?.has(t))
      if (both !== undefined) {
        throw new HandlerRegistrationError(
          `group "${group}" handles topic "${both}" both raw and by event type; a raw handler would take every record of it — use separate groups (@EventPattern(pattern, { group }))`,
        )
      }
    }
    return [...consumers.values()]
  }

  async #dispatch(
    pattern: string,
    data: unknown,
    args: [EventContext, EventEnvelope | undefined, RawMessage | undefined],
  ): Promise<void> {
    const handler = this.getHandlerByPattern(pattern)
    if (!handler) throw new HandlerFailedError(`no handler for pattern "${pattern}"`)
    const context = new SpoolContext(args)
    const runEndHook = this.createProcessingEndHookRunner(context)
    const run = async () => {
      try {
        const result = await handler(data, context)
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined })
      } catch (error) {
        throw failureOf(pattern, context, error)
      } finally {
        runEndHook()
      }
    }
    // The start hook (tracing) decides when the handler runs; its completion is the record's.
    await new Promise<void>((resolve, reject) => {
      this.onProcessingStartHook(this.transportId, context, () => {
        const done = run()
        done.then(resolve, reject)
        return done
      })
    })
  }
}

/**
 * A per-pattern consumer group: `@EventPattern('x', { group: 'audit' })`. Nest chains every
 * handler of one pattern into one (they run together), so they must agree on it.
 */
function groupOf(pattern: string, handler: MessageHandler): string | undefined {
  const groups = new Set<string | undefined>()
  for (let h: MessageHandler | undefined = handler; h; h = h.next as MessageHandler | undefined) {
    const group = h.extras?.group
    if (group !== undefined && (typeof group !== 'string' || group.length === 0)) {
      throw new NestConfigError(`@EventPattern(${pattern}) extras.group must be a non-empty string`)
    }
    groups.add(group)
  }
  if (groups.size > 1) {
    throw new NestConfigError(
      `the handlers of @EventPattern(${pattern}) name different groups (${[...groups].map((g) => g ?? 'default').join(', ')}); Nest runs all handlers of a pattern together, so they share one group`,
    )
  }
  return [...groups][0]
}

function add(map: Map<string, Set<string>>, group: string, topic: string): void {
  const set = map.get(group) ?? new Set<string>()
  set.add(topic)
  map.set(group, set)
}

function payloadOf(message: RawMessage): unknown {
  if (message.value === null) return null
  const text = message.value.toString('utf8')
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function failureOf(pattern: string, context: SpoolContext, error: unknown): unknown {
  const original = takeFailure(context)
  if (original) return original.error
  if (error instanceof Error) return error
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error)
  return new HandlerFailedError(`handler of "${pattern}" failed: ${message}`, { cause: error })
}
