/**
 * Method decorators that mark a provider's method as the handler of an event type (or of a raw
 * topic). They only record metadata on the method; the module finds them at bootstrap.
 *
 * Both decorator dialects are accepted, told apart by their arguments: TypeScript's
 * `experimentalDecorators` (what NestJS applications compile with: `(prototype, name,
 * descriptor)`) and TC39 standard decorators (`(method, context)`). The metadata lives on the
 * method function itself, so either dialect — or a plain `Reflect.decorate` call in code that is
 * run without a compiler — produces the same result.
 */
import 'reflect-metadata'
import type { EventContext, RawMessage } from '@spool/bus'
import { consumerSettingsShape } from '@spool/bus'
import { type AnyEventDefinition, type EnvelopeOf, isEventDefinition } from '@spool/catalog'
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { HandlerRegistrationError } from '../errors.ts'
import type { SpoolConsumerDefaults } from '../options.ts'

/** Metadata key under which handler declarations are stored on a method. */
export const SPOOL_HANDLER_METADATA = 'spool:handlers'

/**
 * Where a handler runs: its consumer group and that group's options, as a schema.
 *
 * @example
 * ```ts
 * @SpoolHandler(MissionCompleted, { group: 'xp-service', retry: { attempts: 5 } })
 * ```
 */
export const handlerOptionsSchema = z
  .strictObject({
    ...consumerSettingsShape,
    /** Consumer group (default: the module's `group`, else the bus's clientId). */
    group: z.string().min(1),
  })
  .partial()

/** Where a handler runs: its consumer group and that group's options. */
export type SpoolHandlerOptions = SpoolConsumerDefaults & z.input<typeof handlerOptionsSchema>

/** A handler declaration read back from a method. */
export type HandlerMetadata =
  | { readonly kind: 'event'; readonly event: AnyEventDefinition; readonly options: SpoolHandlerOptions }
  | { readonly kind: 'topic'; readonly topics: readonly string[]; readonly options: SpoolHandlerOptions }

/** The signature a `@SpoolHandler(Def)` method must accept. */
export type SpoolEventMethod<D extends AnyEventDefinition> = (
  event: EnvelopeOf<D>,
  context: EventContext,
) => unknown

/** The signature a `@SpoolTopicHandler(topic)` method must accept. */
export type SpoolTopicMethod = (message: RawMessage, context: EventContext) => unknown

/**
 * A method decorator usable with `experimentalDecorators` and with standard decorators. The method
 * may be any function assignable to `M`: one that takes only the event (no context) fits too.
 *
 * @typeParam M - the type of the decorated method
 */
export interface SpoolMethodDecorator<M extends (...args: any[]) => unknown> {
  /**
   * As an `experimentalDecorators` decorator.
   *
   * @typeParam T - the decorated method's own type, assignable to `M`
   */
  <T extends M>(target: object, propertyKey: string | symbol, descriptor: TypedPropertyDescriptor<T>): void
  /**
   * As a standard (TC39) decorator.
   *
   * @typeParam T - the decorated method's own type, assignable to `M`
   */
  <T extends M>(value: T, context: ClassMethodDecoratorContext): void
}

/**
 * Handles one catalog event type in a consumer group. The method receives the validated
 * CloudEvents envelope (`event.data` is typed from the schema) and the bus's `EventContext`; a
 * throw is retried, then sent through retry topics and to the dead letters per the group's
 * `retry` options. Handlers of one group share its options.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class XpService {
 *   @SpoolHandler(MissionCompleted, { group: 'xp-service', retry: { attempts: 5 } })
 *   async award(event: EnvelopeOf<typeof MissionCompleted>, ctx: EventContext) {
 *     await this.users.addXp(event.data.userId, event.data.xpEarned)
 *   }
 * }
 * ```
 */
export function SpoolHandler<D extends AnyEventDefinition>(
  event: D,
  options: SpoolHandlerOptions = {},
): SpoolMethodDecorator<SpoolEventMethod<D>> {
  if (!isEventDefinition(event)) {
    throw new HandlerRegistrationError(
      `@SpoolHandler(event) needs an event definition made by defineEvent(); got ${String(event)}`,
    )
  }
  const parsed = parseOptions(`@SpoolHandler(${event.type})`, handlerOptionsSchema, options)
  return decorator(`@SpoolHandler(${event.type})`, { kind: 'event', event, options: parsed })
}

/**
 * Handles every record of raw topics (outside the catalog) in a consumer group: the seed-style
 * `subscribe(['custom.topic'], handler)`. The method receives the key, value and headers.
 *
 * @example
 * ```ts
 * @SpoolTopicHandler('custom.topic', { group: 'custom-consumer-group' })
 * handle(message: RawMessage) {
 *   const data = message.json<{ data: string }>()
 * }
 * ```
 */
export function SpoolTopicHandler(
  topics: string | readonly string[],
  options: SpoolHandlerOptions = {},
): SpoolMethodDecorator<SpoolTopicMethod> {
  const list = typeof topics === 'string' ? [topics] : [...(topics ?? [])]
  if (list.length === 0 || list.some((t) => typeof t !== 'string' || t.length === 0)) {
    throw new HandlerRegistrationError('@SpoolTopicHandler(topics) needs one or more non-empty topic names')
  }
  const name = `@SpoolTopicHandler(${list.join(',')})`
  return decorator(name, {
    kind: 'topic',
    topics: list,
    options: parseOptions(name, handlerOptionsSchema, options),
  })
}

/**
 * The handler declarations recorded on a method (empty when it has none).
 *
 * @example
 * handlerMetadataOf(XpService.prototype.award) // [{ kind: 'event', event: MissionCompleted, options: { group: 'xp' } }]
 */
export function handlerMetadataOf(method: unknown): readonly HandlerMetadata[] {
  if (typeof method !== 'function') return []
  return (Reflect.getMetadata(SPOOL_HANDLER_METADATA, method) as HandlerMetadata[] | undefined) ?? []
}

function decorator<M extends (...args: any[]) => unknown>(
  name: string,
  metadata: HandlerMetadata,
): SpoolMethodDecorator<M> {
  return ((target: unknown, key: unknown, descriptor?: PropertyDescriptor) => {
    if (isStandardContext(key)) {
      if (key.kind !== 'method' || key.static || key.private) {
        throw new HandlerRegistrationError(
          `${name} decorates public instance methods; "${String(key.name)}" is a ${key.static ? 'static ' : ''}${key.private ? 'private ' : ''}${key.kind}`,
        )
      }
      record(target, metadata)
      return
    }
    const method = descriptor?.value
    if (typeof method !== 'function') {
      throw new HandlerRegistrationError(`${name} decorates methods; "${String(key)}" is not a method`)
    }
    if (typeof target === 'function') {
      throw new HandlerRegistrationError(`${name} decorates instance methods; "${String(key)}" is static`)
    }
    record(method, metadata)
  }) as SpoolMethodDecorator<M>
}

function record(method: unknown, metadata: HandlerMetadata): void {
  const list = handlerMetadataOf(method)
  Reflect.defineMetadata(SPOOL_HANDLER_METADATA, [...list, Object.freeze(metadata)], method as object)
}

function isStandardContext(value: unknown): value is ClassMethodDecoratorContext & { kind: string } {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value
}
