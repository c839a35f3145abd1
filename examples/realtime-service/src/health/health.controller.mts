/**
 * Seed 001's Terminus health check, with Spool's `SpoolHealthIndicator` in place of the
 * hand-written KafkaHealthIndicator (which called listTopics()): `up` when the producer is
 * connected and the consumer group runs; `degraded` (HTTP 200) while Kafka is unreachable and
 * notifications wait in the offline spool; `down` (HTTP 503) when the service cannot work.
 */
import { Controller, Get } from '@nestjs/common'
import { HealthCheck, HealthCheckService } from '@nestjs/terminus'
import { SpoolHealthIndicator } from '@spool/nest'

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: SpoolHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.kafka.isHealthy('kafka')])
  }
}
