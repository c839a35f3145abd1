import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import {
  decodeSelected,
  encodeSelected,
  LEDGER_METADATA_MAX,
  RedriveLedger,
} from '../../src/failure/redrive-ledger.ts'

test('selected offsets are written as sorted ranges', () => {
  assert.equal(encodeSelected(new Set()), '')
  assert.equal(encodeSelected(new Set([20n, 12n, 13n, 14n, 15n, 3n])), 'spool-redrive/1 3,12-15,20')
})

test('decoding reverses encoding, keeping only offsets at or above the watermark', () => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.bigInt({ min: 0n, max: 10_000n }), { maxLength: 200 }), (offsets) => {
      const set = new Set(offsets)
      assert.deepEqual(decodeSelected(encodeSelected(set)), set)
      const above = new Set(offsets.filter((o) => o >= 5_000n))
      assert.deepEqual(decodeSelected(encodeSelected(set), 5_000n), above)
    }),
  )
})

test('metadata written by others, or damaged, reads as no selection', () => {
  for (const text of [
    null,
    undefined,
    '',
    'consumer-metadata',
    'spool-redrive/1 x,7-3,-1',
    'spool-redrive/2 1',
  ])
    assert.deepEqual(decodeSelected(text), new Set())
  assert.deepEqual(decodeSelected('spool-redrive/1 1,x,4-5'), new Set([1n, 4n, 5n]))
  assert.deepEqual(
    decodeSelected('spool-redrive/1 0-99999999999'),
    new Set(),
    'a forged huge range is ignored',
  )
})

test('an entry counts as redriven below the watermark or when selected', () => {
  const ledger = new RedriveLedger()
  ledger.partitions.set(0, { watermark: 10n, selected: new Set([12n]) })
  assert.equal(ledger.has(0, 9n), true)
  assert.equal(ledger.has(0, 10n), false)
  assert.equal(ledger.has(0, 12n), true)
  assert.equal(ledger.has(1, 0n), false)
  assert.equal(ledger.watermark(0), 10n)
  assert.equal(ledger.watermark(1), 0n)
})

test('scattered offsets outgrow the commit metadata; contiguous ones stay one range', () => {
  // Every other offset: ~6 characters each, far over the limit.
  const scattered = new Set(Array.from({ length: 2_000 }, (_, i) => BigInt(100_000 + i * 2)))
  assert.ok(encodeSelected(scattered).length > LEDGER_METADATA_MAX)
  const contiguous = new Set(Array.from({ length: 100_000 }, (_, i) => BigInt(i)))
  assert.equal(encodeSelected(contiguous), 'spool-redrive/1 0-99999')
})
