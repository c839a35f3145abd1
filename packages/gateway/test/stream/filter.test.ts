import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { closeCodes, parseFilter, StreamFilterError } from '@spool/gateway'

const rules = { knownTypes: new Set(['a.b', 'c.d']), maxValues: 3, key: null }
const refused = (code: number, pattern: RegExp) => (e: unknown) =>
  e instanceof StreamFilterError && e.code === code && pattern.test(e.message)

describe('gateway stream: filters', () => {
  it('reads comma-separated and repeated values; absent means everything', () => {
    const f = parseFilter({ types: 'a.b,c.d', subjects: ['u1', 'u2,u3'] }, rules)
    assert.deepEqual([...f.types!], ['a.b', 'c.d'])
    assert.deepEqual([...f.subjects!], ['u1', 'u2', 'u3'])
    const all = parseFilter({}, rules)
    assert.equal(all.types, undefined)
    assert.equal(all.subjects, undefined)
  })

  it('refuses unknown types, too many values, empty or huge values (4400)', () => {
    assert.throws(
      () => parseFilter({ types: 'a.b,nope' }, rules),
      refused(closeCodes.badFilter, /"nope" is not an event type/),
    )
    assert.throws(
      () => parseFilter({ subjects: 'a,b,c,d' }, rules),
      refused(closeCodes.badFilter, /at most 3 values, got 4/),
    )
    assert.throws(
      () => parseFilter({ subjects: 'a,,b' }, rules),
      refused(closeCodes.badFilter, /1 to 256 characters/),
    )
    assert.throws(
      () => parseFilter({ subjects: 'x'.repeat(300) }, rules),
      refused(closeCodes.badFilter, /1 to 256/),
    )
    assert.throws(() => parseFilter({ types: [{}] }, rules), refused(closeCodes.badFilter, /strings/))
  })

  it("binds a subject key to its own user's events; asking for another user is 4403", () => {
    const key = { key: 'k'.repeat(10), roles: ['read' as const], subject: 'u1' }
    assert.deepEqual([...parseFilter({}, { ...rules, key }).subjects!], ['u1'])
    assert.deepEqual([...parseFilter({ subjects: 'u1' }, { ...rules, key }).subjects!], ['u1'])
    assert.throws(
      () => parseFilter({ subjects: 'u2' }, { ...rules, key }),
      refused(closeCodes.forbiddenFilter, /own subject/),
    )
    assert.throws(
      () => parseFilter({ subjects: 'u1,u2' }, { ...rules, key }),
      (e: unknown) => (e as StreamFilterError).status === 403,
    )
  })
})
