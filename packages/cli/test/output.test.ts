import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { table, toJson } from '../src/output.ts'

describe('table', () => {
  it('aligns columns, right-aligns numbers, and shows missing values as -', () => {
    const text = table(
      [
        { name: 'orders', n: 3, lag: null },
        { name: 'a-much-longer-name', n: 12, lag: '7' },
      ],
      [
        { header: 'TOPIC', value: (r) => r.name },
        { header: 'N', value: (r) => r.n, align: 'right' },
        { header: 'LAG', value: (r) => r.lag, align: 'right' },
      ],
    )
    assert.equal(
      text,
      'TOPIC                N  LAG\n' + 'orders               3    -\n' + 'a-much-longer-name  12    7\n',
    )
  })

  it('keeps one row per line whatever the cell holds', () => {
    const text = table([{ v: 'two\nlines\tand tab' }], [{ header: 'V', value: (r) => r.v }])
    assert.equal(text, 'V\ntwo lines and tab\n')
  })
})

describe('toJson', () => {
  it('writes bigints as strings', () => {
    assert.equal(toJson({ offset: 2n ** 63n - 1n }, 0), '{"offset":"9223372036854775807"}')
  })
})
