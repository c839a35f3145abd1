/** The payment service. */
import { Module } from '@nestjs/common'
import { services } from '../../libs/common/config.ts'
import { KafkaModule } from '../../libs/common/kafka.module.mts'
import { CardProcessor } from './card-processor.ts'
import { PaymentProducer } from './events/payment.producer.mts'
import { SubscriptionConsumer } from './events/subscription.consumer.mts'
import { PaymentsController } from './payments.controller.mts'
import { PaymentsRepository } from './payments.repository.ts'
import { PaymentsService } from './payments.service.mts'

@Module({
  imports: [KafkaModule.register(services.payment)],
  controllers: [PaymentsController, SubscriptionConsumer],
  providers: [PaymentsService, PaymentProducer, PaymentsRepository, CardProcessor],
})
export class PaymentModule {}
