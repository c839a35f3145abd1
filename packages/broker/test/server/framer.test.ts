import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Framer, FrameTooLargeError } from '../../src/server/framer.ts'

const frame = (body: Buffer) => {
  const b = Buffer.alloc(4 + body.length)
  b.writeInt32BE(body.length, 0)
  body.copy(b, 4)
  return b
}

describe('Framer', () => {
  it('splits frames that arrive together and frames split across chunks', () => {
    const f = new Framer(1024)
    const all = Buffer.concat([
      frame(Buffer.from('one')),
      frame(Buffer.from('two')),
      frame(Buffer.from('three')),
    ])
    const got: string[] = []
    for (let i = 0; i < all.length; i += 3)
      for (const x of f.push(all.subarray(i, i + 3))) got.push(x.toString())
    assert.deepEqual(got, ['one', 'two', 'three'])
    assert.equal(f.buffered, 0)
  })

  it('returns empty frames and keeps an incomplete one buffered', () => {
    const f = new Framer(1024)
    assert.deepEqual(
      f.push(Buffer.concat([frame(Buffer.alloc(0)), frame(Buffer.from('abc')).subarray(0, 6)])).map(String),
      [''],
    )
    assert.equal(f.buffered, 2, 'the size prefix is consumed; 2 of its 3 body bytes wait')
  })

  it('returns a zero-length frame when nothing else is buffered', () => {
    assert.deepEqual(
      new Framer(1024).push(frame(Buffer.alloc(0))).map((b) => b.length),
      [0],
    )
  })

  it('rejects an oversized or negative size as soon as the size is read', () => {
    const big = Buffer.alloc(4)
    big.writeInt32BE(2048, 0)
    assert.throws(() => new Framer(1024).push(big), FrameTooLargeError)
    const neg = Buffer.alloc(4)
    neg.writeInt32BE(-5, 0)
    assert.throws(() => new Framer(1024).push(neg), FrameTooLargeError)
  })
})
