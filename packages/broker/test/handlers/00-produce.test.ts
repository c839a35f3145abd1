import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes, encodeBatch } from '@spool/protocol'
import { broker, createTopic, fetchRecords, produce, wire } from '../helpers/wire.ts'

const batchOf = (values: string[], extra: Record<string, unknown> = {}) =>
  encodeBatch({
    records: values.map((v) => ({ key: null, value: Buffer.from(v), headers: [], timestamp: 1n })),
    ...extra,
  })

describe('Produce', () => {
  it('appends with acks=1 and acks=-1 and assigns consecutive offsets', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'p')
    const first = await produce(c, 'p', 0, ['a', 'b', 'c'], { acks: 1 })
    assert.equal(first.errorCode, 0)
    assert.equal(first.baseOffset, 0n)
    const second = await produce(c, 'p', 0, ['d'], { acks: -1 })
    assert.equal(second.baseOffset, 3n)
    assert.equal(second.logAppendTimeMs, -1n)
    const { records } = await fetchRecords(c, 'p', 0, 0n)
    assert.deepEqual(
      records.map((r) => r.value),
      ['a', 'b', 'c', 'd'],
    )
  })

  it('sends no response for acks=0 (the next request is answered first)', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'p0')
    c.write(
      c.encode(
        ApiKeys.PRODUCE,
        9,
        {
          acks: 0,
          timeoutMs: 1000,
          topicData: [{ name: 'p0', partitionData: [{ index: 0, records: batchOf(['x']) }] }],
        },
        50,
      ),
    )
    const md = await c.request(ApiKeys.METADATA, 12, { topics: null })
    assert.equal(md.topics.length, 1)
    assert.equal((await fetchRecords(c, 'p0', 0, 0n)).records.length, 1)
  })

  it('closes the connection when an acks=0 produce fails', async (t) => {
    const b = await broker(t, { autoCreateTopics: false })
    const c = await wire(t, b)
    c.write(
      c.encode(ApiKeys.PRODUCE, 9, {
        acks: 0,
        timeoutMs: 1000,
        topicData: [{ name: 'missing', partitionData: [{ index: 0, records: batchOf(['x']) }] }],
      }),
    )
    assert.equal(await c.waitClosed(), true)
  })

  it('refuses a batch with a bad CRC with CORRUPT_MESSAGE and stores nothing', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'crc')
    const batch = batchOf(['hello'])
    batch[batch.length - 1]! ^= 0xff
    const res = await c.request(ApiKeys.PRODUCE, 9, {
      acks: 1,
      timeoutMs: 1000,
      topicData: [{ name: 'crc', partitionData: [{ index: 0, records: batch }] }],
    })
    assert.equal(res.responses[0]!.partitionResponses[0]!.errorCode, ErrorCodes.CORRUPT_MESSAGE)
    assert.equal((await fetchRecords(c, 'crc', 0, 0n)).partition.highWatermark, 0n)
  })

  it('refuses a truncated batch and two batches in one partition (Kafka allows exactly one)', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'shape')
    const one = batchOf(['a'])
    const send = (records: Buffer) =>
      c.request(ApiKeys.PRODUCE, 9, {
        acks: 1,
        timeoutMs: 1000,
        topicData: [{ name: 'shape', partitionData: [{ index: 0, records }] }],
      })
    assert.equal(
      (await send(one.subarray(0, one.length - 3))).responses[0]!.partitionResponses[0]!.errorCode,
      ErrorCodes.CORRUPT_MESSAGE,
    )
    assert.equal(
      (await send(Buffer.concat([one, batchOf(['b'])]))).responses[0]!.partitionResponses[0]!.errorCode,
      ErrorCodes.INVALID_RECORD,
    )
  })

  it('enforces max.message.bytes with MESSAGE_TOO_LARGE (topic config and broker default)', async (t) => {
    const b = await broker(t, { maxMessageBytes: 2000 })
    const c = await wire(t, b)
    await createTopic(c, 'small', 1, { 'max.message.bytes': '500' })
    await createTopic(c, 'dflt')
    const big = 'x'.repeat(1000)
    assert.equal((await produce(c, 'small', 0, [big])).errorCode, ErrorCodes.MESSAGE_TOO_LARGE)
    assert.equal((await produce(c, 'dflt', 0, [big])).errorCode, ErrorCodes.NONE)
    assert.equal((await produce(c, 'dflt', 0, [big + big + big])).errorCode, ErrorCodes.MESSAGE_TOO_LARGE)
  })

  it('auto-creates an unknown topic, or answers UNKNOWN_TOPIC_OR_PARTITION when that is off', async (t) => {
    const on = await broker(t, { defaultPartitions: 2 })
    const c1 = await wire(t, on)
    assert.equal((await produce(c1, 'fresh', 1, ['a'])).errorCode, 0)
    assert.equal(on.broker.topics.get('fresh')?.partitions.length, 2)
    const off = await broker(t, { autoCreateTopics: false })
    const c2 = await wire(t, off)
    assert.equal((await produce(c2, 'fresh', 0, ['a'])).errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    await createTopic(c2, 'one')
    assert.equal((await produce(c2, 'one', 5, ['a'])).errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
  })

  it('addresses topics by id from v13, UNKNOWN_TOPIC_ID for an unknown id', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const id = await createTopic(c, 'by-id')
    const send = (topicId: string) =>
      c.request(ApiKeys.PRODUCE, 13, {
        acks: 1,
        timeoutMs: 1000,
        topicData: [{ topicId, partitionData: [{ index: 0, records: batchOf(['z']) }] }],
      })
    const ok = await send(id)
    assert.equal(ok.responses[0]!.topicId, id)
    assert.equal(ok.responses[0]!.partitionResponses[0]!.errorCode, 0)
    const bad = await send('6f2b5a8e-0000-4000-8000-000000000001')
    assert.equal(bad.responses[0]!.partitionResponses[0]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_ID)
  })

  it('stamps LogAppendTime topics with the broker time', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'lat', 1, { 'message.timestamp.type': 'LogAppendTime' })
    const before = BigInt(Date.now())
    const res = await produce(c, 'lat', 0, ['a'])
    assert.ok(res.logAppendTimeMs! >= before, `${res.logAppendTimeMs} >= ${before}`)
  })

  it('refuses transactional produce and acks=all with min.insync.replicas above 1', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'tx')
    await createTopic(c, 'isr', 1, { 'min.insync.replicas': '2' })
    const tx = await c.request(ApiKeys.PRODUCE, 9, {
      transactionalId: 'tid',
      acks: -1,
      timeoutMs: 1000,
      topicData: [{ name: 'tx', partitionData: [{ index: 0, records: batchOf(['a']) }] }],
    })
    assert.equal(
      tx.responses[0]!.partitionResponses[0]!.errorCode,
      ErrorCodes.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
    )
    assert.equal((await produce(c, 'isr', 0, ['a'], { acks: -1 })).errorCode, ErrorCodes.NOT_ENOUGH_REPLICAS)
    assert.equal((await produce(c, 'isr', 0, ['a'], { acks: 1 })).errorCode, ErrorCodes.NONE)
  })

  it('refuses timestamps too far in the future (after.max.ms, 1 h by default) or past before.max.ms', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'ts')
    await createTopic(c, 'ts-recent', 1, { 'message.timestamp.before.max.ms': '60000' })
    const at = (timestamp: bigint) => ({
      batch: { records: [{ key: null, value: Buffer.from('v'), headers: [], timestamp }] },
    })
    const now = BigInt(Date.now())
    assert.equal(
      (await produce(c, 'ts', 0, ['v'], at(now + 7_200_000n))).errorCode,
      ErrorCodes.INVALID_TIMESTAMP,
    )
    assert.equal((await produce(c, 'ts', 0, ['v'], at(now + 60_000n))).errorCode, 0)
    assert.equal((await produce(c, 'ts', 0, ['v'], at(1n))).errorCode, 0, 'old records are fine by default')
    assert.equal(
      (await produce(c, 'ts-recent', 0, ['v'], at(now - 3_600_000n))).errorCode,
      ErrorCodes.INVALID_TIMESTAMP,
    )
  })

  it('answers INVALID_REQUIRED_ACKS for acks other than -1, 0, 1', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'acks')
    assert.equal(
      (await produce(c, 'acks', 0, ['a'], { acks: 2 })).errorCode,
      ErrorCodes.INVALID_REQUIRED_ACKS,
    )
  })
})

describe('Produce: idempotent producer', () => {
  const idem = (producerId: bigint, producerEpoch: number, baseSequence: number) => ({
    batch: { producerId, producerEpoch, baseSequence },
  })

  it('acknowledges a retried batch with its original offset and stores it once', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'idem')
    const init = await c.request(ApiKeys.INIT_PRODUCER_ID, 4, {
      transactionalId: null,
      transactionTimeoutMs: 60_000,
    })
    assert.equal(init.errorCode, 0)
    const pid = init.producerId
    await produce(c, 'idem', 0, ['other'])
    const first = await produce(c, 'idem', 0, ['a', 'b'], idem(pid, 0, 0))
    const again = await produce(c, 'idem', 0, ['a', 'b'], idem(pid, 0, 0))
    assert.equal(first.baseOffset, 1n)
    assert.equal(again.errorCode, 0)
    assert.equal(again.baseOffset, 1n)
    const next = await produce(c, 'idem', 0, ['c'], idem(pid, 0, 2))
    assert.equal(next.baseOffset, 3n)
    const { records } = await fetchRecords(c, 'idem', 0, 0n)
    assert.deepEqual(
      records.map((r) => r.value),
      ['other', 'a', 'b', 'c'],
    )
  })

  it('recognizes any of the last five batches as duplicates', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'five')
    for (let s = 0; s < 6; s++) await produce(c, 'five', 0, [`v${s}`], idem(7n, 0, s))
    assert.equal((await produce(c, 'five', 0, ['v1'], idem(7n, 0, 1))).baseOffset, 1n)
    // Six batches ago: no longer cached, and not the next sequence either.
    assert.equal(
      (await produce(c, 'five', 0, ['v0'], idem(7n, 0, 0))).errorCode,
      ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER,
    )
  })

  it('answers OUT_OF_ORDER_SEQUENCE_NUMBER for a gap and INVALID_PRODUCER_EPOCH for a fenced epoch', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'seq')
    assert.equal((await produce(c, 'seq', 0, ['a'], idem(9n, 1, 0))).errorCode, 0)
    assert.equal(
      (await produce(c, 'seq', 0, ['c'], idem(9n, 1, 2))).errorCode,
      ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER,
    )
    assert.equal(
      (await produce(c, 'seq', 0, ['old'], idem(9n, 0, 1))).errorCode,
      ErrorCodes.INVALID_PRODUCER_EPOCH,
    )
    // A new epoch must start at sequence 0.
    assert.equal(
      (await produce(c, 'seq', 0, ['n'], idem(9n, 2, 5))).errorCode,
      ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER,
    )
    assert.equal((await produce(c, 'seq', 0, ['n'], idem(9n, 2, 0))).errorCode, 0)
    assert.equal((await fetchRecords(c, 'seq', 0, 0n)).records.length, 2)
  })
})
