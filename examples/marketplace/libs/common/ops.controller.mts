/**
 * Operations endpoints every service has: health (seed 003's `/health/kafka`), Prometheus
 * metrics, and the dead letters of the topics the service consumes, with redrive.
 */
import { Controller, Get, Header, HttpCode, HttpException, Inject, Post } from '@nestjs/common'
import { Bus, deadLetterTopic } from '@spool/bus'
import { type ResolvedSpoolOptions, SPOOL_OPTIONS } from '@spool/nest'
import { type DeadLetterView, deadLetterView } from './dead-letters.ts'

@Controller()
export class OpsController {
  readonly #bus: Bus
  readonly #group: string

  constructor(bus: Bus, @Inject(SPOOL_OPTIONS) options: ResolvedSpoolOptions) {
    this.#bus = bus
    this.#group = options.group ?? bus.options.clientId
  }

  @Get('health')
  health() {
    const health = this.#bus.health()
    if (health.status === 'down') throw new HttpException(health, 503)
    return health
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return this.#bus.metrics.registry.metrics()
  }

  @Get('dead-letters')
  async deadLetters(): Promise<DeadLetterView[]> {
    const lists = await Promise.all(this.#dlqTopics().map((topic) => this.#bus.deadLetters.list(topic)))
    return lists.flat().map(deadLetterView)
  }

  /** Sends every dead letter not redriven yet back to its topic (after the cause was fixed). */
  @Post('dead-letters/redrive')
  @HttpCode(200)
  async redrive(): Promise<{ redriven: number }> {
    let redriven = 0
    for (const topic of this.#dlqTopics()) redriven += (await this.#bus.deadLetters.redrive(topic)).redriven
    return { redriven }
  }

  #dlqTopics(): string[] {
    return (this.#bus.consumers.get(this.#group)?.topics ?? []).map(deadLetterTopic)
  }
}
