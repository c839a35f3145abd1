import assert from 'node:assert/strict'
import { it } from 'node:test'
import { Admin, InvalidArgumentError } from '@spool/bus'
import { bootstrapList, describeOnBrokers, uniqueName } from '@spool/testing'
import { makeBus } from './helpers.ts'

describeOnBrokers('bus: raw records to an explicit partition', (target) => {
  it('lands on exactly that partition; a partition the topic lacks is refused before anything is sent', async (t) => {
    const admin = new Admin({ brokers: bootstrapList(target.bootstrap!), clientId: uniqueName('admin') })
    t.after(() => admin.close())
    const bus = makeBus(t, target, [])
    const topic = uniqueName('raw-partition')
    await admin.createTopic({ name: topic, partitions: 2 })

    const receipts = await bus.sendMessages([
      { topic, key: 'a', value: 'one', partition: 1 },
      { topic, key: 'a', value: 'two', partition: 0 },
      { topic, key: 'a', value: 'three', partition: 1 },
    ])
    assert.deepEqual(
      receipts.map((r) => [r.partition, r.offset]),
      [
        [1, 0n],
        [0, 0n],
        [1, 1n],
      ],
    )
    const page = await admin.browse(topic, { partition: 1, from: 'earliest' })
    assert.deepEqual(
      page.messages.map((m) => m.value),
      ['one', 'three'],
    )

    await assert.rejects(
      bus.sendMessage({ topic, value: 'x', partition: 2 }),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        /records\[0\]\.partition 2 does not exist: .* partitions 0 to 1/.test(e.message),
    )
    await assert.rejects(
      bus.sendMessages([
        { topic, value: 'ok', partition: 0 },
        { topic, value: 'x', partition: 7 },
      ]),
      (e: unknown) => e instanceof InvalidArgumentError && /records\[1\]\.partition 7/.test(e.message),
    )
    for (const partition of [-1, 1.5, Number.NaN]) {
      await assert.rejects(
        bus.sendMessage({ topic, value: 'x', partition }),
        (e: unknown) =>
          e instanceof InvalidArgumentError &&
          /records\[0\]\.partition must be a non-negative integer/.test(e.message),
      )
    }
    const described = await admin.describeTopic(topic)
    assert.deepEqual(
      described.partitionDetails.map((p) => p.latest),
      ['1', '2'],
      'the refused batches sent nothing',
    )
  })
})
