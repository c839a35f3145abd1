/**
 * The service's own tests, on @spool/testing's embedded broker (a free port, a temporary folder),
 * or on the cluster KAFKA_BROKERS names.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { type Bus, createBus } from '@spool/bus'
import { ApiKeys, ErrorCodes, startBroker, type TestBroker, waitFor } from '@spool/testing'
import { catalog } from '../src/events.js'
import { OrdersService } from '../src/orders.js'

const external = process.env.KAFKA_BROKERS

describe('orders service', () => {
  let kafka: TestBroker | undefined
  let brokers: string[] = []

  before(async () => {
    if (external !== undefined) {
      brokers = external.split(',')
    } else {
      kafka = await startBroker()
      brokers = kafka.brokers
    }
  })
  after(() => kafka?.stop())

  const service = (): { bus: Bus; orders: OrdersService } => {
    const bus = createBus({ brokers, clientId: 'orders-service', catalog, offline: 'fail' })
    return { bus, orders: new OrdersService(bus, `orders-${randomUUID()}`) }
  }

  it('places an order; the group handles it typed and ships it', async (t) => {
    const { bus, orders } = service()
    t.after(() => bus.close())
    await bus.start()
    const orderId = randomUUID()
    const receipt = await orders.place({ orderId, customerId: 'c-1', amount: 1299, currency: 'EUR' })
    assert.equal(receipt.topic, 'orders')
    assert.equal(receipt.spooled, false)
    const shipped = await waitFor(() => orders.shipped.find((s) => s.orderId === orderId), 'the shipment')
    assert.equal(shipped.carrier, 'dhl')
    assert.deepEqual(
      orders.placed.filter((o) => o.orderId === orderId),
      [{ orderId, customerId: 'c-1', amount: 1299, currency: 'EUR' }],
    )
  })

  it('places an order through a failed Produce (the client retries) and handles it once', {
    skip: external !== undefined ? 'fault injection needs the embedded broker' : false,
  }, async (t) => {
    const { bus, orders } = service()
    t.after(() => bus.close())
    await bus.start()
    kafka!.faults.fail(ApiKeys.PRODUCE, ErrorCodes.NOT_LEADER_OR_FOLLOWER, { times: 1 })
    const orderId = randomUUID()
    const receipt = await orders.place({ orderId, customerId: 'c-2', amount: 500, currency: 'USD' })
    assert.equal(receipt.spooled, false)
    // The shipment of a later order is the sentinel: once it is in, a duplicate would be too.
    const sentinel = randomUUID()
    await orders.place({ orderId: sentinel, customerId: 'c-2', amount: 1, currency: 'USD' })
    await waitFor(() => orders.shipped.some((s) => s.orderId === sentinel), 'the sentinel shipment')
    assert.equal(orders.placed.filter((o) => o.orderId === orderId).length, 1)
    assert.equal(orders.shipped.filter((s) => s.orderId === orderId).length, 1)
  })
})
