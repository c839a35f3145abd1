import assert from 'node:assert/strict'
import { test } from 'node:test'
import { snappyCompress } from '@platformatic/wasm-utils'
import fc from 'fast-check'
import { ProtocolError } from '../../src/errors.ts'
import { Compression, compress, compressionId, decompress } from '../../src/records/compression.ts'
import { xxh32 } from './xxh32.ts'

const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const

test('every codec round-trips, including empty and multi-block inputs', () => {
  const inputs = [Buffer.alloc(0), Buffer.from('x'), Buffer.from('hello kafka '.repeat(20_000))]
  for (const codec of codecs) {
    for (const data of inputs) {
      const packed = compress(codec, data)
      assert.ok(decompress(codec, packed).equals(data), `${codec} ${data.length}`)
      if (codec !== 'none' && data.length > 1000)
        assert.ok(packed.length < data.length / 10, `${codec} compresses`)
    }
  }
})

test('snappy is written in the xerial framing the Java client uses', () => {
  const packed = compress('snappy', Buffer.from('abc'))
  assert.deepEqual(
    [...packed.subarray(0, 16)],
    [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1],
  )
})

test('raw snappy blocks (librdkafka) are read too', () => {
  const data = Buffer.from('raw snappy from a non-Java client '.repeat(50))
  assert.ok(decompress(Compression.SNAPPY, snappyCompress(data)).equals(data))
})

test('LZ4 frames with block and content checksums and uncompressed blocks are read', () => {
  const content = Buffer.from('an LZ4 frame built by hand from the frame format spec')
  const descriptor = Buffer.from([0x74, 0x40]) // version 01, independent blocks, block + content checksums; 64 KB
  const checksum = (b: Buffer) => {
    const out = Buffer.alloc(4)
    out.writeUInt32LE(xxh32(b))
    return out
  }
  const size = Buffer.alloc(4)
  size.writeUInt32LE((content.length | 0x80000000) >>> 0) // high bit: stored uncompressed
  const frame = Buffer.concat([
    Buffer.from([0x04, 0x22, 0x4d, 0x18]),
    descriptor,
    Buffer.from([(xxh32(descriptor) >>> 8) & 0xff]),
    size,
    content,
    checksum(content),
    Buffer.alloc(4),
    checksum(content),
  ])
  assert.ok(decompress('lz4', frame).equals(content))
})

test('corrupt input fails with SPOOL_ERR_COMPRESSION', () => {
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as const) {
    assert.throws(
      () => decompress(codec, Buffer.from('definitely not compressed data')),
      (e: unknown) =>
        e instanceof ProtocolError && e.code === 'SPOOL_ERR_COMPRESSION' && e.message.includes(codec),
      codec,
    )
  }
})

test('unknown codecs are refused', () => {
  assert.throws(() => compressionId(5), { code: 'SPOOL_ERR_COMPRESSION' })
  assert.throws(() => compressionId('brotli' as never), { code: 'SPOOL_ERR_COMPRESSION' })
  assert.equal(compressionId('zstd'), 4)
})

test('property: arbitrary bytes round-trip through every codec', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 5000 }), fc.constantFrom(...codecs), (bytes, codec) => {
      const data = Buffer.from(bytes)
      assert.ok(decompress(codec, compress(codec, data)).equals(data))
    }),
    { numRuns: 150 },
  )
})
