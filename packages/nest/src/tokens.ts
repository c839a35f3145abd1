/**
 * Injection tokens of the module and the parameter decorators that name them. The bus itself is
 * injected by its class (`constructor(private readonly bus: Bus)`), so it needs no token.
 */
import { Inject } from '@nestjs/common'
import { Bus } from '@spool/bus'
import type { AnyEventDefinition } from '@spool/catalog'

/**
 * Token of the module's resolved options (`ResolvedSpoolOptions`).
 *
 * @example
 * app.get<ResolvedSpoolOptions>(SPOOL_OPTIONS).autoStart
 */
export const SPOOL_OPTIONS = Symbol.for('spool:options')

/**
 * Token of the typed publisher of one event type (registered by `forRoot` for the catalog's
 * events and by `forFeature`).
 *
 * @example
 * moduleRef.get(publisherToken(MissionCompleted))
 */
export function publisherToken(event: AnyEventDefinition | string): string {
  return `spool:publisher:${typeof event === 'string' ? event : event.type}`
}

/**
 * Injects the bus. Equivalent to typing the parameter as `Bus` when the compiler emits decorator
 * metadata; use it where it does not (esbuild, tsx, plain JavaScript).
 *
 * @example
 * ```ts
 * constructor(@InjectBus() private readonly bus: Bus) {}
 * ```
 */
export function InjectBus(): PropertyDecorator & ParameterDecorator {
  return Inject(Bus)
}

/**
 * Injects the typed publisher of an event type.
 *
 * @example
 * ```ts
 * constructor(
 *   @InjectPublisher(PaymentCompleted) private readonly payments: EventPublisher<typeof PaymentCompleted>,
 * ) {}
 * ```
 */
export function InjectPublisher(event: AnyEventDefinition | string): PropertyDecorator & ParameterDecorator {
  return Inject(publisherToken(event))
}
