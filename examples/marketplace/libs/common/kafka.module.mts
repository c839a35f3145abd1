/**
 * Seed 002's shared `KafkaModule.register({ clientId, groupId })`, on Spool: one bus per service
 * with the marketplace catalog, its consumer group, retries and dead letters, an idempotency
 * store, and the operations endpoints (health, metrics, dead letters).
 */
import { join } from 'node:path'
import { type DynamicModule, Module } from '@nestjs/common'
import { SpoolModule, type SpoolModuleOptions } from '@spool/nest'
import { inNamespace } from './config.ts'
import { EventsClient } from './events.client.mts'
import { marketplaceEvents, namespaced } from './kafka.events.ts'
import { OpsController } from './ops.controller.mts'
import { SERVICE_RUNTIME, type ServiceRuntime } from './runtime.ts'

export interface KafkaModuleOptions {
  /** Kafka client id; also the CloudEvents `source` of the service's events (`/payment-service`). */
  clientId: string
  /** Consumer group of the service's `@EventPattern` handlers. */
  groupId: string
}

@Module({})
export class KafkaModule {
  static register({ clientId, groupId }: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      imports: [
        SpoolModule.forRootAsync({
          inject: [SERVICE_RUNTIME],
          useFactory: ({ config, idempotency, logger }: ServiceRuntime): SpoolModuleOptions => ({
            ...config.bus,
            env: false, // the bootstrap read the environment once (config.ts)
            clientId,
            group: inNamespace(config, groupId),
            catalog: namespaced(marketplaceEvents, config.namespace),
            idempotency,
            retry: { ...config.retry, topics: [] },
            offlinePath: join(config.dataDir, `${clientId}.offline.db`),
            logger,
          }),
        }),
      ],
      providers: [EventsClient],
      controllers: [OpsController],
      exports: [EventsClient],
    }
  }
}
