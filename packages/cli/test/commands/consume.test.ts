import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { connect } from '../helpers/cluster.ts'
import { spool, spoolJson, start } from '../helpers/spool.ts'

const lines = (text: string): string[] => text.split('\n').filter(Boolean)

describeOnBrokers('spool consume', (target) => {
  const b = () => ['--brokers', target.bootstrap!]

  it('starts at --offset on a --partition, and at --timestamp', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const topic = await cluster.topic('cli-consume', ['a', 'b', 'c', 'd', 'e'])
    const fromOffset = await spool([
      'consume',
      topic,
      '--partition',
      '0',
      '--offset',
      '3',
      '--max-messages',
      '2',
      ...b(),
    ])
    assert.equal(fromOffset.code, 0, fromOffset.stderr)
    assert.deepEqual(lines(fromOffset.stdout), ['d', 'e'])

    await new Promise((r) => setTimeout(r, 50))
    const between = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 50))
    await cluster.bus.sendMessages([
      { topic, value: 'f' },
      { topic, value: 'g' },
    ])
    const fromTime = await spool(['consume', topic, '--timestamp', between, '--timeout', '1000', ...b()])
    assert.equal(fromTime.code, 0, fromTime.stderr)
    assert.deepEqual(lines(fromTime.stdout), ['f', 'g'])
  })

  it('without a start flag prints only new records', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const topic = await cluster.topic('cli-consume', ['old-1', 'old-2'], { partitions: 2 })
    const reader = start(['consume', topic, '--max-messages', '2', '--format', 'json', ...b()])
    t.after(() => reader.stop('SIGKILL'))
    await reader.waitFor(/reading .* Ctrl-C to stop/)
    await cluster.bus.sendMessages([
      { topic, key: 'k', value: 'new-1' },
      { topic, key: 'k', value: 'new-2' },
    ])
    assert.equal(await reader.exited(), 0)
    const records = lines(reader.stdout()).map((l) => JSON.parse(l))
    assert.deepEqual(
      records.map((r) => r.value),
      ['new-1', 'new-2'],
    )
    assert.ok(records.every((r) => r.key === 'k' && r.topic === topic))
    assert.match(reader.stderr(), /Processed 2 record\(s\)/)
  })

  it('stops on SIGINT, joining no consumer group without --group', async (t) => {
    const topic = await connect(t, target.bootstrap!).topic('cli-consume', ['x'])
    const groupIds = async () =>
      new Set<string>((await spoolJson(['groups', 'list', ...b()])).groups.map((g: { id: string }) => g.id))
    const before = await groupIds()
    const reader = start(['consume', topic, '--from-beginning', ...b()])
    t.after(() => reader.stop('SIGKILL'))
    await reader.waitFor(/^x$/m)
    assert.equal(await reader.stop('SIGINT'), 0)
    assert.match(reader.stderr(), /Processed 1 record\(s\)/)
    // Suites running at the same time may add groups of their own: none may read this topic.
    for (const group of [...(await groupIds())].filter((g) => !before.has(g))) {
      const described = await spool(['groups', 'describe', group, '--json', ...b()])
      if (described.code !== 0) continue
      const offsets: Array<{ topic: string }> = JSON.parse(described.stdout).offsets
      assert.ok(!offsets.some((o) => o.topic === topic), `group ${group} has offsets on ${topic}`)
    }
  })

  it('with --group commits what it printed, and the next run continues from there', async (t) => {
    const topic = await connect(t, target.bootstrap!).topic('cli-consume', ['1', '2', '3', '4', '5'])
    const group = uniqueName('cli-consume-group')
    const first = await spool([
      'consume',
      topic,
      '--group',
      group,
      '--from-beginning',
      '--max-messages',
      '2',
      ...b(),
    ])
    assert.equal(first.code, 0, first.stderr)
    assert.deepEqual(lines(first.stdout), ['1', '2'])
    const described = await spoolJson(['groups', 'describe', group, ...b()])
    assert.deepEqual(
      described.offsets.map((o: { committed: string; lag: string }) => [o.committed, o.lag]),
      [['2', '3']],
    )
    const second = await spool(['consume', topic, '--group', group, '--timeout', '2000', ...b()])
    assert.equal(second.code, 0, second.stderr)
    assert.deepEqual(lines(second.stdout), ['3', '4', '5'])
  })

  it('exits 3 for an unknown topic and 2 for flags that do not go together', async (t) => {
    const missing = await spool(['consume', uniqueName('cli-consume-missing'), '--timeout', '100', ...b()])
    assert.equal(missing.code, 3)
    const topic = await connect(t, target.bootstrap!).topic('cli-consume')
    const results = await Promise.all([
      spool(['consume', topic, '--group', 'g', '--partition', '0', ...b()]),
      spool(['consume', topic, '--from-beginning', '--offset', '1', ...b()]),
      spool(['consume', topic, '--partition', '7', '--timeout', '100', ...b()]),
      spool(['consume', topic, '--format', 'xml', ...b()]),
      spool(['consume', topic, '--max-messages', '-1', ...b()]),
    ])
    assert.deepEqual(
      results.map((r) => r.code),
      [2, 2, 2, 2, 2],
      results.map((r) => r.stderr).join('\n'),
    )
    assert.match(results[0]!.stderr, /--partition cannot be used with --group/)
    assert.match(results[2]!.stderr, /partition 7 does not exist/)
  })
})
