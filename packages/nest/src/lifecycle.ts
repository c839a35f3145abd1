/**
 * Runs the module's bus with the application's lifecycle:
 *
 * - onModuleInit: find decorated handlers and register them (every instance exists by then);
 * - onApplicationBootstrap: connect and start the consumer groups — after every module's
 *   onModuleInit, so handlers registered by hand there (`bus.on`, `bus.subscribe`) start too;
 * - onModuleDestroy: stop the consumer groups gracefully (handlers in flight finish and commit)
 *   while the providers they use are still alive;
 * - onApplicationShutdown: flush and close the producer, after the application's own
 *   onModuleDestroy / beforeApplicationShutdown hooks had their chance to publish.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common'
import { DiscoveryService, MetadataScanner } from '@nestjs/core'
import { Bus } from '@spool/bus'
import { discoverHandlers, type RegisteredHandler, registerHandlers } from './handlers/explorer.ts'
import type { ResolvedSpoolOptions } from './options.ts'
import { SPOOL_OPTIONS } from './tokens.ts'

/**
 * The module's lifecycle provider (exported for introspection: which handlers were mapped).
 *
 * @example
 * app.get(SpoolLifecycle).handlers // [{ group: 'xp', subject: 'mission.completed', source: 'XpService.award' }]
 */
export class SpoolLifecycle
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  readonly #bus: Bus
  readonly #options: ResolvedSpoolOptions
  readonly #discovery: DiscoveryService
  readonly #scanner: MetadataScanner
  readonly #log = new Logger('SpoolModule')
  #handlers: RegisteredHandler[] = []

  constructor(
    bus: Bus,
    options: ResolvedSpoolOptions,
    discovery: DiscoveryService,
    scanner: MetadataScanner,
  ) {
    this.#bus = bus
    this.#options = options
    this.#discovery = discovery
    this.#scanner = scanner
  }

  /** Handlers the module registered from decorators. */
  get handlers(): readonly RegisteredHandler[] {
    return this.#handlers
  }

  /** Finds the `@SpoolHandler` / `@SpoolTopicHandler` methods and registers them on the bus. */
  onModuleInit(): void {
    const found = discoverHandlers(this.#discovery, this.#scanner)
    this.#handlers = registerHandlers(this.#bus, found, {
      group: this.#options.group,
      consumer: this.#options.consumer,
    })
    for (const h of this.#handlers) this.#log.log(`Mapped {${h.subject}, group ${h.group}} to ${h.source}`)
  }

  /** Connects the bus and starts its consumer groups (unless `autoStart: false`). */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.#options.autoStart) return
    await this.#bus.start()
    const groups = [...this.#bus.consumers.values()].filter((c) => c.state === 'running').map((c) => c.group)
    this.#log.log(`Bus started (${groups.length ? `groups: ${groups.join(', ')}` : 'no consumer groups'})`)
  }

  /** Stops the consumer groups gracefully while the providers their handlers use are still alive. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.#bus.consumers.values()].map((c) => c.stop()))
  }

  /** Flushes and closes the producer. */
  async onApplicationShutdown(): Promise<void> {
    await this.#bus.close()
    this.#log.log('Bus closed')
  }
}

// Decorated by hand: this file runs under Node's type stripping, which has no decorator syntax.
Injectable()(SpoolLifecycle)
Inject(Bus)(SpoolLifecycle, undefined, 0)
Inject(SPOOL_OPTIONS)(SpoolLifecycle, undefined, 1)
Inject(DiscoveryService)(SpoolLifecycle, undefined, 2)
Inject(MetadataScanner)(SpoolLifecycle, undefined, 3)
