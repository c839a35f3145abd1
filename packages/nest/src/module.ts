/**
 * `SpoolModule`: the bus in Nest's container. `forRoot` / `forRootAsync` create (or adopt) one bus
 * for the application, register decorated handlers at bootstrap, and run the bus with the
 * application's lifecycle; `forFeature` adds typed publishers of some event types to a module.
 */
import {
  type DynamicModule,
  type InjectionToken,
  Module,
  type ModuleMetadata,
  type OptionalFactoryDependency,
  type Provider,
  type Type,
} from '@nestjs/common'
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core'
import { Bus, createBus } from '@spool/bus'
import { type AnyEventDefinition, isEventDefinition } from '@spool/catalog'
import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { NestConfigError } from './errors.ts'
import { SpoolLifecycle } from './lifecycle.ts'
import { SpoolClient } from './microservice/client.ts'
import { SpoolErrorInterceptor } from './microservice/interceptor.ts'
import {
  type ResolvedSpoolOptions,
  resolveModuleOptions,
  type SpoolModuleOptions,
  staticEvents,
} from './options.ts'
import { EventPublisher } from './publisher.ts'
import { publisherToken, SPOOL_OPTIONS } from './tokens.ts'

/** What a class given to `forRootAsync({ useClass })` implements. */
export interface SpoolOptionsFactory {
  /** The module's options, read when the module starts. */
  createSpoolOptions(): SpoolModuleOptions | Promise<SpoolModuleOptions>
}

const isFunction = (v: unknown) => typeof v === 'function'

/**
 * `forRootAsync`'s options as a schema: what {@link SpoolModuleAsyncOptions} types (a type test
 * keeps them in step).
 *
 * @example
 * SpoolModule.forRootAsync({ inject: [ConfigService], useFactory: (c: ConfigService) => c.get('spool') })
 */
export const asyncOptionsSchema = z
  .strictObject({
    imports: z.array(z.unknown()).optional(),
    useFactory: z.custom<(...args: any[]) => unknown>(isFunction, 'must be a function').optional(),
    inject: z.array(z.unknown()).optional(),
    useClass: z.custom<Type>(isFunction, 'must be a class').optional(),
    useExisting: z
      .custom<InjectionToken>((v) => v !== undefined && v !== null, 'must be an injection token')
      .optional(),
    events: z
      .array(
        z.custom<AnyEventDefinition>(isEventDefinition, 'must be an event definition made by defineEvent()'),
      )
      .readonly()
      .optional(),
    global: z.boolean().optional(),
  })
  .superRefine((o, ctx) => {
    const shapes = (['useFactory', 'useClass', 'useExisting'] as const).filter((k) => o[k] !== undefined)
    if (shapes.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `needs exactly one of useFactory, useClass, useExisting; got ${shapes.length ? shapes.join(', ') : 'none'}`,
      })
    }
  })

/** Options of `SpoolModule.forRootAsync`: the usual Nest async-provider shapes. */
export interface SpoolModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Builds the options from the providers listed in `inject`. */
  useFactory?: (...args: any[]) => SpoolModuleOptions | Promise<SpoolModuleOptions>
  inject?: Array<InjectionToken | OptionalFactoryDependency>
  useClass?: Type<SpoolOptionsFactory>
  useExisting?: InjectionToken<SpoolOptionsFactory>
  /**
   * Event types to provide typed publishers for (the factory's catalog is not known until it
   * runs). `forFeature` adds more anywhere.
   */
  events?: readonly AnyEventDefinition[]
  /** Make the module's providers injectable everywhere (default true). */
  global?: boolean
}

/**
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     SpoolModule.forRoot({ clientId: 'content-service', catalog: [ContentCreated, QuizSubmitted] }),
 *     // or, with @nestjs/config:
 *     SpoolModule.forRootAsync({
 *       imports: [ConfigModule],
 *       inject: [ConfigService],
 *       useFactory: (config: ConfigService) => ({ brokers: config.get('KAFKA_BROKERS').split(','), catalog }),
 *       events: catalog,
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
// biome-ignore lint/complexity/noStaticOnlyClass: Nest modules are classes; the dynamic-module factories are static by convention.
export class SpoolModule {
  /** The module with options known now. Environment variables fill what is not given. */
  static forRoot(options: SpoolModuleOptions = {}): DynamicModule {
    const resolved = resolveModuleOptions(options)
    const events = resolved.bus ? staticEvents(resolved.bus.catalog?.list()) : staticEvents(options.catalog)
    return SpoolModule.#root({ provide: SPOOL_OPTIONS, useValue: resolved }, [], events, options.global)
  }

  /** The module with options made by a factory, a class or an existing provider. */
  static forRootAsync(input: SpoolModuleAsyncOptions): DynamicModule {
    const options = parseOptions(
      'SpoolModule.forRootAsync',
      asyncOptionsSchema,
      input,
    ) as SpoolModuleAsyncOptions
    const extra: Provider[] = []
    let optionsProvider: Provider
    if (options.useFactory) {
      const factory = options.useFactory
      optionsProvider = {
        provide: SPOOL_OPTIONS,
        useFactory: async (...args: unknown[]) =>
          resolveModuleOptions(await factory(...args), 'SpoolModule.forRootAsync'),
        inject: [...(options.inject ?? [])],
      }
    } else {
      const token = (options.useClass ?? options.useExisting)!
      if (options.useClass) extra.push({ provide: options.useClass, useClass: options.useClass })
      optionsProvider = {
        provide: SPOOL_OPTIONS,
        useFactory: async (factory: SpoolOptionsFactory) =>
          resolveModuleOptions(await factory.createSpoolOptions(), 'SpoolModule.forRootAsync'),
        inject: [token],
      }
    }
    const root = SpoolModule.#root(optionsProvider, extra, options.events ?? [], options.global)
    return { ...root, imports: [...(root.imports ?? []), ...(options.imports ?? [])] }
  }

  /**
   * Typed publishers of `events`, injectable in the importing module with
   * `@InjectPublisher(Def)` (the `forFeature` of TypeORM's repositories, for events).
   *
   * @example
   * ```ts
   * @Module({ imports: [SpoolModule.forFeature([SubscriptionCreated])], providers: [SubscriptionsService] })
   * export class SubscriptionsModule {}
   * ```
   */
  static forFeature(events: readonly AnyEventDefinition[]): DynamicModule {
    if (!Array.isArray(events))
      throw new NestConfigError('SpoolModule.forFeature(events) needs an array of event definitions')
    const providers = publisherProviders(events)
    return {
      module: SpoolModule,
      providers,
      exports: providers.map((p) => (p as { provide: string }).provide),
    }
  }

  static #root(
    optionsProvider: Provider,
    extra: Provider[],
    events: readonly AnyEventDefinition[],
    global: boolean | undefined,
  ): DynamicModule {
    const publishers = publisherProviders(events)
    return {
      module: SpoolModule,
      global: global ?? true,
      imports: [DiscoveryModule],
      providers: [
        optionsProvider,
        ...extra,
        {
          provide: Bus,
          useFactory: (o: ResolvedSpoolOptions) => o.bus ?? createBus(o.busInput),
          inject: [SPOOL_OPTIONS],
        },
        SpoolLifecycle,
        { provide: SpoolClient, useFactory: (bus: Bus) => new SpoolClient({ bus }), inject: [Bus] },
        { provide: APP_INTERCEPTOR, useClass: SpoolErrorInterceptor },
        ...publishers,
      ],
      exports: [
        Bus,
        SPOOL_OPTIONS,
        SpoolClient,
        SpoolLifecycle,
        ...publishers.map((p) => (p as { provide: string }).provide),
      ],
    }
  }
}

function publisherProviders(events: readonly AnyEventDefinition[]): Provider[] {
  const seen = new Set<string>()
  const providers: Provider[] = []
  events.forEach((event, i) => {
    if (!isEventDefinition(event)) {
      throw new NestConfigError(`events[${i}] is not an event definition made by defineEvent()`)
    }
    if (seen.has(event.type)) return
    seen.add(event.type)
    providers.push({
      provide: publisherToken(event),
      useFactory: (bus: Bus) => new EventPublisher(bus, event),
      inject: [Bus],
    })
  })
  return providers
}

Module({})(SpoolModule)
