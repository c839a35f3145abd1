/**
 * Helpers of the content-service suite. The example is NestJS with decorator syntax, which Node
 * cannot run directly: `compiled()` builds it with the repository's TypeScript (type-checked, as
 * `npm start` does) into node_modules/.cache, from where its imports resolve. The build is keyed
 * by a hash of the example's and Spool's sources and shared by every test process (a lock
 * directory serialises them), so it runs once per change, not once per test file.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  existsSync,
  globSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { TestContext } from 'node:test'
import { pathToFileURL } from 'node:url'
import { pino } from 'pino'

const exampleDir = join(import.meta.dirname, '..')
const repoDir = join(exampleDir, '../..')
const cacheDir = join(exampleDir, 'node_modules/.cache/build')

/** Hash of everything the build reads: the example's sources and config, and Spool's sources. */
function sourceHash(): string {
  const hash = createHash('sha256')
  const files = [
    ...globSync('src/**/*.mts', { cwd: exampleDir }).map((f) => join(exampleDir, f)),
    join(exampleDir, 'tsconfig.json'),
    ...globSync('packages/*/src/**/*.ts', { cwd: repoDir }).map((f) => join(repoDir, f)),
  ].sort()
  for (const file of files) hash.update(file).update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

function tsc(outDir: string): Promise<void> {
  const bin = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc')
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, '-p', join(exampleDir, 'tsconfig.json'), '--outDir', outDir],
      { timeout: 180_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`tsc failed on the example:\n${stdout}${stderr}`))
        else resolve()
      },
    )
  })
}

async function build(): Promise<string> {
  const out = join(cacheDir, sourceHash())
  const done = join(out, '.complete')
  const lock = `${out}.lock`
  mkdirSync(cacheDir, { recursive: true })
  const deadline = Date.now() + 180_000
  while (!existsSync(done)) {
    try {
      mkdirSync(lock)
    } catch {
      // Another process builds; a lock older than the tsc timeout was left by a killed one.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs
      if (since !== undefined && Date.now() - since > 180_000) rmSync(lock, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`)
      await new Promise((r) => setTimeout(r, 200))
      continue
    }
    try {
      if (existsSync(done)) break
      const staging = `${out}.tmp-${process.pid}`
      rmSync(staging, { recursive: true, force: true })
      await tsc(staging).catch((error) => {
        rmSync(staging, { recursive: true, force: true })
        throw error
      })
      writeFileSync(join(staging, '.complete'), new Date().toISOString())
      rmSync(out, { recursive: true, force: true })
      renameSync(staging, out)
      // Older builds are of older sources: keep only this one.
      for (const entry of globSync('*', { cwd: cacheDir })) {
        if (join(cacheDir, entry) !== out && !entry.endsWith('.lock') && !entry.includes('.tmp-'))
          rmSync(join(cacheDir, entry), { recursive: true, force: true })
      }
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
  }
  return join(out, 'examples/content-service/src')
}

let building: Promise<string> | undefined

/** The compiled `src/<name>.mjs` path (builds on first call when the sources changed). */
export async function compiled(name = 'app'): Promise<string> {
  building ??= build()
  return join(await building, `${name}.mjs`)
}

/** Imports a compiled module of the example (untyped: it is compiled output). */
export async function load(name = 'app'): Promise<any> {
  return import(pathToFileURL(await compiled(name)).href)
}

export const quietLogger = pino({ level: process.env.SPOOL_TEST_LOG ?? 'silent' })

export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'content-service-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Polls `check` until it returns a truthy value, which it returns; fails after `timeout` ms naming `what`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeout = 30_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** fetch + JSON (an empty body is `undefined`). */
export async function http(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined }
}
