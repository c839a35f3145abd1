import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { it } from 'node:test'
import type { GatewayInput } from '@spool/gateway'
import { bootstrapList, describeOnBrokers, type Target } from '@spool/testing'
import { auth, catalog, keys, makeBus, makeGateway, mission, waitFor } from '../helpers.ts'
import { type Frame, openSse, openWebSocket, type StreamClient } from './clients.ts'

async function serve(t: TestContext, target: Target, input: Partial<GatewayInput> = {}) {
  const events = catalog('stream')
  const bus = makeBus(t, {
    brokers: bootstrapList(target.bootstrap!),
    catalog: events.all,
    offline: 'spool',
    retries: 3,
  })
  const gateway = makeGateway(t, { bus, auth, rateLimit: false, stream: {}, ...input })
  const address = await gateway.listen({ host: '127.0.0.1', port: 0 })
  const publish = async (eventType: string, data: unknown, userId?: string) => {
    const res = await fetch(`${address}/api/kafka/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': keys.publisher.key },
      body: JSON.stringify({ eventType, data, userId }),
    })
    assert.equal(res.status, 202, await res.text())
  }
  return { events, bus, gateway, address, ws: address.replace(/^http/, 'ws'), publish }
}

/** The stream reads from the latest offset once its group has joined: publish markers until one arrives. */
async function warmUp(
  publish: (t: string, d: unknown, u?: string) => Promise<void>,
  client: StreamClient,
  user = 'warm',
) {
  await client.next((f) => f.type === 'ready', 'ready')
  for (let i = 0; i < 100; i++) {
    await publish('mission.completed', mission(user, 1_000 + i), user)
    try {
      await client.next((f) => f.type === 'event' && f.event.subject === user, 'a warm-up event', 300)
      return
    } catch {}
  }
  throw new Error('the stream never delivered a warm-up event')
}

const eventsOf = (client: StreamClient) =>
  client.frames.filter((f: Frame) => f.type === 'event' && !(f.event.data.xpEarned >= 1_000))

describeOnBrokers('gateway: live stream over real sockets', (target) => {
  it("WebSocket: a user's key streams only that user's events; a reader filters by type", async (t) => {
    const { ws, publish } = await serve(t, target)
    const mine = openWebSocket(t, `${ws}/api/kafka/stream?apiKey=${keys.user1.key}`)
    const reader = openWebSocket(t, `${ws}/api/kafka/stream?types=mission.completed`, {
      'x-api-key': keys.reader.key,
    })
    const ready = await mine.next((f) => f.type === 'ready', 'ready')
    assert.deepEqual(ready.filter, { types: null, subjects: ['u1'] })
    await warmUp(publish, reader, 'u1')
    await publish('mission.completed', mission('u1', 1), 'u1')
    await publish('mission.completed', mission('u2', 2), 'u2')
    await publish('notification.sent', { userId: 'u1', text: 'hi' }, 'u1')
    await reader.next((f) => f.type === 'event' && f.event.data.xpEarned === 2, 'u2 mission on the reader')
    await mine.next((f) => f.type === 'event' && f.event.type === 'notification.sent', 'u1 notification')
    const mineTypes = eventsOf(mine).map((f) => `${f.event.type}/${f.event.subject}`)
    assert.deepEqual(mineTypes.sort(), ['mission.completed/u1', 'notification.sent/u1'])
    assert.ok(
      mine.frames.every((f) => f.type !== 'event' || f.event.subject === 'u1'),
      'never another user',
    )
    assert.deepEqual(
      eventsOf(reader).map((f) => f.event.data.xpEarned),
      [1, 2],
    )
    const frame = eventsOf(reader)[0]!
    assert.match(frame.offset, /^\d+$/, 'offsets are strings')
    assert.equal(typeof frame.partition, 'number')
    assert.equal(frame.event.specversion, '1.0')

    // Changing the filter on an open socket.
    reader.ws!.send(JSON.stringify({ type: 'filter', subjects: ['u2'] }))
    await reader.next((f) => f.type === 'ready' && f.filter.subjects?.[0] === 'u2', 'new filter acknowledged')
    await publish('notification.sent', { userId: 'u2', text: 'for u2' }, 'u2')
    await reader.next(
      (f) => f.type === 'event' && f.event.data.text === 'for u2',
      'u2 notification after refilter',
    )
  })

  it('WebSocket: abusive filters and messages close with 4400/4403; no key is a 401; the gateway keeps serving', async (t) => {
    const { ws, address } = await serve(t, target, { stream: { maxFilterValues: 5 } })
    const reader = { 'x-api-key': keys.reader.key }
    const unknown = openWebSocket(t, `${ws}/api/kafka/stream?types=mission.exploded`, reader)
    assert.deepEqual(await unknown.closed, {
      code: 4400,
      reason: 'types: "mission.exploded" is not an event type of the catalog',
    })
    const many = openWebSocket(
      t,
      `${ws}/api/kafka/stream?subjects=${Array.from({ length: 50 }, (_, i) => `u${i}`).join(',')}`,
      reader,
    )
    assert.equal((await many.closed).code, 4400)
    const huge = openWebSocket(t, `${ws}/api/kafka/stream?subjects=${'x'.repeat(1_000)}`, reader)
    assert.equal((await huge.closed).code, 4400)
    const other = openWebSocket(t, `${ws}/api/kafka/stream?subjects=u2&apiKey=${keys.user1.key}`)
    assert.equal((await other.closed).code, 4403)
    const noKey = openWebSocket(t, `${ws}/api/kafka/stream`)
    assert.equal(await noKey.unexpected, 401)

    const chatty = openWebSocket(t, `${ws}/api/kafka/stream`, reader)
    await chatty.next((f) => f.type === 'ready', 'ready')
    chatty.ws!.send('not json')
    const closed = await chatty.closed
    assert.equal(closed.code, 4400)
    const escalate = openWebSocket(t, `${ws}/api/kafka/stream?apiKey=${keys.user1.key}`)
    await escalate.next((f) => f.type === 'ready', 'ready')
    escalate.ws!.send(JSON.stringify({ type: 'filter', subjects: ['u2'] }))
    assert.equal((await escalate.closed).code, 4403, 'a bound key cannot widen its filter later')
    const big = openWebSocket(t, `${ws}/api/kafka/stream`, reader)
    await big.next((f) => f.type === 'ready', 'ready')
    big.ws!.send('x'.repeat(100_000))
    assert.equal((await big.closed).code, 1009, 'oversized client messages are refused by the socket')

    assert.equal((await fetch(`${address}/health`)).status, 200)
  })

  it('SSE: the same frames without an upgrade; bad filters are a 400', async (t) => {
    const { address, publish } = await serve(t, target)
    const sse = await openSse(t, `${address}/api/kafka/stream?userId=u9`, { 'x-api-key': keys.reader.key })
    assert.equal(sse.response.status, 200)
    assert.match(sse.response.headers.get('content-type')!, /text\/event-stream/)
    await warmUp(publish, sse, 'u9')
    await publish('mission.completed', mission('u8', 8), 'u8')
    await publish('mission.completed', mission('u9', 9), 'u9')
    await sse.next((f) => f.type === 'event' && f.event.data.xpEarned === 9, 'u9 event over SSE')
    assert.deepEqual(
      eventsOf(sse).map((f) => f.event.subject),
      ['u9'],
    )
    const bad = await fetch(`${address}/api/kafka/stream?types=nope`, {
      headers: { 'x-api-key': keys.reader.key },
    })
    assert.equal(bad.status, 400)
    const body = (await bad.json()) as { error: { code: string; message: string } }
    assert.equal(body.error.code, 'SPOOL_ERR_INVALID_ARGUMENT')
    const forbidden = await fetch(`${address}/api/kafka/stream?subjects=u2&apiKey=${keys.user1.key}`)
    assert.equal(forbidden.status, 403)
  })

  it('closes a slow client with 4408 once its backlog passes maxBufferedBytes; memory stays bounded', async (t) => {
    const maxBufferedBytes = 256 * 1_024
    const { ws, publish, gateway, address } = await serve(t, target, { stream: { maxBufferedBytes } })
    const fast = openWebSocket(t, `${ws}/api/kafka/stream?types=mission.completed`, {
      'x-api-key': keys.reader.key,
    })
    const slow = openWebSocket(t, `${ws}/api/kafka/stream?types=notification.sent`, {
      'x-api-key': keys.reader.key,
    })
    await slow.next((f) => f.type === 'ready', 'ready')
    await warmUp(publish, fast)
    const socket = (slow.ws as unknown as { _socket: import('node:net').Socket })._socket
    socket.pause() // stops reading: the kernel buffers fill, then the gateway's
    const text = 'x'.repeat(300_000)
    const hub = gateway.gateway.hub!
    for (let i = 0; i < 200 && hub.size === 2; i++)
      await publish('notification.sent', { userId: 'u1', text }, 'u1')
    await waitFor(() => hub.size === 1, 'the slow client dropped')
    socket.resume()
    const closed = await slow.closed
    assert.equal(closed.code, 4408)
    assert.match(closed.reason, /slow consumer/)
    await publish('mission.completed', mission('u1', 5), 'u1')
    await fast.next((f) => f.type === 'event' && f.event.data.xpEarned === 5, 'the fast client still served')
    const metrics = await (
      await fetch(`${address}/metrics`, { headers: { 'x-api-key': keys.reader.key } })
    ).text()
    assert.match(metrics, /spool_gateway_stream_closed_total\{reason="4408"\} 1/)
  })

  it('refuses clients past maxClients with 1013', async (t) => {
    const { ws } = await serve(t, target, { stream: { maxClients: 1 } })
    const first = openWebSocket(t, `${ws}/api/kafka/stream`, { 'x-api-key': keys.reader.key })
    await first.next((f) => f.type === 'ready', 'ready')
    const second = openWebSocket(t, `${ws}/api/kafka/stream`, { 'x-api-key': keys.reader.key })
    assert.equal((await second.closed).code, 1013)
  })
})
