import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ErrorCodes } from '@spool/protocol'
import { lastSequence, PartitionProducers } from '../../src/producers/state.ts'

const h = (producerId: bigint, producerEpoch: number, baseSequence: number, lastOffsetDelta = 0) => ({
  producerId,
  producerEpoch,
  baseSequence,
  lastOffsetDelta,
})

describe('PartitionProducers', () => {
  it('accepts any first sequence from an unknown producer, then requires the next one', () => {
    const p = new PartitionProducers()
    assert.equal(p.check(h(1n, 0, 42)).kind, 'append')
    p.update(h(1n, 0, 42, 2), 10n, -1n, 0)
    assert.equal(p.check(h(1n, 0, 45)).kind, 'append')
    const gap = p.check(h(1n, 0, 47))
    assert.equal(gap.kind === 'error' && gap.errorCode, ErrorCodes.OUT_OF_ORDER_SEQUENCE_NUMBER)
  })

  it('returns the original offset of a duplicate', () => {
    const p = new PartitionProducers()
    p.update(h(1n, 0, 0, 4), 100n, 55n, 0)
    assert.deepEqual(p.check(h(1n, 0, 0, 4)), { kind: 'duplicate', baseOffset: 100n, logAppendTime: 55n })
    assert.equal(p.applied, 105n)
  })

  it('wraps sequences at 2^31-1', () => {
    assert.equal(lastSequence(2_147_483_646, 3), 1)
    const p = new PartitionProducers()
    p.update(h(1n, 0, 2_147_483_645, 2), 0n, -1n, 0)
    assert.equal(p.check(h(1n, 0, 0)).kind, 'append')
  })

  it('fences older epochs and expires idle producers', () => {
    const p = new PartitionProducers()
    p.update(h(1n, 3, 0), 0n, -1n, 1000)
    const old = p.check(h(1n, 2, 1))
    assert.equal(old.kind === 'error' && old.errorCode, ErrorCodes.INVALID_PRODUCER_EPOCH)
    assert.equal(p.expire(500), 0)
    assert.equal(p.expire(2000), 1)
    assert.equal(p.check(h(1n, 2, 9)).kind, 'append', 'forgotten: treated as new')
  })

  it('ignores non-idempotent batches', () => {
    const p = new PartitionProducers()
    assert.equal(p.check(h(-1n, -1, -1)).kind, 'append')
    p.update(h(-1n, -1, -1, 9), 0n, -1n, 0)
    assert.equal(p.entries.size, 0)
    assert.equal(p.applied, 10n)
  })
})
