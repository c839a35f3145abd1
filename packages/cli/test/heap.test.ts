import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { capYoungGeneration } from '../src/heap.ts'

const heapModule = join(import.meta.dirname, '../src/heap.ts')

/** Largest young generation (MB) a fresh Node process reaches while making short-lived garbage. */
function youngGenerationPeak(cap: boolean): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8'
    import { capYoungGeneration } from ${JSON.stringify(heapModule)}
    if (${cap}) capYoungGeneration('')
    const young = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size
    let keep = []
    let peak = 0
    for (let i = 0; i < 2e6; i++) {
      keep.push({ i, a: [i] })
      if (keep.length > 2000) keep = []
      if (i % 1000 === 0) peak = Math.max(peak, young())
    }
    process.stdout.write(String(peak / 1e6))`
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))
}

describe('capYoungGeneration', () => {
  it('keeps the young generation at its initial size, which it otherwise outgrows', () => {
    const capped = youngGenerationPeak(true)
    const free = youngGenerationPeak(false)
    assert.ok(capped < 4, `capped young generation peaked at ${capped} MB`)
    assert.ok(free > 2 * capped, `uncapped ${free} MB vs capped ${capped} MB`)
  })

  it('leaves a young generation the user sized alone', () => {
    assert.equal(capYoungGeneration('--max-old-space-size=512 --max-semi-space-size=8'), false)
    assert.equal(capYoungGeneration('--min_semi_space_size=4'), false)
  })
})
