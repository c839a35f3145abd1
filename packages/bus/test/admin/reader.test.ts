import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Admin } from '@spool/bus'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { makeBus } from '../integration/helpers.ts'

describeOnBrokers('reading a topic outside any group (browse, dead letters)', (target) => {
  it('reads every record of large compressed batches in order and leaves no consumer group behind', async (t) => {
    const admin = new Admin({ brokers: bootstrapList(target.bootstrap!), clientId: uniqueName('admin') })
    t.after(() => admin.close())
    const bus = makeBus(t, target, [], { compression: 'gzip' })
    const topic = uniqueName('reader')
    await admin.createTopic({ name: topic, partitions: 2 })
    // 2 × 3 MB per partition: more than one fetch response's worth, in several compressed batches.
    const filler = 'x'.repeat(30_000)
    for (let round = 0; round < 6; round++) {
      await bus.sendMessages(
        Array.from({ length: 100 }, (_, i) => ({
          topic,
          partition: i % 2,
          key: `r${round}-${i}`,
          value: `${round * 100 + i} ${filler}${Math.random()}`,
        })),
      )
    }
    const groupsBefore = new Set((await admin.listGroups({ includeInternal: true })).map((g) => g.id))
    for (const partition of [0, 1]) {
      const page = await admin.browse(topic, { partition, from: 'earliest', limit: 500 })
      assert.equal(page.messages.length, 300, `partition ${partition}`)
      assert.deepEqual(
        page.messages.map((m) => Number(m.offset)),
        Array.from({ length: 300 }, (_, i) => i),
      )
      assert.deepEqual(
        page.messages.map((m) => Number.parseInt(m.value!, 10) % 2),
        Array.from({ length: 300 }, () => partition),
      )
    }
    const tail = await admin.browse(topic, { partition: 1, limit: 2 })
    assert.deepEqual(
      tail.messages.map((m) => m.offset),
      ['298', '299'],
    )
    // Other suites share this Kafka and create groups meanwhile: a group of ours would name the topic.
    const newGroups = (await admin.listGroups({ includeInternal: true }))
      .map((g) => g.id)
      .filter((g) => !groupsBefore.has(g))
    const readingTopic: string[] = []
    for (const group of newGroups) {
      const described = await admin.describeGroup(group).catch(() => undefined)
      if (
        described &&
        JSON.stringify(described, (_, v) => (typeof v === 'bigint' ? `${v}` : v)).includes(topic)
      )
        readingTopic.push(group)
    }
    assert.deepEqual(readingTopic, [], 'a read joins no group')
  })
})
