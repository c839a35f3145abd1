import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { test } from 'node:test'
import { backoffDelay, sleep } from '../../src/failure/backoff.ts'

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length

test('backoffDelay with random = 1 is the ceiling: doubling from initialDelay, capped at maxDelay', () => {
  const one = () => 1
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7].map((attempt) => backoffDelay(attempt, 100, 5_000, one)),
    [100, 200, 400, 800, 1_600, 3_200, 5_000],
  )
  assert.equal(backoffDelay(60, 100, 5_000, one), 5_000, 'a huge attempt stays capped')
  assert.equal(backoffDelay(0, 100, 5_000, one), 100, 'attempt 0 counts as the first')
})

test('backoffDelay with random = 0 is no wait at all (full jitter starts at zero)', () => {
  for (const attempt of [1, 3, 10])
    assert.equal(
      backoffDelay(attempt, 250, 10_000, () => 0),
      0,
    )
})

test('backoffDelay scales the ceiling by the random value and rounds to whole ms', () => {
  assert.equal(
    backoffDelay(3, 100, 5_000, () => 0.5),
    200,
  )
  assert.equal(
    backoffDelay(1, 3, 5_000, () => 0.5),
    2,
  ) // 1.5 rounds up
  assert.equal(
    backoffDelay(2, 100, 150, () => 0.25),
    38,
  ) // ceiling 150 (capped), 37.5 rounds up
})

test('backoffDelay stays within [0, ceiling] for many random values', () => {
  for (let i = 0; i <= 100; i++) {
    const r = i / 100
    for (const attempt of [1, 2, 5, 9]) {
      const d = backoffDelay(attempt, 100, 2_000, () => r)
      const ceiling = Math.min(2_000, 100 * 2 ** (attempt - 1))
      assert.ok(Number.isInteger(d) && d >= 0 && d <= ceiling, `attempt ${attempt}, r ${r}: ${d}`)
    }
  }
})

test('sleep waits about ms and removes its abort listener afterwards', async () => {
  const controller = new AbortController()
  const started = performance.now()
  await sleep(30, controller.signal)
  assert.ok(performance.now() - started >= 25)
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0)
})

test('sleep ends early, without throwing, when the signal aborts, and leaves no timer behind', async () => {
  const controller = new AbortController()
  const before = timers()
  const started = performance.now()
  const slept = sleep(10_000, controller.signal)
  assert.equal(timers(), before + 1)
  setTimeout(() => controller.abort(), 10)
  await slept
  assert.ok(performance.now() - started < 1_000, 'did not end early')
  assert.equal(timers(), before, 'the 10 s timer is still pending')
})

test('sleep resolves at once for an aborted signal or a non-positive delay', async () => {
  const before = timers()
  await sleep(10_000, AbortSignal.abort())
  await sleep(0)
  await sleep(-5)
  assert.equal(timers(), before)
})
