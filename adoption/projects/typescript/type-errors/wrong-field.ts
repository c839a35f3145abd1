// Each statement below must fail to compile: the suite asserts tsc names every one.
import { createBus } from '@spool/bus'
import { catalog, OrderPlaced } from '../src/events.js'

const bus = createBus({ catalog })

// amount is a number of cents, not a string
await bus.publish(OrderPlaced, { orderId: 'o-1', customerId: 'c-1', amount: '12.99', currency: 'EUR' })

// a field the schema does not have
await bus.publish(OrderPlaced, {
  orderId: 'o-2',
  customerId: 'c-1',
  amount: 1299,
  currency: 'EUR',
  coupon: 'X',
})

// a currency outside the enum
await bus.publish(OrderPlaced, { orderId: 'o-3', customerId: 'c-1', amount: 1299, currency: 'GBP' })

// a handler that reads a field as the wrong type
bus.on(OrderPlaced, (event) => {
  const amount: string = event.data.amount
  return amount
})

// an order built elsewhere, with amount as a string
const fromForm = { orderId: 'o-4', customerId: 'c-1', amount: '12.99', currency: 'EUR' as const }
await bus.publish(OrderPlaced, fromForm)
