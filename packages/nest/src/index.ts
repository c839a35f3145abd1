/**
 * @spool/nest — Spool in NestJS: a module that puts the bus in Nest's container and runs it with
 * the application's lifecycle, handler decorators, typed publishers, a microservice transport
 * (`@EventPattern` with retries, retry topics and dead letters), a `ClientProxy`, and a Terminus
 * health indicator.
 *
 * @packageDocumentation
 *
 * @example
 * ```ts
 * @Module({ imports: [SpoolModule.forRoot({ clientId: 'xp-service', catalog: [MissionCompleted] })], providers: [XpService] })
 * export class AppModule {}
 *
 * @Injectable()
 * export class XpService {
 *   constructor(private readonly bus: Bus) {}
 *   @SpoolHandler(MissionCompleted, { group: 'xp-service' })
 *   async award(event: EnvelopeOf<typeof MissionCompleted>) { ... }
 * }
 * ```
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export { Bus, NonRetryableError } from '@spool/bus'
export {
  HandlerFailedError,
  HandlerRegistrationError,
  NestConfigError,
  SpoolNestError,
  type SpoolNestErrorOptions,
  UnsupportedError,
} from './errors.ts'
export {
  type HandlerMetadata,
  handlerMetadataOf,
  handlerOptionsSchema,
  SPOOL_HANDLER_METADATA,
  type SpoolEventMethod,
  SpoolHandler,
  type SpoolHandlerOptions,
  type SpoolMethodDecorator,
  SpoolTopicHandler,
  type SpoolTopicMethod,
} from './handlers/decorator.ts'
export type { RegisteredHandler } from './handlers/explorer.ts'
export { type SpoolHealthDetails, SpoolHealthIndicator, type SpoolHealthOptions } from './health.ts'
export { SpoolLifecycle } from './lifecycle.ts'
export { SpoolClient, SpoolRecord } from './microservice/client.ts'
export { SpoolContext, type SpoolContextArgs } from './microservice/context.ts'
export { SpoolErrorInterceptor } from './microservice/interceptor.ts'
export {
  SPOOL_TRANSPORT,
  SpoolTransport,
  type SpoolTransportOptions,
} from './microservice/transport.ts'
export { SpoolModule, type SpoolModuleAsyncOptions, type SpoolOptionsFactory } from './module.ts'
export {
  defaultSpoolModuleOptions,
  moduleOptionsSchema,
  type ResolvedSpoolOptions,
  resolveModuleOptions,
  type SpoolConsumerDefaults,
  type SpoolModuleOptions,
} from './options.ts'
export { EventPublisher } from './publisher.ts'
export { InjectBus, InjectPublisher, publisherToken, SPOOL_OPTIONS } from './tokens.ts'
