/** What the bootstrap hands each service's container: its configuration and per-service resources. */
import type { IdempotencyStore } from '@spool/bus'
import type { Logger } from 'pino'
import type { MarketplaceConfig, ServiceName } from './config.ts'

/** Injection token of the {@link ServiceRuntime}. */
export const SERVICE_RUNTIME = Symbol.for('marketplace:runtime')

export interface ServiceRuntime {
  readonly service: ServiceName
  readonly config: MarketplaceConfig
  /** The service's idempotency store (closed by the bootstrap after the app). */
  readonly idempotency: IdempotencyStore
  /** The bus's logger (pino). */
  readonly logger: Logger
}
