/**
 * Finds `@SpoolHandler` / `@SpoolTopicHandler` methods on every provider and controller of the
 * application and registers them, bound to their instances, in the bus's consumer groups. Runs
 * once, after Nest has created every instance and before the bus starts.
 */
import type { DiscoveryService, MetadataScanner } from '@nestjs/core'
import type { Bus, ConsumerInput } from '@spool/bus'
import { HandlerRegistrationError } from '../errors.ts'
import type { SpoolConsumerDefaults } from '../options.ts'
import { type HandlerMetadata, handlerMetadataOf } from './decorator.ts'

/** A decorated method found on an instance. */
export interface DiscoveredHandler {
  readonly instance: Record<string, unknown>
  readonly methodName: string
  /** `ClassName.method`, for messages. */
  readonly source: string
  readonly metadata: HandlerMetadata
}

/** One registered handler, as reported by the module. */
export interface RegisteredHandler {
  readonly group: string
  /** Event type, or `topic:<name>` for a raw topic handler. */
  readonly subject: string
  readonly source: string
}

/** Every decorated method of the application's providers and controllers. */
export function discoverHandlers(discovery: DiscoveryService, scanner: MetadataScanner): DiscoveredHandler[] {
  const found: DiscoveredHandler[] = []
  const seen = new Set<object>()
  for (const wrapper of [...discovery.getProviders(), ...discovery.getControllers()]) {
    const instance = wrapper.instance as Record<string, unknown> | undefined
    if (!instance || typeof instance !== 'object' || seen.has(instance)) continue
    const prototype = Object.getPrototypeOf(instance) as object | null
    if (!prototype || prototype === Object.prototype) continue
    seen.add(instance)
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const metadata = handlerMetadataOf((prototype as Record<string, unknown>)[methodName])
      if (metadata.length === 0) continue
      const source = `${instance.constructor?.name ?? 'anonymous'}.${methodName}`
      if (!wrapper.isDependencyTreeStatic()) {
        throw new HandlerRegistrationError(
          `${source} handles events but its provider is request-scoped (or depends on one); event handlers need a singleton provider`,
        )
      }
      for (const m of metadata) found.push({ instance, methodName, source, metadata: m })
    }
  }
  return found
}

/**
 * Registers discovered handlers in their consumer groups. Handlers of one group may each set group
 * options; two handlers that set the same option differently are an error naming both.
 */
export function registerHandlers(
  bus: Bus,
  handlers: readonly DiscoveredHandler[],
  defaults: { group: string | undefined; consumer: Readonly<SpoolConsumerDefaults> },
): RegisteredHandler[] {
  const byGroup = new Map<string, DiscoveredHandler[]>()
  for (const h of handlers) {
    const group = h.metadata.options.group ?? defaults.group ?? bus.options.clientId
    byGroup.set(group, [...(byGroup.get(group) ?? []), h])
  }
  const registered: RegisteredHandler[] = []
  for (const [group, list] of byGroup) {
    const groupOptions = mergeGroupOptions(group, list)
    let consumer: ReturnType<Bus['consumer']>
    if (bus.consumers.has(group)) {
      const named = Object.keys(groupOptions)[0]
      if (named !== undefined) {
        throw new HandlerRegistrationError(
          `consumer group "${group}" was created before the module registered its handlers, so ${list[0]!.source} cannot set its option "${named}"; set it where the group is created`,
        )
      }
      consumer = bus.consumer(group)
    } else {
      consumer = bus.consumer({ ...defaults.consumer, ...groupOptions, group } as ConsumerInput)
    }
    for (const h of list) {
      const method = h.instance[h.methodName] as (...args: unknown[]) => unknown
      const bound = (...args: unknown[]) => method.apply(h.instance, args)
      try {
        if (h.metadata.kind === 'event') consumer.on(h.metadata.event, bound)
        else consumer.onTopic([...h.metadata.topics], bound)
      } catch (cause) {
        throw new HandlerRegistrationError(`${h.source}: ${(cause as Error).message}`, { cause })
      }
      const subjects =
        h.metadata.kind === 'event' ? [h.metadata.event.type] : h.metadata.topics.map((t) => `topic:${t}`)
      for (const subject of subjects) registered.push({ group, subject, source: h.source })
    }
  }
  return registered
}

function mergeGroupOptions(group: string, list: readonly DiscoveredHandler[]): SpoolConsumerDefaults {
  const merged: Record<string, unknown> = {}
  const setBy: Record<string, string> = {}
  for (const h of list) {
    for (const [key, value] of Object.entries(h.metadata.options)) {
      if (key === 'group' || value === undefined) continue
      if (key in merged && !sameOption(merged[key], value)) {
        throw new HandlerRegistrationError(
          `handlers of consumer group "${group}" disagree on option "${key}": ${setBy[key]} and ${h.source} set different values; give one of them its own group`,
        )
      }
      merged[key] = value
      setBy[key] ??= h.source
    }
  }
  return merged as SpoolConsumerDefaults
}

/** Plain data (retry policies) compares by value; stores and other instances by identity. */
function sameOption(a: unknown, b: unknown): boolean {
  if (a === b) return true
  const plain = (v: unknown) =>
    typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v))
  return plain(a) && plain(b) && JSON.stringify(a) === JSON.stringify(b)
}
