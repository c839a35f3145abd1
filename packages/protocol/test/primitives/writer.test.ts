import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { Reader } from '../../src/primitives/reader.ts'
import { ZERO_UUID } from '../../src/primitives/uuid.ts'
import { Writer } from '../../src/primitives/writer.ts'

test('writes the protocol guide varint examples', () => {
  assert.deepEqual([...new Writer().writeUnsignedVarInt(300).toBuffer()], [0xac, 0x02])
  assert.deepEqual([...new Writer().writeVarInt(-1).toBuffer()], [0x01])
  assert.deepEqual([...new Writer().writeVarLong(-64n).toBuffer()], [0x7f])
  assert.deepEqual([...new Writer().writeVarLong(64n).toBuffer()], [0x80, 0x01])
})

test('compact lengths are length + 1 and 0 means null', () => {
  assert.deepEqual([...new Writer().writeCompactNullableString(null).toBuffer()], [0])
  assert.deepEqual([...new Writer().writeCompactString('ab').toBuffer()], [3, 0x61, 0x62])
  assert.deepEqual([...new Writer().writeCompactArray([7], (w, v) => w.writeInt8(v)).toBuffer()], [2, 7])
  assert.deepEqual([...new Writer().writeNullableBytes(null).toBuffer()], [0xff, 0xff, 0xff, 0xff])
})

test('grows across chunks and keeps large blobs without corrupting order', () => {
  const w = new Writer(8)
  const big = Buffer.alloc(5000, 7)
  w.writeInt32(1).writeRaw(big).writeInt32(2)
  for (let i = 0; i < 1000; i++) w.writeInt16(i)
  const out = w.toBuffer()
  assert.equal(out.length, w.length)
  assert.equal(out.length, 4 + 5000 + 4 + 2000)
  const r = new Reader(out)
  assert.equal(r.readInt32(), 1)
  assert.ok(r.readRaw(5000).equals(big))
  assert.equal(r.readInt32(), 2)
  for (let i = 0; i < 1000; i++) assert.equal(r.readInt16(), i)
})

test('toBuffer can be called twice and writing can go on afterwards', () => {
  const w = new Writer(4).writeInt32(1).writeInt32(2)
  assert.equal(w.toBuffer().length, 8)
  w.writeInt8(3)
  assert.deepEqual([...w.toBuffer()], [0, 0, 0, 1, 0, 0, 0, 2, 3])
})

test('tagged fields must be sorted and unique', () => {
  assert.throws(() =>
    new Writer().writeTaggedFields([
      { tag: 2, data: Buffer.alloc(0) },
      { tag: 1, data: Buffer.alloc(0) },
    ]),
  )
  const w = new Writer().writeTaggedFields([
    { tag: 0, data: Buffer.from([1]) },
    { tag: 5, data: Buffer.from([2, 3]) },
  ])
  assert.deepEqual(new Reader(w.toBuffer()).readTaggedFields(), [
    { tag: 0, data: Buffer.from([1]) },
    { tag: 5, data: Buffer.from([2, 3]) },
  ])
})

test('UUIDs round-trip and reject garbage', () => {
  const id = '0123abcd-4567-89ef-0123-456789abcdef'
  assert.equal(new Reader(new Writer().writeUUID(id).toBuffer()).readUUID(), id)
  assert.equal(new Reader(new Writer().writeUUID(ZERO_UUID).toBuffer()).readUUID(), ZERO_UUID)
  assert.throws(() => new Writer().writeUUID('not-a-uuid'), /Invalid UUID/)
})

test('out-of-range varints are refused', () => {
  assert.throws(() => new Writer().writeUnsignedVarInt(-1))
  assert.throws(() => new Writer().writeVarInt(2 ** 31))
  assert.throws(() => new Writer().writeVarLong(2n ** 63n))
})

test('property: every primitive round-trips', () => {
  fc.assert(
    fc.property(
      fc.record({
        i8: fc.integer({ min: -128, max: 127 }),
        i16: fc.integer({ min: -32768, max: 32767 }),
        i32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        u32: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        i64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        f64: fc.double({ noNaN: true }),
        b: fc.boolean(),
        s: fc.string({ unit: 'grapheme' }),
        ns: fc.option(fc.string()),
        bytes: fc.uint8Array({ maxLength: 2000 }),
        nb: fc.option(fc.uint8Array()),
        arr: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
        uuid: fc.uuid(),
      }),
      (v) => {
        const w = new Writer(16)
        w.writeInt8(v.i8).writeInt16(v.i16).writeInt32(v.i32).writeUnsignedVarInt(v.u32).writeVarInt(v.i32)
        w.writeInt64(v.i64).writeVarLong(v.i64).writeFloat64(v.f64).writeBoolean(v.b)
        w.writeString(v.s).writeNullableString(v.ns).writeCompactString(v.s).writeCompactNullableString(v.ns)
        w.writeBytes(v.bytes)
          .writeNullableBytes(v.nb)
          .writeCompactBytes(v.bytes)
          .writeCompactNullableBytes(v.nb)
        w.writeArray(v.arr, (x, n) => x.writeInt32(n)).writeCompactArray(v.arr, (x, n) => x.writeVarInt(n))
        w.writeUUID(v.uuid)
        const r = new Reader(w.toBuffer())
        assert.equal(r.readInt8(), v.i8)
        assert.equal(r.readInt16(), v.i16)
        assert.equal(r.readInt32(), v.i32)
        assert.equal(r.readUnsignedVarInt(), v.u32)
        assert.equal(r.readVarInt(), v.i32)
        assert.equal(r.readInt64(), v.i64)
        assert.equal(r.readVarLong(), v.i64)
        assert.equal(r.readFloat64(), v.f64)
        assert.equal(r.readBoolean(), v.b)
        assert.equal(r.readString(), v.s)
        assert.equal(r.readNullableString(), v.ns)
        assert.equal(r.readCompactString(), v.s)
        assert.equal(r.readCompactNullableString(), v.ns)
        assert.deepEqual(new Uint8Array(r.readBytes()), v.bytes)
        const nb = r.readNullableBytes()
        assert.deepEqual(nb === null ? null : new Uint8Array(nb), v.nb)
        assert.deepEqual(new Uint8Array(r.readCompactBytes()), v.bytes)
        const cnb = r.readCompactNullableBytes()
        assert.deepEqual(cnb === null ? null : new Uint8Array(cnb), v.nb)
        assert.deepEqual(
          r.readArray((x) => x.readInt32()),
          v.arr,
        )
        assert.deepEqual(
          r.readCompactArray((x) => x.readVarInt()),
          v.arr,
        )
        assert.equal(r.readUUID(), v.uuid)
        assert.equal(r.remaining, 0)
      },
    ),
    { numRuns: 200 },
  )
})
