import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Consumer } from '@platformatic/kafka'
import type { EventContext } from '@spool/bus'
import { defineEvent } from '@spool/catalog'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { z } from 'zod'
import { events, makeBus, waitFor } from './helpers.ts'

describeOnBrokers('bus: publish and consume', (target) => {
  it('delivers typed events to their handlers with envelope, key, subject and offsets', async (t) => {
    const { OrderPlaced, OrderShipped } = events()
    const bus = makeBus(t, target, [OrderPlaced, OrderShipped])
    const placed: Array<{ id: string; data: unknown; subject?: string; ctx: EventContext }> = []
    const shipped: string[] = []
    bus
      .consumer({ group: uniqueName('g') })
      .on(OrderPlaced, (e, ctx) => {
        placed.push({ id: e.id, data: e.data, subject: e.subject, ctx })
      })
      .on(OrderShipped, (e) => {
        shipped.push(e.data.orderId)
      })
    await bus.start()
    const receipt = await bus.publish(OrderPlaced, { orderId: 'o1', customerId: 'c1', total: 12.5, seq: 1 })
    await bus.publish(OrderShipped, { orderId: 'o1', customerId: 'c1' })
    assert.equal(receipt.spooled, false)
    assert.equal(typeof receipt.partition, 'number')
    assert.equal(typeof receipt.offset, 'bigint')
    await waitFor(() => placed.length === 1 && shipped.length === 1, 'both events')
    const [got] = placed
    assert.equal(got!.id, receipt.id)
    assert.deepEqual(got!.data, { orderId: 'o1', customerId: 'c1', total: 12.5, seq: 1 })
    assert.equal(got!.subject, 'c1')
    assert.equal(got!.ctx.key, 'c1')
    assert.equal(got!.ctx.partition, receipt.partition)
    assert.equal(got!.ctx.offset, receipt.offset)
    assert.equal(got!.ctx.attempt, 1)
    assert.deepEqual(shipped, ['o1'])
  })

  it('keeps per-key order across partitions and reports each record its own offset', async (t) => {
    const { OrderPlaced } = events()
    const bus = makeBus(t, target, [OrderPlaced])
    const seen = new Map<string, number[]>()
    let total = 0
    bus.consumer({ group: uniqueName('g') }).on(OrderPlaced, async (e) => {
      const list = seen.get(e.data.customerId) ?? []
      list.push(e.data.seq)
      seen.set(e.data.customerId, list)
      total++
    })
    await bus.start()
    const customers = ['alice', 'bob', 'carol', 'dave', 'erin']
    const batch: Array<{
      event: typeof OrderPlaced
      data: { orderId: string; customerId: string; total: number; seq: number }
    }> = []
    for (let seq = 0; seq < 200; seq++) {
      const customerId = customers[seq % customers.length]!
      batch.push({ event: OrderPlaced, data: { orderId: `o${seq}`, customerId, total: seq, seq } })
    }
    const receipts = await bus.publishBatch(batch)
    const offsets = new Set(receipts.map((r) => `${r.partition}:${r.offset}`))
    assert.equal(offsets.size, 200, 'every record has a distinct partition/offset')
    const partitionsByCustomer = new Map<string, Set<number>>()
    receipts.forEach((r, i) => {
      const c = batch[i]!.data.customerId
      const set = partitionsByCustomer.get(c) ?? new Set()
      set.add(r.partition!)
      partitionsByCustomer.set(c, set)
    })
    for (const [c, set] of partitionsByCustomer)
      assert.equal(set.size, 1, `customer ${c} sticks to one partition`)
    await waitFor(() => total === 200, '200 events')
    for (const [c, seqs] of seen) {
      assert.deepEqual(
        seqs,
        [...seqs].sort((a, b) => a - b),
        `events of ${c} arrive in publish order`,
      )
      assert.equal(seqs.length, 40)
    }
  })

  for (const compression of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    it(`publishes with ${compression} compression`, async (t) => {
      const { OrderPlaced } = events(compression)
      const bus = makeBus(t, target, [OrderPlaced], { compression })
      const got: number[] = []
      bus.consumer({ group: uniqueName('g') }).on(OrderPlaced, (e) => {
        got.push(e.data.seq)
      })
      await bus.start()
      await bus.publishBatch(
        Array.from({ length: 50 }, (_, seq) => ({
          event: OrderPlaced,
          data: { orderId: 'x'.repeat(200), customerId: 'c', total: 1, seq },
        })),
      )
      await waitFor(() => got.length === 50, `50 ${compression} events`)
      assert.deepEqual(
        got,
        Array.from({ length: 50 }, (_, i) => i),
      )
    })
  }

  it('splits large batches so no request exceeds the broker message size (1-partition topic, 4 MB)', async (t) => {
    const { OrderPlaced } = events('large')
    const bus = makeBus(t, target, [OrderPlaced], { topicPartitions: 1 })
    const big = 'x'.repeat(2_000)
    const receipts = await bus.publishBatch(
      Array.from({ length: 2_000 }, (_, seq) => ({
        event: OrderPlaced,
        data: { orderId: big, customerId: 'same-customer', total: 1, seq },
      })),
    )
    assert.equal(receipts.length, 2_000)
    assert.equal(new Set(receipts.map((r) => r.partition)).size, 1)
    const offsets = receipts.map((r) => r.offset!)
    assert.deepEqual(
      offsets,
      [...offsets].sort((a, b) => (a < b ? -1 : 1)),
      'offsets follow publish order',
    )
  })

  it('reads a backlog through fetches far smaller than its records, in order, none lost', async (t) => {
    const { OrderPlaced } = events('small-fetch')
    // A 4 KB fetch cap against records of ~9 KB: every record is bigger than a whole response may
    // be, so each fetch returns one batch only because Kafka always sends the first batch whole.
    const bus = makeBus(t, target, [OrderPlaced], {
      topicPartitions: 1,
      fetchMaxBytes: 4_096,
      fetchMaxPartitionBytes: 4_096,
      batchSize: 4,
    })
    const big = 'y'.repeat(9_000)
    await bus.publishBatch(
      Array.from({ length: 120 }, (_, seq) => ({
        event: OrderPlaced,
        data: { orderId: big, customerId: 'c', total: 1, seq },
      })),
    )
    const got: number[] = []
    bus.consumer({ group: uniqueName('g') }).on(OrderPlaced, (e) => {
      assert.equal(e.data.orderId.length, 9_000)
      got.push(e.data.seq)
    })
    await bus.start()
    await waitFor(() => got.length >= 120, '120 records through 4 KB fetches')
    assert.deepEqual(
      got,
      Array.from({ length: 120 }, (_, i) => i),
    )
  })

  it('rejects invalid data on publish naming every bad field, and sends nothing', async (t) => {
    const { OrderPlaced } = events()
    const bus = makeBus(t, target, [OrderPlaced])
    await bus.connect()
    await assert.rejects(
      bus.publish(OrderPlaced, { orderId: 7, customerId: 'c', total: -1, seq: 1.5 } as never),
      (error: Error & { code: string; issues: Array<{ path: string }> }) => {
        assert.equal(error.code, 'SPOOL_ERR_VALIDATION')
        const paths = error.issues.map((i) => i.path).sort()
        assert.deepEqual(paths, ['data.orderId', 'data.seq', 'data.total'])
        return true
      },
    )
  })

  it('sends raw records with key and headers (seed sendMessage / sendMessages) and consumes them raw', async (t) => {
    const topic = uniqueName('custom.topic')
    const bus = makeBus(t, target, [])
    const got: Array<{ key?: string; value: unknown; headers: Record<string, string> }> = []
    bus.subscribe(
      topic,
      (m) => {
        got.push({ key: m.key?.toString(), value: m.json(), headers: m.headers })
      },
      { group: uniqueName('g') },
    )
    await bus.start()
    await bus.sendMessage({
      topic,
      key: 'event-key',
      value: JSON.stringify({ data: 'custom event data' }),
      headers: { source: 'content-service', version: '1.0' },
    })
    const receipts = await bus.sendMessages([
      { topic, key: 'key1', value: JSON.stringify({ id: 1 }) },
      { topic, key: 'key2', value: JSON.stringify({ id: 2 }) },
    ])
    assert.equal(receipts.length, 2)
    await waitFor(() => got.length === 3, 'three raw records')
    const first = got.find((g) => g.key === 'event-key')!
    assert.deepEqual(first.value, { data: 'custom event data' })
    assert.equal(first.headers.source, 'content-service')
    assert.equal(first.headers.version, '1.0')
    assert.deepEqual(
      got
        .filter((g) => g.key !== 'event-key')
        .map((g) => g.value)
        .sort((a: any, b: any) => a.id - b.id),
      [{ id: 1 }, { id: 2 }],
    )
  })

  it('upcasts older event versions on consume', async (t) => {
    const topic = uniqueName('profiles')
    const V1 = defineEvent({
      type: 'profile.updated',
      topic,
      version: 1,
      schema: z.object({ name: z.string() }),
    })
    const V2 = defineEvent({
      type: 'profile.updated',
      topic,
      version: 2,
      schema: z.object({ firstName: z.string(), lastName: z.string() }),
      upcasters: {
        1: (d: { name: string }) => {
          const [firstName = '', lastName = ''] = d.name.split(' ')
          return { firstName, lastName }
        },
      },
    })
    const producer = makeBus(t, target, [V1])
    const consumer = makeBus(t, target, [V2])
    const got: unknown[] = []
    consumer.consumer({ group: uniqueName('g') }).on(V2, (e) => {
      got.push({ data: e.data, version: e.dataversion })
    })
    await consumer.start()
    await producer.publish(V1, { name: 'Ada Lovelace' })
    await producer.flush()
    await waitFor(() => got.length === 1, 'upcast event')
    assert.deepEqual((got[0] as { data: unknown }).data, { firstName: 'Ada', lastName: 'Lovelace' })
  })

  it('writes CloudEvents structured JSON that any plain Kafka client can read', async (t) => {
    const { OrderPlaced, orders } = events()
    const bus = makeBus(t, target, [OrderPlaced])
    await bus.connect()
    const receipt = await bus.publish(OrderPlaced, { orderId: 'o9', customerId: 'c9', total: 3, seq: 9 })
    const raw = new Consumer({
      clientId: 'raw',
      groupId: uniqueName('raw'),
      bootstrapBrokers: [target.bootstrap!],
    })
    t.after(() => raw.close(true))
    const stream = await raw.consume({ topics: [orders], mode: 'earliest' })
    const message = await new Promise<any>((resolve) => stream.once('data', resolve))
    await stream.close()
    const headers = Object.fromEntries(
      [...message.headers].map(([k, v]: [Buffer, Buffer]) => [k.toString(), v.toString()]),
    )
    assert.match(headers['content-type']!, /^application\/cloudevents\+json/)
    const body = JSON.parse(message.value.toString())
    assert.equal(body.specversion, '1.0')
    assert.equal(body.id, receipt.id)
    assert.equal(body.type, 'order.placed')
    assert.equal(body.subject, 'c9')
    assert.equal(body.dataversion, 1)
    assert.deepEqual(body.data, { orderId: 'o9', customerId: 'c9', total: 3, seq: 9 })
    assert.equal(message.key.toString(), 'c9')
  })
})
