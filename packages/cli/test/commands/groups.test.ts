import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { connect } from '../helpers/cluster.ts'
import { spool, spoolJson, start } from '../helpers/spool.ts'

const lines = (text: string): string[] => text.split('\n').filter(Boolean)

describeOnBrokers('spool groups', (target) => {
  const b = () => ['--brokers', target.bootstrap!]

  it('lists and describes a group with its lag, resets it (dry run, then --execute), and consume reads again', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const topic = await cluster.topic('cli-groups', ['a', 'b', 'c', 'd'])
    const group = uniqueName('cli-groups')
    const first = await spool([
      'consume',
      topic,
      '--group',
      group,
      '--from-beginning',
      '--max-messages',
      '3',
      ...b(),
    ])
    assert.equal(first.code, 0, first.stderr)

    const { groups } = await spoolJson(['groups', 'list', ...b()])
    assert.ok(groups.some((g: { id: string; state: string }) => g.id === group && g.state === 'Empty'))

    const text = await spool(['groups', 'describe', group, ...b()])
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, new RegExp(`Group: ${group}\\s+state: Empty`))
    assert.match(text.stdout, /total lag: 1/)
    assert.match(text.stdout, new RegExp(`^${topic}\\s+0\\s+3\\s+4\\s+1\\s+-$`, 'm'))

    const dryRun = await spool([
      'groups',
      'reset',
      group,
      '--topic',
      topic,
      '--to-earliest',
      '--json',
      ...b(),
    ])
    assert.equal(dryRun.code, 0, dryRun.stderr)
    assert.deepEqual(JSON.parse(dryRun.stdout), {
      group,
      topic,
      partitions: [{ partition: 0, previous: '3', offset: '0' }],
      executed: false,
    })
    assert.match(dryRun.stderr, /dry run: nothing changed/)
    const unchanged = await cluster.admin.describeGroup(group)
    assert.equal(unchanged.offsets[0]?.committed, '3')

    const executed = await spool([
      'groups',
      'reset',
      group,
      '--topic',
      topic,
      '--to-offset',
      '1',
      '--execute',
      ...b(),
    ])
    assert.equal(executed.code, 0, executed.stderr)
    assert.match(executed.stdout, new RegExp(`^${group}\\s+${topic}\\s+0\\s+3\\s+1$`, 'm'))
    assert.equal((await cluster.admin.describeGroup(group)).offsets[0]?.committed, '1')

    const again = await spool(['consume', topic, '--group', group, '--max-messages', '3', ...b()])
    assert.equal(again.code, 0, again.stderr)
    assert.deepEqual(lines(again.stdout), ['b', 'c', 'd'])
  })

  it('resets to a time, showing the offset of the first record at or after it', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const topic = await cluster.topic('cli-groups-time', ['old'])
    await new Promise((r) => setTimeout(r, 50))
    const between = new Date().toISOString()
    await new Promise((r) => setTimeout(r, 50))
    await cluster.bus.sendMessage({ topic, value: 'new' })
    const group = uniqueName('cli-groups-time')
    assert.equal(
      (await spool(['consume', topic, '--group', group, '--from-beginning', '--max-messages', '2', ...b()]))
        .code,
      0,
    )
    const plan = await spoolJson([
      'groups',
      'reset',
      group,
      '--topic',
      topic,
      '--to-datetime',
      between,
      ...b(),
    ])
    assert.deepEqual(plan.partitions, [{ partition: 0, previous: '2', offset: '1' }])
    const applied = await spoolJson([
      'groups',
      'reset',
      group,
      '--topic',
      topic,
      '--to-datetime',
      between,
      '--execute',
      ...b(),
    ])
    assert.deepEqual(applied.partitions, [{ partition: 0, previous: '2', offset: '1' }])
    assert.equal(applied.executed, true)
  })

  it('exits 4 while the group has members, 3 for unknown groups or topics, 2 for bad targets', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const topic = await cluster.topic('cli-groups-active', ['a', 'b'])
    const group = uniqueName('cli-groups-active')
    const member = start(['consume', topic, '--group', group, '--from-beginning', ...b()])
    t.after(() => member.stop('SIGKILL'))
    await member.waitFor(/^b$/m)

    const described = await spoolJson(['groups', 'describe', group, ...b()])
    assert.equal(described.state, 'Stable')
    assert.equal(described.members.length, 1)
    assert.deepEqual(described.members[0].assignment, [{ topic, partitions: [0] }])
    assert.equal(described.offsets[0].memberId, described.members[0].memberId)

    const [busy, busyDryRun] = await Promise.all([
      spool(['groups', 'reset', group, '--topic', topic, '--to-earliest', '--execute', ...b()]),
      spool(['groups', 'reset', group, '--topic', topic, '--to-earliest', ...b()]),
    ])
    assert.equal(busy.code, 4, busy.stderr)
    assert.match(busy.stderr, /not Empty: stop its consumers/)
    assert.equal(busyDryRun.code, 4, busyDryRun.stderr)
    assert.equal(await member.stop('SIGINT'), 0)

    const results = await Promise.all([
      spool(['groups', 'describe', uniqueName('cli-groups-none'), ...b()]),
      spool(['groups', 'reset', uniqueName('cli-groups-none'), '--topic', topic, '--to-latest', ...b()]),
      spool(['groups', 'reset', group, '--topic', uniqueName('cli-groups-no-topic'), '--to-latest', ...b()]),
      spool(['groups', 'reset', group, '--topic', topic, ...b()]),
      spool(['groups', 'reset', group, '--topic', topic, '--to-offset', '99', ...b()]),
      spool(['groups', 'reset', group, '--topic', topic, '--to-datetime', 'yesterday', ...b()]),
      spool(['groups', 'reset', group, '--to-earliest', ...b()]),
    ])
    assert.deepEqual(
      results.map((r) => r.code),
      [3, 3, 3, 2, 2, 2, 2],
      results.map((r) => r.stderr).join('\n'),
    )
    assert.match(results[4]!.stderr, /offset 99 is outside/)
    assert.match(results[6]!.stderr, /required option '--topic <topic>'/)
  })
})
