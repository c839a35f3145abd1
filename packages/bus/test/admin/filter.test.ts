import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileFilter, InvalidArgumentError } from '@spool/bus'

const message = (value: unknown, key: string | null = 'k1', headers: Record<string, string> = {}) => ({
  key,
  value: typeof value === 'string' ? value : JSON.stringify(value),
  headers,
})

describe('admin: message filters', () => {
  it('matches a substring of the key, the value or a header value', () => {
    const f = compileFilter('needle')!
    assert.equal(f(message('a needle here')), true)
    assert.equal(f(message('nothing', 'needle-key')), true)
    assert.equal(f(message('nothing', null, { h: 'xneedlex' })), true)
    assert.equal(f(message('nothing', 'k', { h: 'other' })), false)
  })

  it('matches path=value on the JSON value, comparing as JSON when the value parses', () => {
    const envelope = { type: 'order.placed', data: { userId: 'u1', total: 5, paid: true, tags: ['a'] } }
    assert.equal(compileFilter('data.userId=u1')!(message(envelope)), true)
    assert.equal(compileFilter('data.userId=u2')!(message(envelope)), false)
    assert.equal(compileFilter('data.total=5')!(message(envelope)), true)
    assert.equal(compileFilter('data.paid=true')!(message(envelope)), true)
    assert.equal(compileFilter('data.tags=["a"]')!(message(envelope)), true)
    assert.equal(compileFilter('data.missing.deep=1')!(message(envelope)), false)
    assert.equal(compileFilter('data.userId=u1')!(message('not json {')), false)
  })

  it('matches key= and headers.<name>= exactly', () => {
    assert.equal(compileFilter('key=k1')!(message({})), true)
    assert.equal(compileFilter('key=k')!(message({})), false)
    assert.equal(
      compileFilter('headers.ce_type=order.placed')!(message({}, 'k', { ce_type: 'order.placed' })),
      true,
    )
    assert.equal(
      compileFilter('headers.ce_type=order')!(message({}, 'k', { ce_type: 'order.placed' })),
      false,
    )
  })

  it('treats an empty filter as none and refuses a huge one naming the property', () => {
    assert.equal(compileFilter(''), undefined)
    assert.equal(compileFilter(undefined), undefined)
    assert.throws(
      () => compileFilter('x'.repeat(2_000)),
      (e: unknown) =>
        e instanceof InvalidArgumentError &&
        e.property === 'filter' &&
        e.code === 'SPOOL_ERR_INVALID_ARGUMENT',
    )
  })
})
