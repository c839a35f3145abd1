import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { Faults } from '../../src/server/faults.ts'
import { broker, createTopic, fetchRecords, produce, wire } from '../helpers/wire.ts'

describe('Faults', () => {
  it('counts down failures and keeps delays until cleared', () => {
    const f = new Faults().fail(3, 7, { times: 2 }).delay(3, 10)
    assert.deepEqual(f.take(3), { delayMs: 10, errorCode: 7 })
    assert.deepEqual(f.take(3), { delayMs: 10, errorCode: 7 })
    assert.deepEqual(f.take(3), { delayMs: 10, errorCode: undefined })
    f.clear(3)
    assert.deepEqual(f.take(3), { delayMs: 0, errorCode: undefined })
    assert.throws(() => f.delay(1, -1), { code: 'SPOOL_ERR_INVALID_ARGUMENT' })
  })

  it('fails Produce per partition without writing, then recovers', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'ff')
    b.broker.faults.fail(ApiKeys.PRODUCE, ErrorCodes.NOT_LEADER_OR_FOLLOWER, { times: 1 })
    assert.equal((await produce(c, 'ff', 0, ['lost'])).errorCode, ErrorCodes.NOT_LEADER_OR_FOLLOWER)
    assert.equal((await produce(c, 'ff', 0, ['kept'])).errorCode, 0)
    assert.deepEqual(
      (await fetchRecords(c, 'ff', 0, 0n)).records.map((r) => r.value),
      ['kept'],
    )
  })

  it('fails Fetch per partition and Metadata per topic; delays an API', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'fm')
    b.broker.faults.fail(ApiKeys.FETCH, ErrorCodes.KAFKA_STORAGE_ERROR, { times: 1 })
    assert.equal((await fetchRecords(c, 'fm', 0, 0n)).partition.errorCode, ErrorCodes.KAFKA_STORAGE_ERROR)
    b.broker.faults.fail(ApiKeys.METADATA, ErrorCodes.LEADER_NOT_AVAILABLE, { times: 1 })
    const md = await c.request(ApiKeys.METADATA, 12, {
      topics: [{ name: 'fm', topicId: '00000000-0000-0000-0000-000000000000' }],
    })
    assert.equal(md.topics[0]!.errorCode, ErrorCodes.LEADER_NOT_AVAILABLE)
    b.broker.faults.delay(ApiKeys.API_VERSIONS, 200)
    const started = Date.now()
    await c.request(ApiKeys.API_VERSIONS, 3, { clientSoftwareName: 'x', clientSoftwareVersion: '1' })
    assert.ok(Date.now() - started >= 190)
    b.broker.faults.clear()
  })
})
