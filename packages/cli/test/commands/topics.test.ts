import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { eventually, spool, spoolJson } from '../helpers/spool.ts'

describeOnBrokers('spool topics', (target) => {
  const b = () => ['--brokers', target.bootstrap!]

  it('creates, lists, describes and deletes a topic', async () => {
    const topic = uniqueName('cli-topics')
    const created = await spoolJson([
      'topics',
      'create',
      topic,
      '--partitions',
      '2',
      '--config',
      'retention.ms=3600000',
      ...b(),
    ])
    assert.equal(created.name, topic)
    assert.equal(created.partitions, 2)

    const { topics } = await spoolJson(['topics', 'list', ...b()])
    assert.ok(
      topics.some((t: { name: string; partitions: number }) => t.name === topic && t.partitions === 2),
    )

    const human = await spool(['topics', 'list', ...b()])
    assert.equal(human.code, 0)
    assert.match(human.stdout, /^TOPIC\s+PARTITIONS\s+RF\s+MESSAGES\s+SIZE$/m)
    assert.match(human.stdout, new RegExp(`^${topic}\\s+2\\s+1\\s+0\\s`, 'm'))

    const described = await spoolJson(['topics', 'describe', topic, ...b()])
    assert.deepEqual(
      described.partitionDetails.map((p: { partition: number }) => p.partition),
      [0, 1],
    )
    // The embedded broker answers DescribeConfigs for an empty key list with no configs (Kafka
    // answers with all of them), so the topic's own config is checked on real Kafka only.
    if (target.name !== 'embedded') {
      const retention = described.configs.find((c: { name: string }) => c.name === 'retention.ms')
      assert.equal(retention?.value, '3600000')
      const text = await spool(['topics', 'describe', topic, ...b()])
      assert.match(text.stdout, /retention\.ms\s+3600000\s+topic/)
    }

    const deleted = await spool(['topics', 'delete', topic, ...b()])
    assert.equal(deleted.code, 0, deleted.stderr)
    assert.match(deleted.stdout, new RegExp(`deleted topic ${topic}`))
    // Kafka deletes asynchronously: the topic disappears shortly after.
    await eventually(async () =>
      (await spool(['topics', 'describe', topic, ...b()])).code === 3 ? true : undefined,
    )
  })

  it('exits 4 when the topic exists and 3 when it does not', async () => {
    const topic = uniqueName('cli-topics-exists')
    assert.equal((await spool(['topics', 'create', topic, '--partitions', '1', ...b()])).code, 0)
    const again = await spool(['topics', 'create', topic, ...b()])
    assert.equal(again.code, 4)
    assert.match(again.stderr, /already exists/)

    const missing = uniqueName('cli-topics-missing')
    const described = await spool(['topics', 'describe', missing, ...b()])
    assert.equal(described.code, 3)
    assert.match(described.stderr, new RegExp(`topic "${missing}" does not exist`))
    const deleted = await spool(['topics', 'delete', missing, '--json', ...b()])
    assert.equal(deleted.code, 3)
    assert.deepEqual(JSON.parse(deleted.stderr).error, {
      code: 'SPOOL_ERR_NOT_FOUND',
      message: `topic "${missing}" does not exist`,
      exitCode: 3,
    })
  })

  it('exits 2 for an invalid topic name or value', async () => {
    const bad = await spool(['topics', 'create', 'no spaces allowed', ...b()])
    assert.equal(bad.code, 2)
    const partitions = await spool(['topics', 'create', uniqueName('x'), '--partitions', '0', ...b()])
    assert.equal(partitions.code, 2)
    assert.match(partitions.stderr, /--partitions must be a positive integer/)
    const config = await spool(['topics', 'create', uniqueName('x'), '--config', 'novalue', ...b()])
    assert.equal(config.code, 2)
    assert.match(config.stderr, /--config takes key=value/)
  })
})
