/**
 * The table of codes against what it describes: the codes the packages' sources raise, and the
 * README's error table users read. Both are read as text, independently of the table.
 */
import assert from 'node:assert/strict'
import { globSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { test } from 'node:test'
import { errorCodes, isErrorCode } from '../src/index.ts'

const root = resolve(import.meta.dirname, '../../..')
const tableFile = 'packages/errors/src/codes.ts'
const sources = globSync('packages/*/src/**/*.ts', { cwd: root })
  .filter((file) => file !== tableFile)
  .sort()
const read = (file: string) => readFileSync(resolve(root, file), 'utf8')

/** Every `SPOOL_ERR_*` literal of the sources, with the files it appears in. */
function codesInSources(): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const file of sources) {
    for (const [code] of read(file).matchAll(/SPOOL_ERR_[A-Z_]+/g)) {
      const files = found.get(code) ?? []
      if (!files.includes(file)) files.push(file)
      found.set(code, files)
    }
  }
  return found
}

test('the sources are found (the scan below is not vacuous)', () => {
  for (const pkg of ['protocol', 'broker', 'catalog', 'bus', 'gateway', 'nest', 'cli', 'testing']) {
    assert.ok(
      sources.some((f) => f.startsWith(`packages/${pkg}/src/`)),
      `no sources of ${pkg}`,
    )
  }
})

test('every SPOOL_ERR_* code in the sources is in the table', () => {
  const missing = [...codesInSources()]
    .filter(([code]) => !isErrorCode(code))
    .map(([code, files]) => `${code} (${files.join(', ')})`)
  assert.deepEqual(missing, [], 'codes raised but not in packages/errors/src/codes.ts')
})

test('every code in the table is raised somewhere', () => {
  const used = codesInSources()
  const unused = Object.keys(errorCodes).filter((code) => !used.has(code))
  assert.deepEqual(unused, [], 'codes in the table that no package raises')
})

test('every code in the table is in the README error table with its meaning', () => {
  const readme = read('README.md')
  const rows = new Map<string, string[]>()
  for (const line of readme.split('\n')) {
    const match = /^\| `(SPOOL_ERR_[A-Z_]+)` \|(.*)\|\s*$/.exec(line)
    if (!match) continue
    // Cells split on pipes not escaped with a backslash.
    const cells = match[2]!.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'))
    rows.set(match[1]!, cells)
  }
  const problems: string[] = []
  for (const [code, info] of Object.entries(errorCodes)) {
    const cells = rows.get(code)
    if (!cells) problems.push(`${code}: no row in README.md`)
    else if (cells[0] !== info.meaning) problems.push(`${code}: README says "${cells[0]}"`)
  }
  for (const code of rows.keys()) if (!isErrorCode(code)) problems.push(`${code}: in README.md only`)
  assert.deepEqual(problems, [], 'README.md is behind the table: run npm run errors:table')
})

test('the table says what each code means and what to do', () => {
  for (const [code, info] of Object.entries(errorCodes)) {
    assert.match(code, /^SPOOL_ERR_[A-Z]+(_[A-Z]+)*$/)
    assert.ok(info.meaning.length > 10 && info.action.length > 5, code)
    assert.equal(typeof info.retryable, 'boolean', code)
  }
})

// Only this line may build a plain Error: it turns a non-Error a handler threw into one to read its
// message and stack for the dead-letter headers; it is never thrown.
const allowed = new Set([
  'packages/bus/src/failure/headers.ts: const err = error instanceof Error ? error : new Error(String(error))',
])

test('no plain Error is thrown or rejected with in the sources', () => {
  const found: string[] = []
  for (const file of sources) {
    for (const line of read(file).split('\n')) {
      if (!/\bnew (Error|TypeError|RangeError)\(|\bthrow\s+Error\(|\breject\(\s*Error\(/.test(line)) continue
      const entry = `${file}: ${line.trim()}`
      if (!allowed.has(entry)) found.push(entry)
    }
  }
  assert.deepEqual(found, [], 'use a Spool error (a package error class, or SpoolError) instead')
})
