/**
 * The application module. `SpoolModule.forRoot` puts one bus in Nest's container: the catalog of
 * content events, the service's client id and consumer group, binary CloudEvents (record values
 * are the seed's JSON). Unset options come from the environment (KAFKA_BROKERS, KAFKA_SSL, SASL…).
 */
import { type DynamicModule, Module } from '@nestjs/common'
import { SpoolModule, type SpoolModuleOptions } from '@spool/nest'
import { ContentController, ContentService } from './content/content.mts'
import { contentCatalog } from './events.mts'
import { CustomController, HealthController } from './health/health.controller.mts'
import { ContentEventProducer } from './kafka/content-event.producer.mts'
import { CustomConsumer, CustomService } from './kafka/custom.mts'
import { KafkaService } from './kafka/kafka.service.mts'
import { QuizController } from './quiz/quiz.controller.mts'
import { QuizService } from './quiz/quiz.service.mts'
import { StudentProgressController, StudentProgressService } from './students/student-progress.mts'

/** The consumer group of the service's typed handlers (`student.knowledge.updated`). */
export const consumerGroup = 'content-service-consumer-group'

@Module({})
export class AppModule {
  /** `options` override the defaults below and the environment (tests pass brokers and a logger). */
  static register(options: SpoolModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SpoolModule.forRoot({
          catalog: contentCatalog,
          envelope: 'binary',
          group: consumerGroup,
          ...options,
        }),
      ],
      controllers: [
        QuizController,
        ContentController,
        StudentProgressController,
        HealthController,
        CustomController,
      ],
      providers: [
        KafkaService,
        ContentEventProducer,
        QuizService,
        ContentService,
        StudentProgressService,
        CustomService,
        CustomConsumer,
      ],
    }
  }
}
