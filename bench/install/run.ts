/**
 * What installing Spool costs a service, against the baselines a Node team compares it with, each
 * installed with npm into a fresh project outside the repository in the same run:
 *
 * - KafkaJS (the client every seed service used),
 * - @platformatic/kafka (the client library under the bus, with its dependencies),
 * - @spool/catalog + @spool/bus (from the packed tarballs) with zod,
 * - @spool/cli (the `spool` command: broker, gateway, console),
 * - @spool/nest with its NestJS peers, against the NestJS packages alone.
 *
 * For each: bytes on disk of node_modules (files' sizes, not blocks), the number of packages,
 * Spool's own share (the @spool/* folders), and the ratio to @platformatic/kafka.
 *
 *   npm run bench:install [-- --keep]
 */
import { execFileSync } from 'node:child_process'
import { globSync, lstatSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } })
const root = resolve(import.meta.dirname, '../..')
const work = mkdtempSync(join(tmpdir(), 'spool-install-'))
console.log('$ npm run bench:install')

const tarballDir = join(work, 'tarballs')
execFileSync(
  process.execPath,
  ['--conditions=spool-source', join(root, 'scripts/pack.ts'), '--out', tarballDir],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
)
const tarball = (name: string) =>
  globSync(`spool-${name}-*.tgz`, { cwd: tarballDir }).map((f) => join(tarballDir, f))
const spool = (...names: string[]) => names.flatMap(tarball)

const nest = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/microservices',
  '@nestjs/terminus',
  'reflect-metadata',
  'rxjs',
]
const cases: Array<{ name: string; install: string[] }> = [
  { name: 'kafkajs', install: ['kafkajs@2.2.4'] },
  { name: '@platformatic/kafka', install: ['@platformatic/kafka@2'] },
  { name: 'zod', install: ['zod@4'] },
  { name: '@spool/catalog + @spool/bus', install: [...spool('errors', 'catalog', 'bus'), 'zod@4'] },
  {
    name: '@spool/cli',
    install: spool('errors', 'protocol', 'catalog', 'broker', 'bus', 'gateway', 'console', 'cli'),
  },
  { name: 'NestJS peers alone', install: nest },
  { name: '@spool/nest + peers', install: [...spool('errors', 'catalog', 'bus', 'nest'), 'zod@4', ...nest] },
]

function bytesOf(dir: string): { bytes: number; packages: number } {
  let bytes = 0
  let packages = 0
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isSymbolicLink()) continue
      if (entry.isDirectory()) walk(path)
      else {
        bytes += lstatSync(path).size
        if (entry.name === 'package.json' && /node_modules[\\/](@[^\\/]+[\\/])?[^\\/]+$/.test(d)) packages++
      }
    }
  }
  walk(dir)
  return { bytes, packages }
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`
const rows: Array<{ name: string; bytes: number; packages: number; spool: number }> = []
for (const c of cases) {
  const dir = mkdtempSync(join(work, 'project-'))
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'svc', version: '1.0.0', type: 'module' }))
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...c.install],
    {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  )
  const all = bytesOf(join(dir, 'node_modules'))
  let own = 0
  try {
    own = bytesOf(join(dir, 'node_modules', '@spool')).bytes
  } catch {}
  rows.push({ name: c.name, bytes: all.bytes, packages: all.packages, spool: own })
}
const base = rows.find((r) => r.name === '@platformatic/kafka')!.bytes
console.log(
  `\n${'install'.padEnd(30)} ${'on disk'.padStart(9)} ${'packages'.padStart(9)} ${'Spool own'.padStart(10)} ${'× client'.padStart(9)}`,
)
for (const r of rows) {
  console.log(
    `${r.name.padEnd(30)} ${mb(r.bytes).padStart(9)} ${String(r.packages).padStart(9)} ${(r.spool ? mb(r.spool) : '-').padStart(10)} ${(r.bytes / base).toFixed(2).padStart(9)}`,
  )
}
if (!values.keep) rmSync(work, { recursive: true, force: true })
else console.log(`\nkept ${work}`)
