/**
 * Wires Narad together: the producer, the event processor, the order projection, the saga and the
 * payment service (each its own consumer group), and the HTTP API.
 */
import { once } from 'node:events'
import { createHttpServer } from './http.js'
import { OrderProjection } from './orders/event-sourcing.js'
import { PaymentService } from './orders/payments.js'
import { OrderSagaOrchestrator } from './orders/saga.js'
import { EventProcessor } from './services/event-processor.js'
import { kafkaService } from './services/kafka.js'
import { UserEventService } from './services/user-events.js'

/**
 * Starts Narad. `kafka` overrides the environment's bus options (brokers, offlinePath, logger, …).
 *
 * @example
 * const narad = await startNarad({ port: 3003 })
 * console.log(narad.url)   // http://127.0.0.1:3003
 * await narad.stop()
 */
export async function startNarad({ kafka = {}, port = 3003, host = '127.0.0.1' } = {}) {
  kafkaService.init(kafka)
  await UserEventService.init()
  await EventProcessor.init()
  await EventProcessor.startProcessing()
  await OrderProjection.init()
  await OrderSagaOrchestrator.init()
  await PaymentService.init()
  const server = createHttpServer()
  server.listen(port, host)
  await once(server, 'listening')
  const address = server.address()
  return {
    url: `http://${host}:${address.port}`,
    server,
    async stop() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await kafkaService.disconnect()
    },
  }
}
