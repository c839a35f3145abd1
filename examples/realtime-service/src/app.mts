/** Creates the Nest application: HTTP on Fastify, WebSockets with the `ws` adapter on the same port. */
import 'reflect-metadata'
import type { LogLevel } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify'
import { WsAdapter } from '@nestjs/platform-ws'
import type { SpoolModuleOptions } from '@spool/nest'
import { AppModule } from './app.module.mts'

export { AppModule, consumerGroup } from './app.module.mts'
export { KafkaService } from './kafka/kafka.service.mts'
export { KafkaClientService } from './kafka/kafka-client.service.mts'
export * from './kafka/notifications.mts'
export { KafkaUnreachableError } from './kafka/troubleshoot.mts'
export { MISSING_USER_ID, RealtimeGateway } from './realtime/realtime.gateway.mts'

/**
 * @example
 * const app = await createApp({ brokers: ['127.0.0.1:9092'] })
 * await app.listen(3001, '127.0.0.1')   // ws://127.0.0.1:3001/ws?userId=u1
 */
export async function createApp(
  options: SpoolModuleOptions = {},
  logger: false | LogLevel[] = ['log', 'warn', 'error'],
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(options),
    new FastifyAdapter(),
    {
      logger,
    },
  )
  app.useWebSocketAdapter(new WsAdapter(app))
  return app
}
