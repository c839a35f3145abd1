import { Module } from '@nestjs/common'
import { TerminusModule } from '@nestjs/terminus'
import { SpoolHealthIndicator, SpoolModule } from '@spool/nest'
import { AppController } from './app.controller.js'
import { AppService } from './app.service.js'
import { HealthController } from './health/health.controller.js'
import { catalog } from './orders/events.js'
import { OrderEventsController } from './orders/order-events.controller.js'
import { OrdersController } from './orders/orders.controller.js'
import { OrdersService } from './orders/orders.service.js'
import { Seen } from './orders/seen.js'

@Module({
  imports: [
    // Brokers and the rest come from KAFKA_* variables; @SpoolHandler methods consume in `group`.
    SpoolModule.forRoot({ clientId: 'orders-app', catalog, group: 'orders-app' }),
    TerminusModule,
  ],
  controllers: [AppController, OrdersController, OrderEventsController, HealthController],
  providers: [AppService, OrdersService, Seen, SpoolHealthIndicator],
})
export class AppModule {}
