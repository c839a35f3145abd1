import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { crc32c } from '../../src/records/crc32c.ts'

/** Bit-at-a-time reference: slow, obviously right. */
function reference(data: Uint8Array): number {
  let c = 0xffffffff
  for (const b of data) {
    c ^= b
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1
  }
  return (c ^ 0xffffffff) >>> 0
}

test('known vectors (check value and RFC 3720 iSCSI vectors)', () => {
  assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283)
  assert.equal(crc32c(Buffer.alloc(0)), 0)
  assert.equal(crc32c(Buffer.alloc(32, 0x00)), 0x8a9136aa)
  assert.equal(crc32c(Buffer.alloc(32, 0xff)), 0x62a8ab43)
  assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i))), 0x46dd794e)
  assert.equal(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => 31 - i))), 0x113fdb5c)
})

test('a range of a larger buffer', () => {
  const b = Buffer.from('xx123456789yy')
  assert.equal(crc32c(b, 2, 11), 0xe3069283)
})

test('property: matches the bitwise reference, and continues across pieces', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (data, split) => {
      const expected = reference(data)
      assert.equal(crc32c(data), expected)
      const at = data.length === 0 ? 0 : split % data.length
      assert.equal(crc32c(data, at, data.length, crc32c(data, 0, at)), expected)
    }),
    { numRuns: 300 },
  )
})
