/**
 * The whole marketplace in one process: the four services, each its own Nest application with
 * its own HTTP port, bus and consumer group — as four deployments would run them.
 */
import 'reflect-metadata'
import { ContentModule } from '../apps/content/content.module.mts'
import { MediaModule } from '../apps/media/media.module.mts'
import { PaymentModule } from '../apps/payment/payment.module.mts'
import { SubscriptionModule } from '../apps/subscription/subscription.module.mts'
import { bootstrapService, type RunningService } from '../libs/common/bootstrap.mts'
import type { MarketplaceConfig, ServiceName } from '../libs/common/config.ts'
import type { Marketplace } from './types.ts'

const modules = {
  subscription: SubscriptionModule,
  payment: PaymentModule,
  content: ContentModule,
  media: MediaModule,
} as const

/** Starts the four services; resolves when every one serves HTTP and consumes. */
export async function startMarketplace(config: MarketplaceConfig): Promise<Marketplace> {
  const names = Object.keys(modules) as ServiceName[]
  const started = await Promise.allSettled(names.map((name) => bootstrapService(name, modules[name], config)))
  const running = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  const failed = started.find((s) => s.status === 'rejected')
  if (failed) {
    await Promise.allSettled(running.map((s) => s.close()))
    throw failed.reason
  }
  const urls = Object.fromEntries(running.map((s) => [s.name, s.url])) as Record<ServiceName, string>
  let closing: Promise<void> | undefined
  return {
    urls,
    close: () => {
      closing ??= Promise.allSettled(running.map((s: RunningService) => s.close())).then(() => undefined)
      return closing
    },
  }
}
