/** The content service. */
import { Module } from '@nestjs/common'
import { services } from '../../libs/common/config.ts'
import { KafkaModule } from '../../libs/common/kafka.module.mts'
import { ContentProducer } from './events/content.producer.mts'
import { EngagementConsumer } from './events/engagement.consumer.mts'
import { PostsController } from './posts.controller.mts'
import { PostsRepository } from './posts.repository.ts'
import { PostsService } from './posts.service.mts'

@Module({
  imports: [KafkaModule.register(services.content)],
  controllers: [PostsController, EngagementConsumer],
  providers: [PostsService, ContentProducer, PostsRepository],
})
export class ContentModule {}
