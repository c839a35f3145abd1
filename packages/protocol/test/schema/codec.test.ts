import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ProtocolError } from '../../src/errors.ts'
import { MetadataRequest, MetadataResponse } from '../../src/messages/03-metadata.ts'
import { Reader } from '../../src/primitives/reader.ts'
import { Writer } from '../../src/primitives/writer.ts'
import { decodeMessage, encodeMessage } from '../../src/schema/codec.ts'
import { compileMessage } from '../../src/schema/compile.ts'
import { defineMessage, type MessageOf } from '../../src/schema/types.ts'

const Demo = defineMessage({
  apiKey: 9999,
  name: 'DemoRequest',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'id', type: 'int32', versions: '0+' },
    { name: 'note', type: 'string', versions: '1+', nullableVersions: '1+', default: null },
    { name: 'limit', type: 'int64', versions: '3+', default: -1n },
    { name: 'extra', type: 'int32', versions: '0', ignorable: false },
    { name: 'hint', type: 'string', versions: '2+', taggedVersions: '2+', tag: 4, default: 'none' },
    {
      name: 'owner',
      type: 'struct',
      versions: '1+',
      nullableVersions: '1+',
      default: null,
      fields: [{ name: 'name', type: 'string', versions: '1+' }],
    },
    { name: 'ids', type: '[]int32', versions: '0+', nullableVersions: '1+' },
  ],
})

test('decoded objects carry every field; absent ones take their defaults', () => {
  const bytes = encodeMessage(Demo, 0, { id: 7, ids: [1] }).toBuffer()
  assert.deepEqual([...bytes], [0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1])
  const v = decodeMessage(Demo, 0, bytes)
  assert.deepStrictEqual(v, { id: 7, note: null, limit: -1n, extra: 0, hint: 'none', owner: null, ids: [1] })
  assert.deepEqual(Object.keys(v), ['id', 'note', 'limit', 'extra', 'hint', 'owner', 'ids'])
})

test('fields left out when encoding take their defaults', () => {
  const v = decodeMessage(Demo, 3, encodeMessage(Demo, 3, {}).toBuffer())
  assert.equal(v.limit, -1n)
  assert.deepEqual(v.ids, [])
})

test('flexible versions use compact encodings and a tagged-field section', () => {
  const bytes = encodeMessage(Demo, 2, { id: 1, note: 'n', ids: null }).toBuffer()
  // id, compact 'n', owner null marker, compact null array, no tagged fields
  assert.deepEqual([...bytes], [0, 0, 0, 1, 2, 0x6e, 0xff, 0, 0])
})

test('a tagged field is sent only when it differs from its default', () => {
  const plain = encodeMessage(Demo, 2, { hint: 'none' }).toBuffer()
  const tagged = encodeMessage(Demo, 2, { hint: 'go' }).toBuffer()
  assert.equal(plain.at(-1), 0)
  // count 1, tag 4, size 3, compact string 'go'
  assert.deepEqual([...tagged.subarray(-6)], [1, 4, 3, 3, 0x67, 0x6f])
  assert.equal(decodeMessage(Demo, 2, tagged).hint, 'go')
})

test('unknown tagged fields are skipped, known ones after them still read', () => {
  const w = new Writer().writeInt32(5).writeCompactNullableString(null).writeInt8(-1).writeUnsignedVarInt(0)
  w.writeTaggedFields([
    { tag: 1, data: Buffer.from([9, 9, 9]) },
    { tag: 4, data: new Writer().writeCompactString('x').toBuffer() },
  ])
  const v = decodeMessage(Demo, 2, w.toBuffer())
  assert.equal(v.id, 5)
  assert.equal(v.hint, 'x')
})

test('nullable structs carry an int8 presence marker', () => {
  const bytes = encodeMessage(Demo, 1, { owner: { name: 'o' } }).toBuffer()
  assert.deepEqual(decodeMessage(Demo, 1, bytes).owner, { name: 'o' })
  assert.equal(bytes[4 + 2], 1)
})

test('strict mode refuses a non-ignorable field the version cannot carry', () => {
  assert.throws(
    () => encodeMessage(Demo, 1, { extra: 3 }, new Writer(), { strict: true }),
    /DemoRequest.extra/,
  )
  assert.doesNotThrow(() => encodeMessage(Demo, 1, { extra: 0 }, new Writer(), { strict: true }))
  assert.doesNotThrow(() => encodeMessage(Demo, 1, { extra: 3 }))
  // Ignorable fields are dropped silently even in strict mode (Metadata throttleTimeMs is v3+).
  assert.doesNotThrow(() =>
    encodeMessage(MetadataResponse, 2, { throttleTimeMs: 5 }, new Writer(), { strict: true }),
  )
})

test('encoding errors name the field', () => {
  assert.throws(
    () =>
      encodeMessage(MetadataRequest, 12, {
        topics: [{ name: 'ok' }, { name: 'x'.repeat(10), topicId: 'bad' }],
      }),
    (e: unknown) => e instanceof ProtocolError && /UUID/.test(e.message),
  )
  assert.throws(
    () => encodeMessage(MetadataResponse, 1, { brokers: [{ host: null as never }] }),
    /MetadataResponse\.brokers\.host is not nullable/,
  )
  assert.throws(() => encodeMessage(Demo, 0, { id: 2 ** 40 }), /Cannot encode DemoRequest\.id/)
})

test('decoding errors name the nested field', () => {
  const bytes = encodeMessage(MetadataResponse, 12, {
    brokers: [{ nodeId: 1, host: 'h', port: 9 }],
  }).toBuffer()
  assert.throws(
    () => decodeMessage(MetadataResponse, 12, bytes.subarray(0, 10)),
    /MetadataResponse\.brokers\.host/,
  )
})

test('unknown versions are refused with SPOOL_ERR_UNSUPPORTED_VERSION', () => {
  assert.throws(() => encodeMessage(Demo, 4, {}), { code: 'SPOOL_ERR_UNSUPPORTED_VERSION' })
  assert.throws(() => decodeMessage(MetadataRequest, 14, Buffer.alloc(0)), {
    code: 'SPOOL_ERR_UNSUPPORTED_VERSION',
  })
})

test('plans are compiled once per schema and version', () => {
  assert.equal(compileMessage(MetadataRequest, 12), compileMessage(MetadataRequest, 12))
  assert.notEqual(compileMessage(MetadataRequest, 12), compileMessage(MetadataRequest, 11))
})

test('a decoding Reader is advanced past the message only', () => {
  const w = encodeMessage(Demo, 0, { id: 1 })
  w.writeInt8(42)
  const r = new Reader(w.toBuffer())
  decodeMessage(Demo, 0, r)
  assert.equal(r.readInt8(), 42)
})

test('decoded types are inferred from the schema', () => {
  const v: MessageOf<typeof MetadataResponse> = decodeMessage(
    MetadataResponse,
    12,
    encodeMessage(MetadataResponse, 12, {
      topics: [{ name: 't', partitions: [{ leaderId: 3 }] }],
    }).toBuffer(),
  )
  const leader: number = v.topics[0]!.partitions[0]!.leaderId
  const name: string | null = v.topics[0]!.name
  const clusterId: string | null = v.clusterId
  assert.equal(leader, 3)
  assert.equal(name, 't')
  assert.equal(clusterId, null)
})
