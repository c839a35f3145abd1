import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'

const format = await import(
  pathToFileURL(resolve(import.meta.dirname, '../../../../public/js/core/format.js')).href
)

describe('console formatting', () => {
  it('formats 64-bit offsets without losing digits', () => {
    assert.equal(format.num('9223372036854775807').replace(/\D/g, ''), '9223372036854775807')
    assert.equal(format.num(null), '—')
    assert.equal(format.sum(['9007199254740993', '1', null]), '9007199254740994')
    assert.equal(format.compareBig('10', '9'), 1)
  })

  it('formats sizes, rates and times', () => {
    assert.equal(format.bytes(1536), '1.5 KiB')
    assert.equal(format.bytes(null), '—')
    assert.equal(format.rate(0), '0')
    assert.equal(format.rate(2.25), '2.3')
    assert.match(format.time('2026-01-02T03:04:05.006Z'), /^2026-01-0[12] \d\d:\d\d:05\.006$/)
    assert.equal(format.ago(Date.now() - 90_000), '2 min ago')
  })

  it('reads JSON only when the text is a JSON object or array', () => {
    assert.deepEqual(format.tryJson(' {"a":1} '), { a: 1 })
    assert.equal(format.tryJson('plain'), undefined)
    assert.equal(format.tryJson('{broken'), undefined)
    assert.equal(format.middle('a'.repeat(50), 11), 'aaaaa…aaaaa')
  })
})
