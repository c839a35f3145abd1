/**
 * Narad's HTTP API (node:http, no framework): seed 003's `/health/kafka`, plus routes that drive
 * the flows so they can be tried with curl.
 *
 *   GET  /health/kafka        { status: 'connected' | 'disconnected', clientId, brokers }
 *   POST /users/:id/login     publishes USER_LOGIN to user-events           -> 202 the event
 *   GET  /users/:id           what the event-processor group learned        -> 200 | 404
 *   POST /orders              { customerId, items: [{ sku, qty, price }] }   -> 202 { id, total }
 *   GET  /orders/:id          the event-sourced order and its saga step     -> 200 | 404
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { OrderEventSourcing, OrderProjection } from './orders/event-sourcing.js'
import { OrderSagaOrchestrator } from './orders/saga.js'
import { EventProcessor } from './services/event-processor.js'
import { kafkaService } from './services/kafka.js'
import { UserEventService } from './services/user-events.js'

const routes = [
  ['GET', /^\/health\/kafka$/, health],
  ['POST', /^\/users\/([^/]+)\/login$/, login],
  ['GET', /^\/users\/([^/]+)$/, user],
  ['POST', /^\/orders$/, createOrder],
  ['GET', /^\/orders\/([^/]+)$/, order],
]

/** An http.Server serving the routes above (not listening yet). */
export function createHttpServer() {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://narad')
    const route = routes.find(([method, path]) => method === req.method && path.test(url.pathname))
    if (!route) return reply(res, 404, { error: `no route ${req.method} ${url.pathname}` })
    const params = route[1].exec(url.pathname).slice(1).map(decodeURIComponent)
    readJson(req)
      .then((body) => route[2](body, ...params))
      .then(
        ([status, body]) => reply(res, status, body),
        (error) => reply(res, error.status ?? 500, { error: error.message }),
      )
  })
}

function health() {
  return [
    200,
    {
      status: kafkaService.isConnected ? 'connected' : 'disconnected',
      clientId: kafkaService.config.clientId,
      brokers: kafkaService.config.brokers,
    },
  ]
}

async function login(body, userId) {
  return [202, await UserEventService.publishUserLogin(userId, { ip: body.ip })]
}

function user(_body, userId) {
  const lastLogin = EventProcessor.state.lastLogin.get(userId)
  return lastLogin ? [200, { userId, lastLogin }] : [404, { error: `no login seen for ${userId}` }]
}

async function createOrder(body) {
  if (typeof body.customerId !== 'string' || body.customerId === '') {
    throw badRequest('customerId must be a non-empty string')
  }
  if (!Array.isArray(body.items) || body.items.length === 0) {
    throw badRequest('items must be a non-empty array')
  }
  body.items.forEach((item, i) => {
    if (typeof item?.sku !== 'string') throw badRequest(`items[${i}].sku must be a string`)
    if (!Number.isInteger(item.qty) || item.qty < 1)
      throw badRequest(`items[${i}].qty must be a positive integer`)
    if (typeof item.price !== 'number' || item.price < 0)
      throw badRequest(`items[${i}].price must be a number >= 0`)
  })
  const total = body.items.reduce((sum, item) => sum + item.qty * item.price, 0)
  const created = { id: randomUUID(), customerId: body.customerId, items: body.items, total }
  await OrderEventSourcing.publishOrderCreated(created)
  return [202, { id: created.id, total }]
}

function order(_body, orderId) {
  const state = OrderProjection.orders.get(orderId)
  if (!state) return [404, { error: `order ${orderId} not seen yet` }]
  return [200, { ...state, saga: OrderSagaOrchestrator.sagas.get(orderId) ?? null }]
}

function badRequest(message) {
  return Object.assign(new Error(message), { status: 400 })
}

async function readJson(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  if (chunks.length === 0) return {}
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw badRequest('the body is not JSON')
  }
}

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}
