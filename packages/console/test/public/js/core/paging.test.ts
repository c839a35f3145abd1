import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'

const paging = await import(
  pathToFileURL(resolve(import.meta.dirname, '../../../../public/js/core/paging.js')).href
)

const at = (partition: number, offset: number, ms: number) => ({
  partition,
  offset: String(offset),
  timestamp: new Date(1_700_000_000_000 + ms).toISOString(),
})

describe('console message paging', () => {
  it('keeps the first N records by time across partitions and moves each cursor past what it kept', () => {
    const pages = [
      { partition: 0, start: '10', next: '13', messages: [at(0, 10, 1), at(0, 11, 5), at(0, 12, 9)] },
      { partition: 1, start: '4', next: '7', messages: [at(1, 4, 2), at(1, 5, 3), at(1, 6, 8)] },
      { partition: 2, start: '0', next: '0', messages: [] },
    ]
    const { messages, cursors } = paging.mergePages(pages, 4)
    assert.deepEqual(
      messages.map((m: any) => `${m.partition}:${m.offset}`),
      ['0:10', '1:4', '1:5', '0:11'],
    )
    assert.deepEqual(cursors, { 0: '12', 1: '6', 2: '0' })
  })

  it('uses the scan position when every record of a partition was kept (a filter skipped the rest)', () => {
    const { cursors } = paging.mergePages(
      [{ partition: 0, start: '0', next: '500', messages: [at(0, 3, 1)] }],
      10,
    )
    assert.deepEqual(cursors, { 0: '500' })
  })

  it('knows when a partition has more to read', () => {
    assert.equal(paging.hasMore({ 0: '5', 1: '9' }, { 0: '5', 1: '10' }), true)
    assert.equal(paging.hasMore({ 0: '5', 1: '10' }, { 0: '5', 1: '10' }), false)
  })

  it('orders equal timestamps by partition, then offset (as 64-bit numbers)', () => {
    const sorted = [at(1, 2, 0), at(0, 10, 0), at(0, 9, 0)].sort(paging.byTime)
    assert.deepEqual(
      sorted.map((m: any) => `${m.partition}:${m.offset}`),
      ['0:9', '0:10', '1:2'],
    )
  })
})
