/** The running marketplace, as `startMarketplace` returns it. */
import type { ServiceName } from '../libs/common/config.ts'

export interface Marketplace {
  /** Base URL of each service's HTTP API (`http://127.0.0.1:3001`, …). */
  readonly urls: Readonly<Record<ServiceName, string>>
  /** Stops the services gracefully: handlers in flight finish, offsets commit, producers flush. */
  close(): Promise<void>
}
