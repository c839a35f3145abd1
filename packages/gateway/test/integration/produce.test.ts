import assert from 'node:assert/strict'
import { it, type TestContext } from 'node:test'
import { bootstrapList, describeOnBrokers, type Target, uniqueName } from '@spool/testing'
import { auth, keys, makeBus, makeGateway, waitFor } from '../helpers.ts'

const setup = (t: TestContext, target: Target, extra: Partial<Parameters<typeof makeGateway>[1]> = {}) => {
  const bus = makeBus(t, { brokers: bootstrapList(target.bootstrap!), catalog: [], retries: 3 })
  return { bus, gateway: makeGateway(t, { bus, ...extra }) }
}

describeOnBrokers('gateway: raw records (POST /api/kafka/topics/:topic/messages)', (target) => {
  it('produces key, JSON or text value, headers and partition; the browser shows them; bad partitions and unknown topics are named', async (t) => {
    const { gateway } = setup(t, target)
    const topic = uniqueName('gw-raw')
    const created = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/topics',
      payload: { name: topic, partitions: 2 },
    })
    assert.equal(created.statusCode, 201, created.body)
    const produce = (payload: object, name = topic) =>
      gateway.inject({ method: 'POST', url: `/api/kafka/topics/${name}/messages`, payload })

    const json = await produce({
      key: 'order-42',
      value: { orderId: 'order-42', total: 12.5 },
      headers: { source: 'console', 'trace-id': 'abc' },
      partition: 1,
    })
    assert.equal(json.statusCode, 201, json.body)
    assert.deepEqual(json.json(), {
      status: 'success',
      data: { topic, partition: 1, offset: '0', spooled: false },
    })
    const text = await produce({ value: 'plain text', partition: 1 })
    assert.equal(text.statusCode, 201, text.body)
    assert.equal(text.json().data.offset, '1')
    const tombstone = await produce({ key: 'order-42', value: null, partition: 1 })
    assert.equal(tombstone.json().data.offset, '2')
    const keyed = await produce({ key: 'k', value: [1, 2] })
    assert.equal(keyed.statusCode, 201)
    assert.ok([0, 1].includes(keyed.json().data.partition))

    const page = await gateway.inject({
      url: `/api/kafka/topics/${topic}/messages?partition=1&from=earliest`,
    })
    assert.equal(page.statusCode, 200, page.body)
    const messages = page.json().data.messages.filter((m: { offset: string }) => Number(m.offset) <= 2)
    assert.deepEqual(
      messages.map((m: { offset: string; key: unknown; value: unknown; headers: unknown }) => [
        m.offset,
        m.key,
        m.value,
        m.headers,
      ]),
      [
        ['0', 'order-42', '{"orderId":"order-42","total":12.5}', { source: 'console', 'trace-id': 'abc' }],
        ['1', null, 'plain text', {}],
        ['2', 'order-42', null, {}],
      ],
    )
    const filtered = await gateway.inject({
      url: `/api/kafka/topics/${topic}/messages?from=earliest&filter=headers.trace-id%3Dabc`,
    })
    assert.equal(filtered.json().data.messages.length, 1)

    const badPartition = await produce({ value: 'x', partition: 2 })
    assert.equal(badPartition.statusCode, 400)
    assert.equal(badPartition.json().error.code, 'SPOOL_ERR_INVALID_ARGUMENT')
    assert.equal(badPartition.json().error.details.property, 'partition')
    assert.match(badPartition.json().error.message, /partition 2 does not exist: .* partitions 0 to 1/)

    const missing = uniqueName('gw-raw-nope')
    const unknown = await produce({ value: 'x' }, missing)
    assert.equal(unknown.statusCode, 404)
    assert.equal(unknown.json().error.code, 'SPOOL_ERR_NOT_FOUND')
    assert.deepEqual(unknown.json().error.details, { resource: 'topic', name: missing })
    assert.equal(
      (await gateway.inject({ url: `/api/kafka/topics/${missing}` })).statusCode,
      404,
      'producing to an unknown topic does not create it',
    )
    const described = (await gateway.inject({ url: `/api/kafka/topics/${topic}` })).json().data
    assert.equal(described.messages, '4', 'only the accepted records were written')
  })

  it('over real sockets with API keys: publish role produces, read role browses', async (t) => {
    const { gateway } = setup(t, target, { auth })
    const address = await gateway.listen({ host: '127.0.0.1', port: 0 })
    const topic = uniqueName('gw-raw-http')
    const create = await fetch(`${address}/api/kafka/topics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': keys.admin.key },
      body: JSON.stringify({ name: topic, partitions: 1 }),
    })
    assert.equal(create.status, 201)
    const post = (key: string, body: object) =>
      fetch(`${address}/api/kafka/topics/${topic}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify(body),
      })
    const record = { key: 'user-7', value: '{"hello":"world"}', headers: { origin: 'e2e' } }
    assert.equal((await post(keys.reader.key, record)).status, 403)
    const res = await post(keys.publisher.key, record)
    assert.equal(res.status, 201)
    const { data } = (await res.json()) as { data: { partition: number; offset: string } }
    assert.deepEqual(data, { topic, partition: 0, offset: '0', spooled: false })
    const page = await fetch(`${address}/api/kafka/topics/${topic}/messages?from=earliest`, {
      headers: { 'x-api-key': keys.reader.key },
    })
    const [message] = ((await page.json()) as { data: { messages: Array<Record<string, unknown>> } }).data
      .messages
    assert.equal(message!.key, 'user-7')
    assert.equal(message!.value, '{"hello":"world"}')
    assert.deepEqual(message!.headers, { origin: 'e2e' })
    assert.equal(message!.encoding, 'utf8')
  })
})

describeOnBrokers('gateway: internal topics (GET /api/kafka/topics?internal=true)', (target) => {
  it('lists them with the rest (real Kafka: __consumer_offsets once a group committed) and describes them', async (t) => {
    const { bus, gateway } = setup(t, target)
    const topic = uniqueName('gw-internal')
    await gateway.inject({
      method: 'POST',
      url: '/api/kafka/topics',
      payload: { name: topic, partitions: 1 },
    })
    const produced = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/topics/${topic}/messages`,
      payload: { value: 'v' },
    })
    assert.equal(produced.statusCode, 201, produced.body)
    const group = uniqueName('gw-internal-g')
    bus.subscribe(topic, () => {}, { group })
    await bus.start()
    await waitFor(async () => {
      const res = await gateway.inject({ url: `/api/kafka/groups/${group}` })
      return res.statusCode === 200 && res.json().data.totalLag === '0'
    }, 'the group to commit')

    const res = await gateway.inject({ url: '/api/kafka/topics?internal=true' })
    assert.equal(res.statusCode, 200, res.body)
    const topics = res.json().data.topics as Array<{ name: string; internal: boolean; partitions: number }>
    assert.ok(topics.some((x) => x.name === topic && !x.internal))
    assert.ok(topics.every((x) => x.internal === x.name.startsWith('__')))
    const plain = (await gateway.inject({ url: '/api/kafka/topics' })).json().data.topics
    assert.ok(plain.every((x: { internal: boolean }) => !x.internal))
    if (target.name === 'embedded') return // it keeps committed offsets outside any topic

    const offsets = topics.find((x) => x.name === '__consumer_offsets')
    assert.ok(offsets, 'Kafka lists __consumer_offsets')
    assert.ok(offsets.partitions >= 1)
    const described = await gateway.inject({ url: '/api/kafka/topics/__consumer_offsets' })
    assert.equal(described.statusCode, 200, described.body)
    assert.equal(described.json().data.internal, true)
    assert.equal(described.json().data.partitionDetails.length, offsets.partitions)
    const write = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/topics/__consumer_offsets/messages',
      payload: { value: 'x' },
    })
    assert.equal(write.statusCode, 400, 'internal topics are not written from here')
    assert.match(write.json().error.message, /internal Kafka topic/)
  })
})
