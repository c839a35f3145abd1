import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createProgress, line } from '../src/progress.ts'

const sink = (isTTY: boolean) => {
  const writes: string[] = []
  return { isTTY, writes, write: (s: string) => writes.push(s) > 0 }
}

describe('progress', () => {
  it('draws a bar with the share of bytes read when the size is known', () => {
    assert.equal(line(50, 1_000, 2, { total: 100, width: 10 }), '[#####.....]  50%  1,000 records (500/s)')
    assert.equal(line(10, 3, 0, { total: undefined, width: 10 }), '3 records (0/s)')
  })

  it('writes nothing when stderr is not a terminal', () => {
    const out = sink(false)
    const progress = createProgress(out as never, { total: 100, showAfter: 0, interval: 0 })
    progress.update(50, 10)
    progress.done()
    assert.deepEqual(out.writes, [])
  })

  it('on a terminal, redraws one line and erases it when done', () => {
    const out = sink(true)
    const progress = createProgress(out as never, { total: 100, showAfter: 0, interval: 0, width: 4 })
    progress.update(50, 10)
    progress.done()
    assert.equal(out.writes.length, 2)
    assert.match(out.writes[0]!, /^\r\[##\.\.\] {2}50% {2}10 records/)
    assert.equal(out.writes[1], '\r\u001b[K')
  })
})
