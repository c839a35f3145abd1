/** The media service. */
import { Module } from '@nestjs/common'
import { services } from '../../libs/common/config.ts'
import { KafkaModule } from '../../libs/common/kafka.module.mts'
import { ContentConsumer } from './events/content.consumer.mts'
import { MediaProducer } from './events/media.producer.mts'
import { MediaController } from './media.controller.mts'
import { MediaRepository } from './media.repository.ts'
import { MediaService } from './media.service.mts'

@Module({
  imports: [KafkaModule.register(services.media)],
  controllers: [MediaController, ContentConsumer],
  providers: [MediaService, MediaProducer, MediaRepository],
})
export class MediaModule {}
