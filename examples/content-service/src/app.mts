/** Creates the Nest application on Fastify (used by main.mts and the tests). */
import 'reflect-metadata'
import type { LogLevel } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify'
import type { SpoolModuleOptions } from '@spool/nest'
import { AppModule } from './app.module.mts'

export { AppModule, consumerGroup } from './app.module.mts'
export * from './events.mts'

/**
 * @example
 * const app = await createApp({ brokers: ['127.0.0.1:9092'] })
 * await app.listen(3000, '127.0.0.1')
 */
export async function createApp(
  options: SpoolModuleOptions = {},
  logger: false | LogLevel[] = ['log', 'warn', 'error'],
): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(AppModule.register(options), new FastifyAdapter(), {
    logger,
  })
}
