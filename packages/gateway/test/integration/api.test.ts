import assert from 'node:assert/strict'
import { it } from 'node:test'
import { NonRetryableError } from '@spool/bus'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { catalog, makeBus, makeGateway, mission, waitFor } from '../helpers.ts'

describeOnBrokers('gateway: API on a broker (inject)', (target) => {
  const setup = (t: import('node:test').TestContext, retry = {}) => {
    const events = catalog('api')
    const bus = makeBus(t, {
      brokers: bootstrapList(target.bootstrap!),
      catalog: events.all,
      offline: 'spool',
      retries: 3,
      retry: { attempts: 1, initialDelay: 1, ...retry },
    })
    return { events, bus, gateway: makeGateway(t, { bus }) }
  }

  it('publishes a valid event: 202 with id, topic, partition and offset; the browser shows it', async (t) => {
    const { events, gateway } = setup(t)
    const res = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/events',
      payload: {
        eventType: 'mission.completed',
        data: mission('u7'),
        userId: 'u7',
        metadata: { origin: 'web', tries: 1 },
      },
    })
    assert.equal(res.statusCode, 202, res.body)
    const { status, data } = res.json()
    assert.equal(status, 'success')
    assert.equal(data.eventType, 'mission.completed')
    assert.equal(data.topic, events.missions)
    assert.equal(typeof data.partition, 'number')
    assert.match(data.offset, /^\d+$/)
    assert.equal(data.spooled, false)
    assert.match(data.id, /^[0-9a-f-]{36}$/)

    const page = await gateway.inject({
      url: `/api/kafka/topics/${events.missions}/messages?partition=${data.partition}&offset=${data.offset}&limit=1`,
    })
    assert.equal(page.statusCode, 200, page.body)
    const [message] = page.json().data.messages
    assert.equal(message.key, 'u7', 'userId keys an event whose type has no key')
    const envelope = JSON.parse(message.value)
    assert.equal(envelope.id, data.id)
    assert.equal(envelope.subject, 'u7')
    assert.equal(envelope.origin, 'web', 'metadata became CloudEvents extensions')
    assert.equal(envelope.data.xpEarned, 50)

    const filtered = await gateway.inject({
      url: `/api/kafka/topics/${events.missions}/messages?from=earliest&filter=data.userId%3Du7`,
    })
    assert.equal(filtered.json().data.messages.length, 1)
    const noMatch = await gateway.inject({
      url: `/api/kafka/topics/${events.missions}/messages?from=earliest&filter=data.userId%3Dnobody`,
    })
    assert.equal(noMatch.json().data.messages.length, 0)
  })

  it('administers topics: create, list, describe, delete; unknown and duplicate topics are 404 and 409', async (t) => {
    const { gateway } = setup(t)
    const name = uniqueName('gw-admin')
    const created = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/topics',
      payload: { name, partitions: 2 },
    })
    assert.equal(created.statusCode, 201, created.body)
    assert.equal(created.json().data.partitions, 2)
    const again = await gateway.inject({ method: 'POST', url: '/api/kafka/topics', payload: { name } })
    assert.equal(again.statusCode, 409)
    assert.equal(again.json().error.code, 'SPOOL_ERR_CONFLICT')
    const list = (await gateway.inject({ url: '/api/kafka/topics' })).json().data.topics
    assert.ok(list.some((x: { name: string }) => x.name === name))
    const described = (await gateway.inject({ url: `/api/kafka/topics/${name}` })).json().data
    assert.equal(described.partitionDetails.length, 2)
    assert.equal(described.partitionDetails[1].latest, '0')
    const badPartition = await gateway.inject({ url: `/api/kafka/topics/${name}/messages?partition=5` })
    assert.equal(badPartition.statusCode, 400)
    assert.match(badPartition.json().error.message, /partitions 0 to 1/)
    const pastEnd = await gateway.inject({ url: `/api/kafka/topics/${name}/messages?partition=0&offset=10` })
    assert.equal(pastEnd.statusCode, 400)
    assert.match(pastEnd.json().error.message, /past the end/)
    assert.equal(
      (await gateway.inject({ method: 'DELETE', url: `/api/kafka/topics/${name}` })).statusCode,
      200,
    )
    for (const url of [
      '/api/kafka/topics/gw-nope-x',
      '/api/kafka/topics/gw-nope-x/messages',
      '/api/kafka/groups/gw-nope-g',
    ]) {
      const res = await gateway.inject({ url })
      assert.equal(res.statusCode, 404, url)
      assert.match(res.json().error.message, /gw-nope-/)
    }
    const unknownDelete = await gateway.inject({ method: 'DELETE', url: '/api/kafka/topics/gw-nope-x' })
    assert.equal(unknownDelete.statusCode, 404)
    const cluster = await gateway.inject({ url: '/api/kafka/cluster' })
    assert.ok(cluster.json().data.brokers.length >= 1)
    const ready = await gateway.inject({ url: '/health/kafka' })
    assert.equal(ready.statusCode, 200, ready.body)
    assert.equal(ready.json().data.broker.reachable, true)
  })

  it('shows consumer groups with lag, controls them through /status, resets offsets only when empty', async (t) => {
    const { events, bus, gateway } = setup(t)
    const group = uniqueName('gw-g')
    const seen: string[] = []
    bus.consumer({ group }).on(events.MissionCompleted, (e) => {
      seen.push(e.data.userId)
    })
    const started = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/status',
      payload: { action: 'start', group },
    })
    assert.equal(started.statusCode, 200, started.body)
    assert.equal(started.json().data.consumerRunning, true)
    for (const u of ['a', 'b', 'c']) {
      const r = await gateway.inject({
        method: 'POST',
        url: '/api/kafka/events',
        payload: { eventType: 'mission.completed', data: mission(u) },
      })
      assert.equal(r.statusCode, 202)
    }
    await waitFor(() => seen.length === 3, 'three events consumed')
    let described: {
      totalLag: string
      state: string
      members: unknown[]
      offsets: Array<{ committed: string | null }>
    }
    await waitFor(async () => {
      described = (await gateway.inject({ url: `/api/kafka/groups/${group}` })).json().data
      return described.totalLag === '0' && described.offsets.some((o) => o.committed !== null)
    }, 'commits')
    assert.equal(described!.state, 'Stable')
    assert.equal(described!.members.length, 1)
    assert.ok(
      (await gateway.inject({ url: '/api/kafka/groups' }))
        .json()
        .data.groups.some((g: { id: string }) => g.id === group),
    )

    const busy = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/groups/${group}/reset`,
      payload: { topic: events.missions, to: 'earliest' },
    })
    assert.equal(busy.statusCode, 409)
    assert.match(busy.json().error.message, /stop its consumers/)

    const paused = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/status',
      payload: { action: 'pause' },
    })
    assert.equal(paused.json().data.consumers[0].state, 'paused')
    const resumed = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/status',
      payload: { action: 'resume', group },
    })
    assert.equal(resumed.json().data.consumers[0].state, 'running')
    const stopped = await gateway.inject({
      method: 'POST',
      url: '/api/kafka/status',
      payload: { action: 'stop' },
    })
    assert.equal(stopped.json().data.consumerRunning, false)
    await waitFor(
      async () => (await gateway.inject({ url: `/api/kafka/groups/${group}` })).json().data.state === 'Empty',
      'empty group',
    )

    const reset = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/groups/${group}/reset`,
      payload: { topic: events.missions, to: 'earliest' },
    })
    assert.equal(reset.statusCode, 200, reset.body)
    assert.ok(reset.json().data.partitions.every((p: { offset: string }) => p.offset === '0'))
    assert.equal((await gateway.inject({ url: `/api/kafka/groups/${group}` })).json().data.totalLag, '3')
    const badOffset = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/groups/${group}/reset`,
      payload: { topic: events.missions, to: 'offset', offset: '99999' },
    })
    assert.equal(badOffset.statusCode, 400)
    const unknownTopic = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/groups/${group}/reset`,
      payload: { topic: 'gw-nope-t', to: 'latest' },
    })
    assert.equal(unknownTopic.statusCode, 404)
  })

  it('lists dead letters and redrives selected ones, then the rest, to the original topic', async (t) => {
    const { events, bus, gateway } = setup(t)
    const group = uniqueName('gw-dlq')
    let healed = false
    const handled: number[] = []
    bus.consumer({ group }).on(events.MissionCompleted, (e) => {
      if (!healed) throw new NonRetryableError(`no XP for ${e.data.xpEarned}`)
      handled.push(e.data.xpEarned)
    })
    await bus.start()
    for (const xp of [1, 2, 3]) {
      await gateway.inject({
        method: 'POST',
        url: '/api/kafka/events',
        payload: { eventType: 'mission.completed', data: mission('u', xp) },
      })
    }
    const dlq = `${events.missions}.dlq`
    await waitFor(() => bus.consumer(group).status().deadLettered === 3, 'three dead letters')
    const topics = (await gateway.inject({ url: '/api/kafka/dead-letters' })).json().data.topics
    assert.ok(
      topics.some(
        (x: { topic: string; originalTopic: string; messages: string }) =>
          x.topic === dlq && x.originalTopic === events.missions && x.messages === '3',
      ),
    )
    const listed = (await gateway.inject({ url: `/api/kafka/dead-letters/${dlq}` })).json().data.deadLetters
    assert.equal(listed.length, 3)
    assert.equal(listed[0].reason, 'non-retryable')
    assert.match(listed[0].error.message, /no XP for/)
    assert.equal(listed[0].originalTopic, events.missions)

    healed = true
    const first = listed.find((d: { value: string }) => JSON.parse(d.value).data.xpEarned === 2)
    const one = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/dead-letters/${dlq}/redrive`,
      payload: { select: [{ partition: first.partition, offset: first.offset }] },
    })
    assert.equal(one.statusCode, 200, one.body)
    assert.equal(one.json().data.redriven, 1)
    await waitFor(() => handled.includes(2), 'the selected dead letter handled')
    const rest = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/dead-letters/${dlq}/redrive`,
      payload: {},
    })
    assert.equal(rest.json().data.redriven, 2, 'a bulk redrive sends every entry not yet redriven')
    await waitFor(() => handled.length >= 3, 'the rest handled')
    const after = (await gateway.inject({ url: `/api/kafka/dead-letters/${dlq}` })).json().data.deadLetters
    assert.deepEqual(
      after.map((d: { redriven: boolean }) => d.redriven),
      [true, true, true],
    )
    const none = await gateway.inject({
      method: 'POST',
      url: `/api/kafka/dead-letters/${dlq}/redrive`,
      payload: {},
    })
    assert.equal(none.json().data.redriven, 0)
    const missing = await gateway.inject({ url: '/api/kafka/dead-letters/gw-nope.dlq' })
    assert.equal(missing.statusCode, 404)
  })
})
