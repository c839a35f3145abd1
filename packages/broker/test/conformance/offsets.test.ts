/**
 * Conformance: committed offsets and kafka-consumer-groups. With each client against each broker a
 * group consumes a topic and commits; the committed offsets read back through the client's own API,
 * the wire (OffsetFetch) and `kafka-consumer-groups --describe` (with its lag); a reset
 * `--to-earliest --execute` is honoured by the client's next read. Once per broker: `--to-offset`,
 * `--to-datetime`, `--shift-by` and `--to-latest`, with the lag they leave.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { clients } from './clients/index.ts'
import { javaSkip } from './support/java.ts'
import { describeGroup, resetOffsets } from './support/java-groups.ts'
import { committedWire, createTopicWire, produceWire } from './support/neutral.ts'
import { until } from './support/wait.ts'

const minute = 60_000n

/** Produces `count` records to each of partitions 0 and 1, a minute apart from `t0`. */
async function fill(bootstrap: string, topic: string, t0: bigint, count: number, from = 0) {
  for (const partition of [0, 1])
    await produceWire(
      bootstrap,
      topic,
      partition,
      Array.from({ length: count }, (_, i) => ({
        key: `p${partition}`,
        value: `p${partition}-${from + i}`,
        timestamp: t0 + BigInt(from + i) * minute,
      })),
    )
}

const lagOf = async (bootstrap: string, group: string) =>
  (await describeGroup({ bootstrap }, group))
    .sort((a, b) => a.partition - b.partition)
    .map((r) => [r.partition, r.currentOffset, r.logEndOffset, r.lag])

describeOnBrokers('conformance: offsets and kafka-consumer-groups', (target) => {
  for (const client of clients) {
    it(`${client.name}: commits, reads committed offsets back, shows lag, honours a reset to earliest`, {
      skip: client.skip ?? javaSkip,
    }, async () => {
      const conn = { bootstrap: target.bootstrap! }
      const topic = uniqueName(`offs-${client.name}`)
      const group = uniqueName(`g-offs-${client.name}`)
      await createTopicWire(conn.bootstrap, topic, 2)
      const t0 = BigInt(Date.now()) - 60n * minute
      await fill(conn.bootstrap, topic, t0, 10)

      const first = await client.consume(conn, topic, 20, { group })
      assert.equal(new Set(first.map((r) => r.value)).size, 20)
      const ten = new Map([
        [0, 10n],
        [1, 10n],
      ])
      await until('commits at 10/10', async () => {
        const c = await committedWire(conn.bootstrap, group, topic, 2)
        return c.get(0) === 10n && c.get(1) === 10n
      })
      if (client.committed) assert.deepEqual(await client.committed(conn, group, topic), ten)
      assert.deepEqual(await lagOf(conn.bootstrap, group), [
        [0, 10n, 10n, 0n],
        [1, 10n, 10n, 0n],
      ])

      await fill(conn.bootstrap, topic, t0, 5, 10)
      assert.deepEqual(await lagOf(conn.bootstrap, group), [
        [0, 10n, 15n, 5n],
        [1, 10n, 15n, 5n],
      ])
      assert.deepEqual(
        await resetOffsets(conn, group, topic, ['--to-earliest']),
        new Map([
          [0, 0n],
          [1, 0n],
        ]),
      )
      assert.deepEqual(
        await committedWire(conn.bootstrap, group, topic, 2),
        new Map([
          [0, 0n],
          [1, 0n],
        ]),
      )
      const again = await client.consume(conn, topic, 30, { group })
      assert.equal(new Set(again.map((r) => r.value)).size, 30, 'read everything again after the reset')
      assert.ok(again.some((r) => r.offset === 0n))
      await until('commits at 15/15', async () => {
        const c = await committedWire(conn.bootstrap, group, topic, 2)
        return c.get(0) === 15n && c.get(1) === 15n
      })
    })
  }

  it('kafka-consumer-groups: --to-offset, --to-datetime, --shift-by, --to-latest, with lag', {
    skip: javaSkip,
  }, async () => {
    const conn = { bootstrap: target.bootstrap! }
    const topic = uniqueName('offs-reset')
    const group = uniqueName('g-offs-reset')
    await createTopicWire(conn.bootstrap, topic, 2)
    const t0 = (BigInt(Date.now()) / 1000n) * 1000n - 60n * minute
    await fill(conn.bootstrap, topic, t0, 10)
    const both = (a: bigint, b = a) =>
      new Map([
        [0, a],
        [1, b],
      ])

    assert.deepEqual(await resetOffsets(conn, group, topic, ['--to-offset', '3']), both(3n))
    assert.deepEqual(await committedWire(conn.bootstrap, group, topic, 2), both(3n))
    assert.deepEqual(await lagOf(conn.bootstrap, group), [
      [0, 3n, 10n, 7n],
      [1, 3n, 10n, 7n],
    ])
    // Records are a minute apart from t0: 4.5 minutes in, the first record at or after is offset 5.
    const at = new Date(Number(t0 + (9n * minute) / 2n)).toISOString().replace('Z', '+00:00')
    assert.deepEqual(await resetOffsets(conn, group, topic, ['--to-datetime', at]), both(5n))
    assert.deepEqual(await committedWire(conn.bootstrap, group, topic, 2), both(5n))
    assert.deepEqual(await resetOffsets(conn, group, topic, ['--shift-by', '-2']), both(3n))
    assert.deepEqual(await resetOffsets(conn, group, topic, ['--to-latest']), both(10n))
    assert.deepEqual(await lagOf(conn.bootstrap, group), [
      [0, 10n, 10n, 0n],
      [1, 10n, 10n, 0n],
    ])
  })
})
