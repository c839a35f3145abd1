/**
 * What every adoption test needs once per run: the packed tarballs, and the Node binaries the
 * projects run on (22 and 26, the oldest and newest majors Spool supports, from the npm registry's
 * `node` package, kept in the repository's .cache/node/<major> between runs).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { publishedPackages } from '../../../scripts/workspace.ts'
import { isAlive, onceAcrossProcesses } from './once.ts'
import { projectEnv, run } from './processes.ts'

export const root = resolve(import.meta.dirname, '..', '..', '..')

/** The Node majors every project runs on. */
export const nodeMajors = [22, 26] as const
export type NodeMajor = (typeof nodeMajors)[number]

/**
 * The folder shared by the test files of one run: `npm test` sets SPOOL_ADOPTION_DIR (and removes
 * it afterwards); a bare `node --test` run uses one per test runner process, removed by a later
 * run once that process is gone.
 */
export const runDir = process.env.SPOOL_ADOPTION_DIR ?? runnerDir()

function runnerDir(): string {
  for (const entry of readdirSync(tmpdir())) {
    const pid = /^spool-adoption-runner-(\d+)$/.exec(entry)?.[1]
    if (pid !== undefined && !isAlive(Number(pid)))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true })
  }
  return join(tmpdir(), `spool-adoption-runner-${process.ppid}`)
}

/** A packed Spool package: `@spool/bus` → its tarball. */
export type Tarballs = Record<string, string>

/**
 * Packs every package once per run (`scripts/pack.ts --no-build`: `npm test` has built them).
 *
 * @example
 * const files = await tarballs() // { '@spool/bus': '/tmp/…/spool-bus-0.1.0.tgz', … }
 */
export function tarballs(): Promise<Tarballs> {
  const out = join(runDir, 'tarballs')
  return onceAcrossProcesses(
    join(runDir, 'tarballs.json'),
    async () => {
      const ran = await run(
        process.execPath,
        [join(root, 'scripts', 'pack.ts'), '--no-build', '--json', '--out', out],
        { cwd: root, node: process.execPath, timeout: 300_000 },
      )
      if (ran.code !== 0) throw new Error(`scripts/pack.ts failed (${ran.code}):\n${ran.stderr}`)
      const packed = JSON.parse(ran.stdout) as Array<{ name: string; file: string }>
      return Object.fromEntries(packed.map((p) => [p.name, p.file]))
    },
    300_000,
    (files) => Object.values(files).every((f) => existsSync(f)),
  )
}

/**
 * The Spool packages to install for `wanted` (`['bus', 'cli']` or `@spool/…` names): they and every
 * Spool package they depend on, since npm finds `@spool/x@0.1.0` only among the tarballs given on
 * the same command line.
 */
export function spoolClosure(wanted: readonly string[]): string[] {
  const byName = new Map(publishedPackages().map((w) => [w.name, w]))
  const names = new Set<string>()
  const visit = (name: string): void => {
    const full = name.startsWith('@spool/') ? name : `@spool/${name}`
    if (names.has(full)) return
    const w = byName.get(full)
    if (w === undefined) throw new Error(`${full} is not a published Spool package`)
    names.add(full)
    w.spoolDependencies.forEach(visit)
  }
  wanted.forEach(visit)
  return [...names].sort()
}

/** A Node binary of one major, installed once into .cache/node/<major>. */
export async function nodeBinary(major: NodeMajor): Promise<string> {
  const dir = join(root, '.cache', 'node', String(major))
  const binary = join(dir, 'node_modules', 'node', 'bin', 'node')
  const ok = (path: string): boolean => {
    if (!existsSync(path)) return false
    const version = spawnSync(path, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? ''
    return version.startsWith(`v${major}.`)
  }
  if (ok(binary)) return binary
  const installed = await onceAcrossProcesses(
    join(dir, 'binary.json'),
    async () => {
      mkdirSync(dir, { recursive: true })
      writeFileSync(
        join(dir, 'package.json'),
        `${JSON.stringify({ private: true, allowScripts: { node: true } }, null, 2)}\n`,
      )
      const ran = await run(
        'npm',
        ['install', `node@${major}`, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
        { cwd: dir, node: process.execPath, timeout: 300_000 },
      )
      if (ran.code !== 0 || !ok(binary)) {
        throw new Error(`npm install node@${major} did not give a Node ${major} binary:\n${ran.stderr}`)
      }
      return { binary }
    },
    300_000,
    (result) => ok(result.binary),
  )
  return installed.binary
}

/** An installed Node older than Spool supports (the machine's own Node 20, say), if there is one. */
export function unsupportedNode(): { path: string; version: string } | { skip: string } {
  const candidates = [
    '/usr/bin/node',
    '/usr/local/bin/node',
    ...(process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'node')),
  ]
  for (const path of new Set(candidates)) {
    if (!existsSync(path)) continue
    let version: string
    try {
      version = execFileSync(path, ['--version'], { encoding: 'utf8', env: projectEnv(path) }).trim()
    } catch {
      continue
    }
    const [major = 0, minor = 0] = version.slice(1).split('.').map(Number)
    if (major < 22 || (major === 22 && minor < 12)) return { path, version }
  }
  return { skip: `no Node.js older than 22.12 installed (looked at ${[...new Set(candidates)].join(', ')})` }
}
