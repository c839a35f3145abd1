import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { connect } from '../helpers/cluster.ts'
import { spool, spoolJson } from '../helpers/spool.ts'

interface Record {
  partition: number
  offset: string
  key: string | null
  value: string | null
  headers: { [k: string]: string }
}

const jsonLines = (text: string): Record[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))

describeOnBrokers('spool produce', (target) => {
  const b = () => ['--brokers', target.bootstrap!]

  it('round-trips lines with keys and headers through consume', async (t) => {
    const topic = await connect(t, target.bootstrap!).topic('cli-produce', [], { partitions: 3 })
    const produced = await spool(
      ['produce', topic, '--key-separator', ':', '--header', 'source=cli', '--header', 'trace=a=b', ...b()],
      { input: 'u1:{"n":1}\nu2:{"n":2}\n\nu1:{"n":3}\n' },
    )
    assert.equal(produced.code, 0, produced.stderr)
    assert.match(produced.stdout, new RegExp(`produced 3 record\\(s\\) to ${topic}`))
    assert.doesNotMatch(produced.stderr, /\r/, 'no progress line without a terminal')

    const consumed = await spool([
      'consume',
      topic,
      '--from-beginning',
      '--max-messages',
      '3',
      '--format',
      'json',
      ...b(),
    ])
    assert.equal(consumed.code, 0, consumed.stderr)
    assert.match(consumed.stderr, /Processed 3 record\(s\)/)
    const records = jsonLines(consumed.stdout)
    assert.deepEqual(records.map((r) => `${r.key}=${r.value}`).sort(), [
      'u1={"n":1}',
      'u1={"n":3}',
      'u2={"n":2}',
    ])
    for (const r of records) assert.deepEqual(r.headers, { source: 'cli', trace: 'a=b' })
    // One key, one partition, in order.
    const u1 = records.filter((r) => r.key === 'u1')
    assert.equal(u1[0]!.partition, u1[1]!.partition)
    assert.ok(BigInt(u1[0]!.offset) < BigInt(u1[1]!.offset))
    assert.deepEqual(
      u1.map((r) => r.value),
      ['{"n":1}', '{"n":3}'],
    )
  })

  it('reads --file with a fixed --key, and reports counts as JSON', async (t) => {
    const topic = uniqueName('cli-produce-file')
    const dir = mkdtempSync(join(tmpdir(), 'spool-produce-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'lines.txt')
    writeFileSync(file, `${Array.from({ length: 2_500 }, (_, i) => `line-${i}`).join('\n')}\n`)
    const result = await spoolJson(['produce', topic, '--file', file, '--key', 'same', '--create', ...b()])
    assert.equal(result.topic, topic)
    assert.equal(result.records, 2_500)
    // One key: every record on one partition.
    assert.equal(Object.keys(result.partitions).length, 1)
    assert.equal(Object.values(result.partitions)[0], 2_500)
    const described = await connect(t, target.bootstrap!).admin.describeTopic(topic)
    assert.equal(described.messages, '2500')

    const raw = await spool(['consume', topic, '--from-beginning', '--max-messages', '2500', ...b()])
    assert.equal(raw.code, 0, raw.stderr)
    const values = raw.stdout.split('\n').filter(Boolean)
    assert.equal(values.length, 2_500)
    assert.equal(values[0], 'line-0')
    assert.equal(values.at(-1), 'line-2499')
  })

  it('exits 3 for an unknown topic and 2 for a line without the key separator', async (t) => {
    const cluster = connect(t, target.bootstrap!)
    const missing = uniqueName('cli-produce-missing')
    const unknown = await spool(['produce', missing, ...b()], { input: 'x\n' })
    assert.equal(unknown.code, 3)
    assert.match(unknown.stderr, /does not exist.*--create/)
    await assert.rejects(cluster.admin.describeTopic(missing), { code: 'SPOOL_ERR_NOT_FOUND' })

    const topic = await cluster.topic('cli-produce-sep')
    const bad = await spool(['produce', topic, '--key-separator', '|', ...b()], {
      input: 'k|v\nno separator\n',
    })
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /line 2 has no key separator "\|"/)
    const both = await spool(['produce', topic, '--key', 'k', '--key-separator', '|', ...b()], { input: '' })
    assert.equal(both.code, 2)
    const file = await spool(['produce', topic, '--file', '/nonexistent/lines.txt', ...b()])
    assert.equal(file.code, 2)
  })
})
