/**
 * Seed 000's health checks over HTTP: is the producer connected, which consumer groups run, and
 * the bus's overall state (`up`, `degraded` while Kafka is unreachable and events are spooled,
 * `down`).
 */
import { Controller, Get, HttpCode, Post } from '@nestjs/common'
import { Bus } from '@spool/bus'
import { CustomConsumer, CustomService } from '../kafka/custom.mts'
import { KafkaService } from '../kafka/kafka.service.mts'

@Controller('health')
export class HealthController {
  constructor(
    private readonly kafkaService: KafkaService,
    private readonly bus: Bus,
  ) {}

  @Get()
  check() {
    const health = this.bus.health()
    return {
      status: health.status,
      kafka: {
        producerConnected: this.kafkaService.isProducerConnected(),
        consumerGroups: this.kafkaService.getActiveConsumerGroups().sort(),
        brokers: health.brokers,
        spooled: health.spool.depth,
      },
    }
  }
}

/** Drives seed 000's `CustomService` / `CustomConsumer` so they can be tried with curl. */
@Controller('custom')
export class CustomController {
  constructor(
    private readonly custom: CustomService,
    private readonly consumer: CustomConsumer,
  ) {}

  @Post('events')
  @HttpCode(202)
  async sendCustomEvent() {
    await this.custom.sendCustomEvent()
    return { sent: 1, topic: 'custom.topic' }
  }

  @Post('batch')
  @HttpCode(202)
  async sendBatchEvents() {
    await this.custom.sendBatchEvents()
    return { sent: 2, topic: 'batch.topic' }
  }

  @Get('received')
  received() {
    return this.consumer.received
  }
}
