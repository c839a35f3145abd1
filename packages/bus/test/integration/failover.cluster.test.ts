import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Admin } from '@platformatic/kafka'
import { createBus } from '@spool/bus'
import { realKafkaSkipReason, startKafka, uniqueName } from '@spool/testing'
import { events, quietLogger, waitFor } from './helpers.ts'

it('3-node cluster: killing a partition leader while publishing with acks=all loses no acknowledged event', {
  skip: realKafkaSkipReason(),
  timeout: 300_000,
}, async (t) => {
  const kafka = await startKafka({ nodes: 3 })
  t.after(() => kafka.stop())
  const { OrderPlaced, orders } = events('failover')
  const brokers = kafka.bootstrap.split(',')
  const admin = new Admin({ clientId: 'failover-admin', bootstrapBrokers: brokers })
  t.after(() => admin.close())
  await admin.createTopics({
    topics: [orders],
    partitions: 3,
    replicas: 3,
    configs: [{ name: 'min.insync.replicas', value: '2' }],
  })
  const bus = createBus({
    brokers,
    clientId: uniqueName('failover'),
    catalog: [OrderPlaced],
    logger: quietLogger,
    acks: 'all',
    offline: 'fail',
    retries: 10,
    initialRetryTime: 200,
  })
  t.after(() => bus.close(5_000))
  await bus.connect()

  const acked = new Set<number>()
  const failed: number[] = []
  let seq = 0
  let stop = false
  const publishing = (async () => {
    while (!stop) {
      const batch = Array.from({ length: 10 }, () => seq++)
      await Promise.all(
        batch.map((s) =>
          bus.publish(OrderPlaced, { orderId: `o${s}`, customerId: `c${s % 9}`, total: 1, seq: s }).then(
            () => acked.add(s),
            () => failed.push(s),
          ),
        ),
      )
    }
  })()
  await waitFor(() => acked.size > 300, 'publishing under way')
  const metadata = await admin.metadata({ topics: [orders] })
  const leader = metadata.topics.get(orders)!.partitions[0]!.leader
  const victim = kafka.nodes.find((n) => n.id === leader)!
  await victim.kill()
  const killedAt = acked.size
  await waitFor(() => acked.size > killedAt + 300, 'publishing continues after the leader died', 120_000)
  stop = true
  await publishing

  const seen = new Set<number>()
  const reader = createBus({
    brokers: brokers.filter((b) => !b.endsWith(`:${victim.port}`)),
    clientId: uniqueName('reader'),
    catalog: [OrderPlaced],
    logger: quietLogger,
    offline: 'fail',
  })
  t.after(() => reader.close(5_000))
  reader.consumer({ group: uniqueName('g') }).on(OrderPlaced, (e) => {
    seen.add(e.data.seq)
  })
  await reader.start()
  await waitFor(
    () => [...acked].every((s) => seen.has(s)),
    `all ${acked.size} acknowledged events readable`,
    120_000,
  )
  const lost = [...acked].filter((s) => !seen.has(s))
  assert.deepEqual(lost, [])
  t.diagnostic(
    `acknowledged ${acked.size}, failed (not acknowledged, reported to the caller) ${failed.length}`,
  )
})
