/**
 * Starts one service: a Nest HTTP application (Fastify) with the Spool transport connected as a
 * hybrid microservice, so `@EventPattern` handlers consume through the service's consumer group
 * while its controllers serve HTTP — seed 002's `main.ts` of each service.
 */
import { mkdirSync } from 'node:fs'
import { type DynamicModule, Global, Module, type Type } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import type { MicroserviceOptions } from '@nestjs/microservices'
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify'
import { Bus } from '@spool/bus'
import { type ResolvedSpoolOptions, SPOOL_OPTIONS, SpoolTransport } from '@spool/nest'
import { idempotencyStore, type MarketplaceConfig, type ServiceName } from './config.ts'
import { SERVICE_RUNTIME, type ServiceRuntime } from './runtime.ts'
import { busLogger, ServiceLogger } from './service-logger.ts'

/** Makes the runtime injectable everywhere in one service's container. */
@Global()
@Module({})
class RuntimeModule {
  static forRoot(runtime: ServiceRuntime, feature: Type): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [feature],
      providers: [{ provide: SERVICE_RUNTIME, useValue: runtime }],
      exports: [SERVICE_RUNTIME],
    }
  }
}

/** One logger for the four applications: Nest's static `Logger` writes to the last one made anyway. */
const logger = new ServiceLogger()

export interface RunningService {
  readonly name: ServiceName
  readonly url: string
  readonly app: NestFastifyApplication
  close(): Promise<void>
}

export async function bootstrapService(
  name: ServiceName,
  feature: Type,
  config: MarketplaceConfig,
): Promise<RunningService> {
  mkdirSync(config.dataDir, { recursive: true })
  const runtime: ServiceRuntime = {
    service: name,
    config,
    idempotency: idempotencyStore(config),
    logger: busLogger(`${name}-service`, config.logs),
  }
  try {
    const app = await NestFactory.create<NestFastifyApplication>(
      RuntimeModule.forRoot(runtime, feature),
      new FastifyAdapter(),
      { logger: config.logs ? logger : false, abortOnError: false },
    )
    const { group } = app.get<ResolvedSpoolOptions>(SPOOL_OPTIONS)
    app.connectMicroservice<MicroserviceOptions>(
      { strategy: new SpoolTransport({ bus: app.get(Bus), group }) },
      { inheritAppConfig: true },
    )
    await app.startAllMicroservices()
    await app.listen(config.ports[name], config.host)
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1')
    return {
      name,
      url,
      app,
      close: async () => {
        await app.close()
        await runtime.idempotency.close()
      },
    }
  } catch (error) {
    await runtime.idempotency.close()
    throw error
  }
}
