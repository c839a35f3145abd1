import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createManualClock } from '../../src/group/clock.ts'
import { subscribedTopics } from '../../src/group/consumer-protocol.ts'
import { defaultGroupCoordinatorOptions, resolveGroupCoordinatorOptions } from '../../src/group/options.ts'
import { KeyedTimers } from '../../src/group/timers.ts'
import { subscription } from './helpers.ts'

describe('group coordinator options', () => {
  it('fills defaults and freezes', () => {
    const o = resolveGroupCoordinatorOptions({ groupInitialRebalanceDelay: 3_000 })
    assert.equal(o.groupInitialRebalanceDelay, 3_000)
    assert.equal(o.groupMaxSessionTimeout, defaultGroupCoordinatorOptions.groupMaxSessionTimeout)
    assert.ok(Object.isFrozen(o))
  })

  it('names the offending property', () => {
    assert.throws(() => resolveGroupCoordinatorOptions({ groupMinSessionTimeout: -1 }), {
      code: 'SPOOL_ERR_INVALID_OPTION',
      message: /groupMinSessionTimeout/,
    })
    assert.throws(
      () => resolveGroupCoordinatorOptions({ groupMinSessionTimeout: 10, groupMaxSessionTimeout: 5 }),
      {
        message: /groupMaxSessionTimeout/,
      },
    )
    assert.throws(() => resolveGroupCoordinatorOptions({ nope: 1 } as never), { message: /nope/ })
  })
})

describe('manual clock and keyed timers', () => {
  it('fires timers in due order, only when time reaches them', () => {
    const clock = createManualClock(0)
    const fired: string[] = []
    clock.setTimer(20, () => fired.push('b'))
    clock.setTimer(10, () => {
      fired.push('a')
      clock.setTimer(5, () => fired.push('a+5'))
    })
    clock.advance(14)
    assert.deepEqual(fired, ['a'])
    clock.advance(6)
    assert.deepEqual(fired, ['a', 'a+5', 'b'])
    assert.equal(clock.now(), 20)
  })

  it('scheduling a key replaces its timer; cancel stops it', () => {
    const clock = createManualClock(0)
    const timers = new KeyedTimers(clock, () => {})
    const fired: number[] = []
    timers.schedule('k', 10, () => fired.push(1))
    timers.schedule('k', 30, () => fired.push(2))
    timers.schedule('x', 5, () => fired.push(3))
    timers.cancel('x')
    clock.advance(40)
    assert.deepEqual(fired, [2])
    assert.equal(clock.pending(), 0)
  })
})

describe('consumer protocol subscription', () => {
  it('reads the topics of any subscription version, and nothing from other bytes', () => {
    assert.deepEqual(subscribedTopics(subscription(['a', 'bb'], 3)), ['a', 'bb'])
    assert.equal(subscribedTopics(Buffer.from([0, 1])), undefined)
    assert.equal(subscribedTopics(Buffer.from([0, 0, 0, 0, 0, 9, 0, 5])), undefined)
  })
})
