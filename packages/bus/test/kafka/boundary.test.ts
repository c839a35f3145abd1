/**
 * The Kafka client library is an implementation detail of the bus: only the adapter folder
 * (packages/bus/src/kafka/) may import it, so the client can be swapped in one place. This scans
 * the source of every package that sits on top of it (the testing package is left out: starting
 * and probing a real Kafka with a real client is its job).
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { test } from 'node:test'

const root = resolve(import.meta.dirname, '../../../..')
const adapterFolder = join(root, 'packages/bus/src/kafka') + sep
const scanned = ['broker', 'bus', 'catalog', 'cli', 'console', 'errors', 'gateway', 'nest', 'protocol']
const sourceFile = /\.(?:[cm]?ts|tsx|[cm]?js)$/

/**
 * Static imports and re-exports (`from '…'`, bare `import '…'`), `import('…')` and
 * `require('…')` of the library or one of its subpaths. A line that is a comment is not code.
 */
const importOfClient =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"`])@platformatic\/kafka(?:\/[^'"`]*)?\1/

function clientImports(source: string): number[] {
  const lines: number[] = []
  source.split('\n').forEach((line, i) => {
    const code = line.trimStart()
    if (code.startsWith('//') || code.startsWith('*') || code.startsWith('/*')) return
    if (importOfClient.test(line)) lines.push(i + 1)
  })
  return lines
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* sourceFiles(path)
    } else if (sourceFile.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield path
    }
  }
}

test('the scan recognises every way of loading the client, and not a mention in a comment', () => {
  const imports = [
    "import { Admin } from '@platformatic/kafka'",
    'import type { Message } from "@platformatic/kafka"',
    "import * as kafka from '@platformatic/kafka'",
    "import '@platformatic/kafka'",
    "export { Producer } from '@platformatic/kafka'",
    "export * from '@platformatic/kafka/protocol'",
    "const kafka = await import('@platformatic/kafka')",
    'const { Consumer } = require("@platformatic/kafka")',
    '}\n} from "@platformatic/kafka"',
  ]
  for (const line of imports) assert.notDeepEqual(clientImports(line), [], line)
  const mentions = [
    '/** Record headers as a Map (@platformatic/kafka). */',
    ' * import { Admin } from "@platformatic/kafka" in a JSDoc example',
    "// from '@platformatic/kafka'",
    "const name = '@platformatic/kafka-like'",
  ]
  for (const line of mentions) assert.deepEqual(clientImports(line), [], line)
})

test('only packages/bus/src/kafka/ imports @platformatic/kafka', () => {
  const offenders: string[] = []
  let files = 0
  for (const name of scanned) {
    let dir: string
    try {
      dir = join(root, 'packages', name, 'src')
      readdirSync(dir)
    } catch {
      continue // a package without sources
    }
    for (const file of sourceFiles(dir)) {
      files++
      if (file.startsWith(adapterFolder)) continue
      for (const line of clientImports(readFileSync(file, 'utf8'))) {
        offenders.push(`${relative(root, file)}:${line}`)
      }
    }
  }
  assert.ok(files > 50, `expected to scan the packages' sources, found ${files} files`)
  assert.deepEqual(offenders, [], 'import the client only through packages/bus/src/kafka/')
})

test('the adapter folder is where the client is imported', () => {
  const adapter = readFileSync(join(adapterFolder, 'adapter.ts'), 'utf8')
  assert.notDeepEqual(clientImports(adapter), [])
})
