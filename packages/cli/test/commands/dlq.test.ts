import assert from 'node:assert/strict'
import { it } from 'node:test'
import { NonRetryableError } from '@spool/bus'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { connect } from '../helpers/cluster.ts'
import { eventually, spool, spoolJson } from '../helpers/spool.ts'

interface Entry {
  partition: number
  offset: string
  key: string
  originalTopic: string
  reason: string
  error: { message: string }
  redriven: boolean
}

describeOnBrokers('spool dlq', (target) => {
  const b = () => ['--brokers', target.bootstrap!]

  it('lists dead letters and redrives one, then all, then nothing', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const topic = await cluster.topic('cli-dlq')
    const dlq = `${topic}.dlq`
    await cluster.admin.createTopic({ name: dlq, partitions: 1 })
    const group = uniqueName('cli-dlq')
    cluster.bus.subscribe(
      topic,
      () => {
        throw new NonRetryableError('boom: cannot handle this')
      },
      { group },
    )
    await cluster.bus.start()
    await cluster.bus.sendMessages([0, 1, 2].map((i) => ({ topic, key: `k${i}`, value: `v${i}` })))
    await eventually(async () =>
      (await cluster.admin.describeTopic(dlq)).messages === '3' ? true : undefined,
    )
    // Stopped, so redriven records are not dead-lettered again.
    await cluster.bus.consumer(group).stop()

    const { topics } = await spoolJson(['dlq', 'list', ...b()])
    assert.ok(topics.some((d: { topic: string }) => d.topic === dlq))
    assert.deepEqual(
      topics.find((d: { topic: string }) => d.topic === dlq),
      { topic: dlq, originalTopic: topic, messages: '3' },
    )

    const listed: { deadLetters: Entry[] } = await spoolJson(['dlq', 'list', dlq, ...b()])
    assert.equal(listed.deadLetters.length, 3)
    for (const e of listed.deadLetters) {
      assert.equal(e.originalTopic, topic)
      assert.equal(e.reason, 'non-retryable')
      assert.equal(e.error.message, 'boom: cannot handle this')
      assert.equal(e.redriven, false)
    }
    const human = await spool(['dlq', 'list', dlq, ...b()])
    assert.match(human.stdout, /^DEAD LETTER\s+TIME\s+FROM\s+GROUP\s+ATTEMPTS\s+REASON\s+REDRIVEN\s+ERROR$/m)
    assert.equal(human.stdout.match(/non-retryable\s+no\s+boom/g)?.length, 3)

    const second = listed.deadLetters.find((e) => e.key === 'k1')!
    const one = await spoolJson([
      'dlq',
      'redrive',
      dlq,
      '--offset',
      `${second.partition}:${second.offset}`,
      ...b(),
    ])
    assert.equal(one.redriven, 1)
    const back = await spool([
      'consume',
      topic,
      '--from-beginning',
      '--max-messages',
      '4',
      '--format',
      'json',
      ...b(),
    ])
    assert.equal(back.code, 0, back.stderr)
    const records = back.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
    assert.deepEqual(
      records.map((r) => `${r.key}=${r.value}`),
      ['k0=v0', 'k1=v1', 'k2=v2', 'k1=v1'],
    )
    assert.equal(records[3].headers['spool-redrive-count'], '1')
    const marked: { deadLetters: Entry[] } = await spoolJson(['dlq', 'list', dlq, ...b()])
    assert.deepEqual(
      marked.deadLetters.map((e) => [e.key, e.redriven]),
      [
        ['k0', false],
        ['k1', true],
        ['k2', false],
      ],
    )

    // All: the two still pending (k1 went back already).
    const all = await spool(['dlq', 'redrive', dlq, ...b()])
    assert.equal(all.code, 0, all.stderr)
    assert.match(all.stdout, new RegExp(`redrove 2 dead letter\\(s\\) from ${dlq.replaceAll('.', '\\.')}`))
    const pending = await spoolJson(['dlq', 'list', dlq, '--pending', ...b()])
    assert.deepEqual(pending.deadLetters, [])
    const none = await spool(['dlq', 'redrive', dlq, ...b()])
    assert.equal(none.code, 0, none.stderr)
    assert.match(none.stdout, /nothing to redrive/)
    assert.equal((await cluster.admin.describeTopic(topic)).messages, '6')
  })

  it('exits 3 for a missing dead letter or topic and 2 for a topic that is not a .dlq', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const topic = await cluster.topic('cli-dlq-errors')
    const dlq = `${topic}.dlq`
    await cluster.admin.createTopic({ name: dlq, partitions: 1 })
    await cluster.bus.sendMessage({
      topic: dlq,
      key: 'k',
      value: 'v',
      headers: { 'spool-original-topic': topic },
    })
    const results = await Promise.all([
      spool(['dlq', 'redrive', dlq, '--offset', '0:99', ...b()]),
      spool(['dlq', 'list', uniqueName('cli-dlq-none').concat('.dlq'), ...b()]),
      spool(['dlq', 'list', topic, ...b()]),
      spool(['dlq', 'redrive', dlq, '--offset', 'first', ...b()]),
    ])
    assert.deepEqual(
      results.map((r) => r.code),
      [3, 3, 2, 2],
      results.map((r) => r.stderr).join('\n'),
    )
    assert.match(results[0]!.stderr, /no dead letter at 0:99/)
    assert.match(results[2]!.stderr, /not a dead-letter topic/)
    assert.equal((await cluster.admin.describeTopic(topic)).messages, '0', 'nothing was redriven')
  })
})
