/** The subscription service (seed 002's `app.module.ts` of subscription-service). */
import { Module } from '@nestjs/common'
import { services } from '../../libs/common/config.ts'
import { KafkaModule } from '../../libs/common/kafka.module.mts'
import { PaymentConsumer } from './events/payment.consumer.mts'
import { SubscriptionProducer } from './events/subscription.producer.mts'
import { SubscriptionsController } from './subscriptions.controller.mts'
import { SubscriptionsRepository } from './subscriptions.repository.ts'
import { SubscriptionsService } from './subscriptions.service.mts'

@Module({
  imports: [
    KafkaModule.register({
      clientId: services.subscription.clientId, // 'subscription-service'
      groupId: services.subscription.groupId, // 'subscription-consumer-group'
    }),
  ],
  controllers: [SubscriptionsController, PaymentConsumer],
  providers: [SubscriptionsService, SubscriptionProducer, SubscriptionsRepository],
})
export class SubscriptionModule {}
