import assert from 'node:assert/strict'
import type { TestContext } from 'node:test'
import { it } from 'node:test'
import { Admin, ConflictError, InvalidArgumentError, NotFoundError } from '@spool/bus'
import { bootstrapList, describeOnBrokers, type Target, uniqueName } from '@spool/testing'
import { events, makeBus, waitFor } from '../integration/helpers.ts'

function makeAdmin(t: TestContext, target: Target): Admin {
  const admin = new Admin({ brokers: bootstrapList(target.bootstrap!), clientId: uniqueName('admin') })
  t.after(() => admin.close())
  return admin
}

const notFound = (resource: string, name: string) => (e: unknown) =>
  e instanceof NotFoundError && e.resource === resource && e.resourceName === name && e.message.includes(name)
const invalid = (property: string) => (e: unknown) =>
  e instanceof InvalidArgumentError && e.property === property

describeOnBrokers('bus admin: topics', (target) => {
  it('creates, lists, describes and deletes a topic; unknown and duplicate topics are named errors', async (t) => {
    const admin = makeAdmin(t, target)
    const name = uniqueName('adm-topic')
    const created = await admin.createTopic({ name, partitions: 2, configs: { 'retention.ms': '3600000' } })
    assert.equal(created.name, name)
    assert.equal(created.partitions, 2)
    assert.deepEqual(
      created.partitionDetails.map((p) => [p.partition, p.earliest, p.latest]),
      [
        [0, '0', '0'],
        [1, '0', '0'],
      ],
    )
    const retention = created.configs.find((c) => c.name === 'retention.ms')
    if (created.configs.length > 0) assert.equal(retention?.value, '3600000')

    const listed = (await admin.listTopics()).find((x) => x.name === name)
    assert.ok(listed, 'the new topic is listed')
    assert.equal(listed.partitions, 2)
    assert.equal(listed.messages, '0')
    assert.ok(!(await admin.listTopics()).some((x) => x.internal), 'internal topics are hidden by default')

    await assert.rejects(
      admin.createTopic({ name }),
      (e: unknown) => e instanceof ConflictError && /already exists/.test((e as Error).message),
    )
    await assert.rejects(admin.createTopic({ name: 'bad name!' }), invalid('name'))
    await assert.rejects(admin.createTopic({ name: uniqueName('x'), partitions: 0 }), invalid('partitions'))
    await assert.rejects(admin.describeTopic('no-such-topic-x1'), notFound('topic', 'no-such-topic-x1'))

    await admin.deleteTopic(name)
    await waitFor(async () => !(await admin.listTopics()).some((x) => x.name === name), 'the topic to go')
    await assert.rejects(admin.deleteTopic(name), notFound('topic', name))
  })

  it('lists and describes internal topics on request (Kafka keeps group offsets in __consumer_offsets)', async (t) => {
    const admin = makeAdmin(t, target)
    const bus = makeBus(t, target, [])
    const topic = uniqueName('adm-internal')
    await admin.createTopic({ name: topic, partitions: 1 })
    await bus.sendMessage({ topic, key: 'k', value: 'v' })
    const group = uniqueName('adm-internal-g')
    bus.subscribe(topic, () => {}, { group })
    await bus.start()
    await waitFor(
      async () => (await admin.describeGroup(group)).offsets.some((o) => o.committed !== null),
      'a committed offset',
    )
    const all = await admin.listTopics({ includeInternal: true })
    assert.ok(
      all.some((x) => x.name === topic && !x.internal && x.messages === '1'),
      'user topics are listed',
    )
    assert.ok(all.every((x) => x.internal === x.name.startsWith('__')))
    assert.deepEqual(
      (await admin.listTopics()).map((x) => x.name),
      all.filter((x) => !x.internal).map((x) => x.name),
    )
    // The embedded broker keeps committed offsets outside any topic; real Kafka has __consumer_offsets.
    if (target.name === 'embedded') return
    const offsets = all.find((x) => x.name === '__consumer_offsets')
    assert.ok(offsets, `__consumer_offsets is listed among ${all.map((x) => x.name).join(', ')}`)
    assert.equal(offsets.internal, true)
    assert.ok(offsets.partitions >= 1)
    assert.ok(offsets.replicationFactor >= 1)
    assert.ok(BigInt(offsets.messages) >= 1n, 'the commit is a record of __consumer_offsets')
    const described = await admin.describeTopic('__consumer_offsets')
    assert.equal(described.internal, true)
    assert.equal(described.partitionDetails.length, offsets.partitions)
    assert.ok(
      described.partitionDetails.every((p) => p.leader >= 0 && BigInt(p.latest) >= BigInt(p.earliest)),
    )
    assert.equal(described.messages, offsets.messages)
    await assert.rejects(admin.browse('__consumer_offsets'), invalid('topic'))
  })

  it('reports the cluster', async (t) => {
    const admin = makeAdmin(t, target)
    const cluster = await admin.cluster()
    assert.ok(cluster.brokers.length >= 1)
    assert.ok(cluster.brokers.every((b) => b.host && b.port > 0))
  })
})

describeOnBrokers('bus admin: browse', (target) => {
  it('pages by partition and offset, by time, from either end, with filters; bad input is named', async (t) => {
    const admin = makeAdmin(t, target)
    const bus = makeBus(t, target, [])
    const topic = uniqueName('adm-browse')
    await admin.createTopic({ name: topic, partitions: 2 })
    await bus.sendMessages(
      Array.from({ length: 10 }, (_, i) => ({
        topic,
        partition: 0,
        key: `k${i}`,
        value: JSON.stringify({ data: { userId: i % 2 === 0 ? 'even' : 'odd', n: i } }),
        headers: { seq: String(i) },
      })),
    )
    await new Promise((r) => setTimeout(r, 30))
    const middle = Date.now()
    await new Promise((r) => setTimeout(r, 30))
    await bus.sendMessages(
      Array.from({ length: 5 }, (_, i) => ({
        topic,
        partition: 1,
        key: `p1-${i}`,
        value: `plain text ${i}`,
      })),
    )

    const page = await admin.browse(topic, { partition: 0, offset: 3, limit: 4 })
    assert.deepEqual(
      page.messages.map((m) => m.offset),
      ['3', '4', '5', '6'],
    )
    assert.equal(page.messages[0]!.key, 'k3')
    assert.equal(page.messages[0]!.headers.seq, '3')
    assert.equal(page.messages[0]!.encoding, 'utf8')
    assert.deepEqual(page.next, [{ partition: 0, offset: '7' }])

    const newest = await admin.browse(topic, { limit: 3 })
    assert.equal(newest.messages.length, 3)
    assert.ok(
      newest.messages.every((m) => m.partition === 1),
      'the newest records are the later ones',
    )

    const oldest = await admin.browse(topic, { from: 'earliest', partition: 0, limit: 2 })
    assert.deepEqual(
      oldest.messages.map((m) => m.offset),
      ['0', '1'],
    )

    const afterTime = await admin.browse(topic, { timestamp: middle, limit: 50 })
    assert.deepEqual(
      afterTime.messages.map((m) => `${m.partition}/${m.offset}`),
      ['1/0', '1/1', '1/2', '1/3', '1/4'],
    )

    const odd = await admin.browse(topic, { from: 'earliest', filter: 'data.userId=odd', limit: 50 })
    assert.deepEqual(
      odd.messages.map((m) => JSON.parse(m.value!).data.n),
      [1, 3, 5, 7, 9],
    )
    const text = await admin.browse(topic, { from: 'earliest', filter: 'plain text 3' })
    assert.deepEqual(
      text.messages.map((m) => m.key),
      ['p1-3'],
    )

    await assert.rejects(admin.browse(topic, { partition: 7 }), invalid('partition'))
    await assert.rejects(admin.browse(topic, { partition: 0, offset: 999 }), invalid('offset'))
    await assert.rejects(admin.browse(topic, { offset: '-1' }), invalid('offset'))
    await assert.rejects(admin.browse(topic, { offset: 'abc' }), invalid('offset'))
    await assert.rejects(admin.browse(topic, { limit: 0 }), invalid('limit'))
    await assert.rejects(admin.browse(topic, { timestamp: 'yesterday' }), invalid('timestamp'))
    await assert.rejects(admin.browse('no-such-topic-b1'), notFound('topic', 'no-such-topic-b1'))
  })
})

describeOnBrokers('bus admin: consumer groups', (target) => {
  it('describes members, assignments and lag; resets offsets only when the group is empty', async (t) => {
    const admin = makeAdmin(t, target)
    const { OrderPlaced, orders } = events('adm-group')
    const bus = makeBus(t, target, [OrderPlaced])
    const group = uniqueName('adm-g')
    const seen: number[] = []
    bus.consumer({ group }).on(OrderPlaced, (e) => {
      seen.push(e.data.seq)
    })
    await bus.start()
    for (let seq = 0; seq < 6; seq++) {
      await bus.publish(OrderPlaced, { orderId: `o${seq}`, customerId: `c${seq}`, total: 1, seq })
    }
    await waitFor(() => seen.length === 6, 'six events handled')

    assert.ok(
      (await admin.listGroups()).some((g) => g.id === group),
      'the group is listed',
    )
    assert.ok(
      !(await admin.listGroups()).some((g) => g.id.startsWith('spool-reader-')),
      'reader groups are hidden',
    )
    let described = await admin.describeGroup(group)
    await waitFor(async () => {
      described = await admin.describeGroup(group)
      return described.totalLag === '0' && described.offsets.every((o) => o.committed !== null)
    }, 'commits to land')
    assert.equal(described.state, 'Stable')
    assert.equal(described.members.length, 1)
    const [member] = described.members
    assert.deepEqual(member!.subscription, [orders])
    assert.deepEqual(member!.assignment, [{ topic: orders, partitions: [0, 1, 2] }])
    assert.equal(described.offsets.length, 3)
    assert.ok(described.offsets.every((o) => o.memberId === member!.memberId))

    await assert.rejects(
      admin.resetOffsets(group, orders, { to: 'earliest' }),
      (e: unknown) => e instanceof ConflictError && /Stable, not Empty/.test((e as Error).message),
    )
    await bus.consumer(group).stop()
    await waitFor(async () => (await admin.describeGroup(group)).state === 'Empty', 'the group to empty')

    const reset = await admin.resetOffsets(group, orders, { to: 'earliest' })
    assert.equal(reset.partitions.length, 3)
    assert.ok(reset.partitions.every((p) => p.offset === '0'))
    described = await admin.describeGroup(group)
    assert.equal(described.totalLag, '6', 'after a reset to earliest every event is lag again')

    const latest = await admin.resetOffsets(group, orders, { to: 'latest' }, { partitions: [0] })
    assert.deepEqual(
      latest.partitions.map((p) => p.partition),
      [0],
    )
    const byTime = await admin.resetOffsets(group, orders, {
      to: 'timestamp',
      timestamp: Date.now() + 60_000,
    })
    assert.ok(
      byTime.partitions.every((p, i) => p.offset === described.offsets[i]!.latest),
      'future time = the end',
    )
    const explicit = await admin.resetOffsets(
      group,
      orders,
      { to: 'offset', offset: '0' },
      { partitions: [1] },
    )
    assert.equal(explicit.partitions[0]!.offset, '0')

    await assert.rejects(admin.resetOffsets(group, orders, { to: 'offset', offset: 999 }), invalid('offset'))
    await assert.rejects(admin.resetOffsets(group, orders, { to: 'sideways' } as never), invalid('to'))
    await assert.rejects(
      admin.resetOffsets(group, orders, { to: 'earliest' }, { partitions: [9] }),
      invalid('partitions'),
    )
    await assert.rejects(
      admin.resetOffsets(group, 'no-such-topic-r1', { to: 'earliest' }),
      notFound('topic', 'no-such-topic-r1'),
    )
    await assert.rejects(admin.describeGroup('no-such-group-x1'), notFound('group', 'no-such-group-x1'))
    await assert.rejects(
      admin.resetOffsets('no-such-group-x1', orders, { to: 'earliest' }),
      notFound('group', 'no-such-group-x1'),
    )
  })
})
