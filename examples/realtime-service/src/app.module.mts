/**
 * The application module (seed 001's KafkaModule + RealtimeModule): one bus with the notification
 * catalog, the WebSocket gateway, the Kafka services, and the Terminus health check.
 */
import { type DynamicModule, Module } from '@nestjs/common'
import { TerminusModule } from '@nestjs/terminus'
import { SpoolHealthIndicator, SpoolModule, type SpoolModuleOptions } from '@spool/nest'
import { HealthController } from './health/health.controller.mts'
import { KafkaController } from './kafka/kafka.controller.mts'
import { KafkaService } from './kafka/kafka.service.mts'
import { KafkaClientService } from './kafka/kafka-client.service.mts'
import { notificationCatalog } from './kafka/notifications.mts'
import { RealtimeGateway } from './realtime/realtime.gateway.mts'

/** The consumer group that forwards notifications to WebSocket connections. */
export const consumerGroup = 'realtime-service'

@Module({})
export class AppModule {
  /** `options` override the defaults below and the environment (tests pass brokers and a logger). */
  static register(options: SpoolModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SpoolModule.forRoot({ catalog: notificationCatalog, group: consumerGroup, ...options }),
        TerminusModule,
      ],
      controllers: [KafkaController, HealthController],
      providers: [RealtimeGateway, KafkaService, KafkaClientService, SpoolHealthIndicator],
    }
  }
}
