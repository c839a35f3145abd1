import { NestFactory } from '@nestjs/core'
import type { MicroserviceOptions } from '@nestjs/microservices'
import { Bus, SpoolTransport } from '@spool/nest'
import { AppModule } from './app.module.js'

async function bootstrap() {
  const app = await NestFactory.create(AppModule)
  // @EventPattern handlers consume through Spool's transport, on the module's bus, in their own group.
  app.connectMicroservice<MicroserviceOptions>(
    { strategy: new SpoolTransport({ bus: app.get(Bus), group: 'orders-app-events' }) },
    { inheritAppConfig: true },
  )
  app.enableShutdownHooks()
  await app.startAllMicroservices()
  await app.listen(process.env.PORT ?? 3000)
  console.log(`orders-app listening on ${await app.getUrl()}`)
}
// CommonJS has no top-level await.
void bootstrap()
