import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { ProtocolError } from '../../src/errors.ts'
import { Reader } from '../../src/primitives/reader.ts'
import { Writer } from '../../src/primitives/writer.ts'

const bytes = (...b: number[]) => Buffer.from(b)

test('reads fixed-width integers big-endian', () => {
  const r = new Reader(
    bytes(0xff, 0x01, 0x02, 0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe),
  )
  assert.equal(r.readInt8(), -1)
  assert.equal(r.readInt16(), 0x0102)
  assert.equal(r.readInt32(), 256)
  assert.equal(r.readInt64(), -2n)
  assert.equal(r.remaining, 0)
})

test('reads unsigned varints of every length, as in the protocol guide', () => {
  const cases: [number[], number][] = [
    [[0x00], 0],
    [[0x7f], 127],
    [[0x80, 0x01], 128],
    [[0xac, 0x02], 300],
    [[0xff, 0xff, 0xff, 0xff, 0x0f], 0xffffffff],
  ]
  for (const [b, v] of cases) assert.equal(new Reader(Buffer.from(b)).readUnsignedVarInt(), v)
})

test('zig-zag varints map small negatives to small encodings', () => {
  assert.equal(new Reader(bytes(0x01)).readVarInt(), -1)
  assert.equal(new Reader(bytes(0x02)).readVarInt(), 1)
  assert.equal(new Reader(bytes(0x03)).readVarInt(), -2)
  assert.equal(new Reader(bytes(0x01)).readVarLong(), -1n)
  assert.equal(
    new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)).readVarLong(),
    -(2n ** 63n),
  )
})

test('rejects varints longer than their type', () => {
  assert.throws(() => new Reader(bytes(0xff, 0xff, 0xff, 0xff, 0x1f)).readUnsignedVarInt(), ProtocolError)
  assert.throws(() => new Reader(Buffer.alloc(11, 0xff)).readVarLong(), ProtocolError)
})

test('strings: classic, nullable, compact, compact nullable', () => {
  const w = new Writer()
  w.writeString('héllo').writeNullableString(null).writeCompactString('').writeCompactNullableString(null)
  w.writeCompactNullableString('x')
  const r = new Reader(w.toBuffer())
  assert.equal(r.readString(), 'héllo')
  assert.equal(r.readNullableString(), null)
  assert.equal(r.readCompactString(), '')
  assert.equal(r.readCompactNullableString(), null)
  assert.equal(r.readCompactNullableString(), 'x')
})

test('a null length in a non-nullable string is an error, not a null', () => {
  assert.throws(() => new Reader(bytes(0xff, 0xff)).readString('topic'), /topic.*negative length/)
  assert.throws(() => new Reader(bytes(0x00)).readCompactString('topic'), /topic.*negative length/)
})

test('truncated input names the field being read', () => {
  const err = (fn: () => unknown) => {
    try {
      fn()
    } catch (e) {
      return e as ProtocolError
    }
    assert.fail('expected a ProtocolError')
  }
  const e = err(() => new Reader(bytes(0, 0)).readInt32('correlationId'))
  assert.ok(e instanceof ProtocolError)
  assert.equal(e.code, 'SPOOL_ERR_PROTOCOL')
  assert.match(e.message, /correlationId: needed 4 byte\(s\) at offset 0, only 2 left/)
  assert.match(err(() => new Reader(bytes(0, 5, 0x61)).readString('clientId')).message, /clientId/)
  assert.match(err(() => new Reader(bytes(0x80)).readUnsignedVarInt('length')).message, /length/)
})

test('an array count larger than the input is refused before allocating', () => {
  const r = new Reader(bytes(0x7f, 0xff, 0xff, 0xff))
  assert.throws(() => r.readArray((x) => x.readInt8(), 'partitions'), /partitions/)
})

test('reads respect an end bound inside a larger buffer', () => {
  const r = new Reader(bytes(1, 2, 3, 4), 0, 2)
  assert.equal(r.readInt16(), 0x0102)
  assert.throws(() => r.readInt8('past end'), /past end/)
})

test('property: any truncation of a valid encoding throws ProtocolError, never something else', () => {
  fc.assert(
    fc.property(
      fc.string(),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      (s, i, l) => {
        const full = new Writer()
          .writeCompactString(s)
          .writeVarInt(i)
          .writeVarLong(l)
          .writeInt64(l)
          .toBuffer()
        for (let cut = 0; cut < full.length; cut++) {
          const r = new Reader(full.subarray(0, cut))
          assert.throws(() => {
            r.readCompactString()
            r.readVarInt()
            r.readVarLong()
            r.readInt64()
          }, ProtocolError)
        }
      },
    ),
    { numRuns: 100 },
  )
})
