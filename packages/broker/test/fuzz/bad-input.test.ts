/**
 * Bad input, the same bytes against the embedded broker and real Kafka: malformed frames, unknown
 * API keys and versions, removed Produce versions, oversized and negative size prefixes, truncated
 * requests and a record batch with a bad CRC. Each must get an error response or a closed
 * connection — the same one from both brokers — while another connection keeps being served and
 * the records already stored stay intact.
 */
import assert from 'node:assert/strict'
import { it } from 'node:test'
import { ApiKeys, ErrorCodes, encodeBatch, encodeRequest } from '@spool/protocol'
import { describeOnBrokers, uniqueName } from '@spool/testing'
import { createTopicWire, produceWire, readTopic, wireTo } from '../conformance/support/neutral.ts'

const sized = (body: Buffer): Buffer => {
  const b = Buffer.alloc(4 + body.length)
  b.writeInt32BE(body.length, 0)
  body.copy(b, 4)
  return b
}

const metadataV9 = (correlationId: number) =>
  encodeRequest(
    { apiKey: ApiKeys.METADATA, apiVersion: 9, correlationId, clientId: 'bad' },
    { topics: [], allowAutoTopicCreation: false },
  )

/** Header bytes (api key, version, correlation id, client id) followed by `rest`. */
const header = (apiKey: number, version: number, rest: Buffer = Buffer.alloc(0)): Buffer => {
  const h = Buffer.alloc(10)
  h.writeInt16BE(apiKey, 0)
  h.writeInt16BE(version, 2)
  h.writeInt32BE(77, 4)
  h.writeInt16BE(-1, 8) // null client id
  return sized(Buffer.concat([h, rest]))
}

describeOnBrokers('bad input', (target) => {
  const cases: Array<{ name: string; bytes: () => Buffer }> = [
    {
      name: 'random bytes in a well-sized frame',
      bytes: () => sized(Buffer.from('this is not a kafka request at all')),
    },
    { name: 'an unknown API key', bytes: () => header(1000, 0, Buffer.alloc(16)) },
    {
      name: 'an unsupported Metadata version (v99)',
      bytes: () => header(ApiKeys.METADATA, 99, Buffer.alloc(16)),
    },
    { name: 'a negative version', bytes: () => header(ApiKeys.METADATA, -1) },
    { name: 'a truncated Metadata v9 request', bytes: () => sized(metadataV9(5).subarray(4, 14)) },
    {
      name: 'an array length past the end of the frame',
      bytes: () => header(ApiKeys.METADATA, 1, Buffer.from([0x7f, 0xff, 0xff, 0xff])),
    },
    {
      name: 'a size prefix over socket.request.max.bytes (200 MiB)',
      bytes: () => Buffer.from([0x0c, 0x80, 0, 0]),
    },
    { name: 'a negative size prefix', bytes: () => Buffer.from([0xff, 0xff, 0xff, 0xfe]) },
  ]

  for (const c of cases) {
    it(`${c.name}: the connection is closed, others are served, data intact`, async () => {
      const bootstrap = target.bootstrap!
      const topic = uniqueName('bad')
      await createTopicWire(bootstrap, topic, 1)
      await produceWire(bootstrap, topic, 0, [{ value: 'kept', timestamp: BigInt(Date.now()) }])
      const other = await wireTo(bootstrap)
      const victim = await wireTo(bootstrap)
      try {
        victim.write(c.bytes())
        assert.equal(await victim.frame(10_000), undefined, 'no response; the connection closes')
        const md = await other.request(ApiKeys.METADATA, 9, {
          topics: [{ name: topic }],
          allowAutoTopicCreation: false,
        })
        assert.equal(md.topics[0]!.errorCode, 0)
      } finally {
        other.close()
        victim.close()
      }
      assert.deepEqual(
        (await readTopic(bootstrap, topic))[0]!.records.map((r) => r.value),
        ['kept'],
      )
    })
  }

  // What clients rely on: error 35 and ApiVersions' own range, to retry with. (Kafka 4.4 lists only
  // key 18 here; the embedded broker lists every key it serves — both work for every client.)
  it('ApiVersions v99: answered in v0 with UNSUPPORTED_VERSION and ApiVersions 0-5 listed', async (t) => {
    const c = await wireTo(target.bootstrap!)
    try {
      // A future version is read with the newest header (v2: client id, then tagged fields).
      c.write(header(ApiKeys.API_VERSIONS, 99, Buffer.from([0])))
      const f = (await c.frame())!
      assert.equal(f.readInt32BE(0), 77)
      assert.equal(f.readInt16BE(4), ErrorCodes.UNSUPPORTED_VERSION)
      const count = f.readInt32BE(6)
      const keys = Array.from({ length: count }, (_, i) => [
        f.readInt16BE(10 + i * 6),
        f.readInt16BE(12 + i * 6),
        f.readInt16BE(14 + i * 6),
      ])
      assert.deepEqual(
        keys.find(([k]) => k === ApiKeys.API_VERSIONS),
        [18, 0, 5],
      )
      t.diagnostic(`${count} API key(s) listed`)
      const res = await c.request(ApiKeys.API_VERSIONS, 3, {
        clientSoftwareName: 'bad',
        clientSoftwareVersion: '1',
      })
      assert.equal(res.errorCode, 0, 'the connection stays usable')
    } finally {
      c.close()
    }
  })

  it('Produce v2 (advertised for old librdkafka, removed in Kafka 4): the connection is closed', async () => {
    const c = await wireTo(target.bootstrap!)
    try {
      // v2: transactional id absent, acks int16, timeout int32, empty topic array.
      c.write(header(ApiKeys.PRODUCE, 2, Buffer.from([0xff, 0xff, 0, 0, 0x03, 0xe8, 0, 0, 0, 0])))
      assert.equal(await c.frame(10_000), undefined)
    } finally {
      c.close()
    }
  })

  it('a record batch with a bad CRC: CORRUPT_MESSAGE, nothing stored', async () => {
    const bootstrap = target.bootstrap!
    const topic = uniqueName('bad-crc')
    await createTopicWire(bootstrap, topic, 1)
    const batch = encodeBatch({
      records: [{ key: null, value: Buffer.from('corrupt'), headers: [], timestamp: BigInt(Date.now()) }],
    })
    batch[batch.length - 1]! ^= 0xff
    const c = await wireTo(bootstrap)
    try {
      const res = await c.request(ApiKeys.PRODUCE, 9, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 5_000,
        topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
      })
      assert.equal(res.responses[0]!.partitionResponses[0]!.errorCode, ErrorCodes.CORRUPT_MESSAGE)
    } finally {
      c.close()
    }
    assert.deepEqual((await readTopic(bootstrap, topic))[0]!.records, [])
  })
})
