/**
 * `npm run docs`: the HTML API reference of every package's public entry (`packages/<name>/src/
 * index.ts`), written to docs/api/ by TypeDoc. Exits non-zero on any warning (a broken `{@link}`,
 * a public type referring to one that is not exported, an undocumented function, class or method),
 * so CI can run it as a check.
 *
 * TypeDoc loads the classic TypeScript compiler API, which the repository's TypeScript 7 (the native
 * compiler) no longer ships. It therefore lives in tools/docs/, a folder outside the workspaces with
 * its own lock file pinning TypeDoc and the TypeScript it supports; this script installs it there
 * (`npm ci --prefix tools/docs`) when it is missing or does not match the pinned versions.
 * Configuration: tools/docs/typedoc.json.
 *
 * Usage: npm run docs [-- typedoc flags…]   e.g. npm run docs -- --logLevel Verbose
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const tool = join(root, 'tools/docs')
const started = performance.now()

const readJson = (path: string): Record<string, any> => JSON.parse(readFileSync(path, 'utf8'))

/** Names of the pinned packages whose installed version differs from the pin (or is absent). */
const stalePins = (): string[] => {
  const pins: Record<string, string> = readJson(join(tool, 'package.json')).devDependencies
  return Object.entries(pins)
    .filter(([name, version]) => {
      const installed = join(tool, 'node_modules', name, 'package.json')
      return !existsSync(installed) || readJson(installed).version !== version
    })
    .map(([name]) => name)
}

const stale = stalePins()
if (stale.length > 0) {
  process.stderr.write(`[npm run docs] installing tools/docs (${stale.join(', ')})\n`)
  const install = spawnSync('npm', ['ci', '--prefix', tool, '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (install.status !== 0) {
    process.stderr.write('[npm run docs] npm ci --prefix tools/docs failed\n')
    process.exit(install.status ?? 1)
  }
}

const typedoc = spawnSync(
  process.execPath,
  [
    join(tool, 'node_modules/typedoc/bin/typedoc'),
    '--options',
    join(tool, 'typedoc.json'),
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
)
const seconds = ((performance.now() - started) / 1000).toFixed(1)
if (typedoc.status === 0) {
  process.stderr.write(`[npm run docs] docs/api/index.html written in ${seconds} s, no warnings\n`)
} else {
  process.stderr.write(`[npm run docs] failed after ${seconds} s: fix the warnings above\n`)
}
process.exit(typedoc.status ?? 1)
