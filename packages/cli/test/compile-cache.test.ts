import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { it } from 'node:test'
import { spool } from './helpers/spool.ts'

/** Every file below `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(join(dir, f)).isFile(),
  )
}

it('keeps the compiled CLI modules in NODE_COMPILE_CACHE, and not when NODE_DISABLE_COMPILE_CACHE is set', async (t) => {
  const cache = mkdtempSync(join(tmpdir(), 'spool-compile-cache-'))
  t.after(() => rmSync(cache, { recursive: true, force: true }))
  const off = await spool(['--version'], {
    env: { NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' },
  })
  assert.equal(off.code, 0, off.stderr)
  assert.deepEqual(files(cache), [], 'nothing cached when it is turned off')

  const first = await spool(['--version'], { env: { NODE_COMPILE_CACHE: cache } })
  assert.equal(first.code, 0, first.stderr)
  const cached = files(cache)
  // main.ts and the modules it loads (commander, the command files): more than a handful.
  assert.ok(cached.length >= 5, `compile cache entries after one run: ${cached.length}`)
  const second = await spool(['--version'], { env: { NODE_COMPILE_CACHE: cache } })
  assert.equal(second.stdout, first.stdout, 'the cached run prints the same')
})
