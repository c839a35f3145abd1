/**
 * Compiles a TypeScript project (an example written with decorator syntax, which Node cannot run
 * directly) with the repository's TypeScript, type-checked, once per change of its sources. The
 * output is cached in the project's node_modules/.cache/build under a hash of the project's and
 * Spool's sources, and shared by every test process: a lock directory serialises the builds.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
// globSync through the module object: a named import of it (Node 22+) would fail to link on an
// older Node before @spool/errors could name the versions Spool supports.
import fs, { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { SpoolTestingError, testingErrorCodes } from './errors.ts'

const BUILD_TIMEOUT = 180_000 // ms: tsc of an example with NestJS types on a loaded 2-core machine
const repoDir = resolve(import.meta.dirname, '../../..')

export interface CompiledProject {
  /** The compiled file of `source` (a path relative to the project, e.g. `src/app.mts`). */
  compiled(source: string): Promise<string>
  /** Imports the compiled module of `source` (untyped: it is compiled output). */
  load(source: string): Promise<any>
}

/** A lazily built project: the first `compiled()`/`load()` builds when the sources changed. */
export function compiledProject(projectDir: string): CompiledProject {
  let building: Promise<string> | undefined
  const compiled = async (source: string) => {
    building ??= build(resolve(projectDir))
    const out = join(await building, relative(rootDirOf(projectDir), resolve(projectDir, source)))
    return out.replace(/\.mts$/, '.mjs').replace(/\.ts$/, '.js')
  }
  return { compiled, load: async (source) => import(pathToFileURL(await compiled(source)).href) }
}

/** The project's `compilerOptions.rootDir` (the layout of the output mirrors it). */
function rootDirOf(projectDir: string): string {
  const config = readFileSync(join(projectDir, 'tsconfig.json'), 'utf8')
  const rootDir = /"rootDir"\s*:\s*"([^"]+)"/.exec(config)?.[1] ?? '.'
  return resolve(projectDir, rootDir)
}

const notSources = (file: string) => /(^|\/)(node_modules|test|dist|\.build)(\/|$)/.test(file)

/** Hash of everything the build reads: the project's sources and config, and Spool's sources. */
function sourceHash(projectDir: string): string {
  const hash = createHash('sha256')
  const files = [
    ...fs.globSync('**/*.{ts,mts}', { cwd: projectDir, exclude: notSources }).map((f) => join(projectDir, f)),
    join(projectDir, 'tsconfig.json'),
    ...fs.globSync('packages/*/src/**/*.ts', { cwd: repoDir }).map((f) => join(repoDir, f)),
  ].sort()
  for (const file of files) hash.update(file).update(readFileSync(file))
  return hash.digest('hex').slice(0, 16)
}

function tsc(projectDir: string, outDir: string): Promise<void> {
  const bin = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin/tsc')
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [bin, '-p', join(projectDir, 'tsconfig.json'), '--outDir', outDir],
      { timeout: BUILD_TIMEOUT },
      (error, stdout, stderr) => {
        if (error) {
          const message = `tsc failed on ${relative(repoDir, projectDir)}:\n${stdout}${stderr}`
          fail(new SpoolTestingError(testingErrorCodes.build, message, { cause: error }))
        } else done()
      },
    )
  })
}

async function build(projectDir: string): Promise<string> {
  const cacheDir = join(projectDir, 'node_modules/.cache/build')
  const out = join(cacheDir, sourceHash(projectDir))
  const done = join(out, '.complete')
  const lock = `${out}.lock`
  mkdirSync(cacheDir, { recursive: true })
  const deadline = Date.now() + BUILD_TIMEOUT
  while (!existsSync(done)) {
    try {
      mkdirSync(lock)
    } catch {
      // Another process builds; a lock older than the tsc timeout was left by a killed one.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs
      if (since !== undefined && Date.now() - since > BUILD_TIMEOUT)
        rmSync(lock, { recursive: true, force: true })
      if (Date.now() > deadline) {
        throw new SpoolTestingError(testingErrorCodes.timeout, `timed out waiting for the build lock ${lock}`)
      }
      await new Promise((r) => setTimeout(r, 200))
      continue
    }
    try {
      if (existsSync(done)) break
      const staging = `${out}.tmp-${process.pid}`
      rmSync(staging, { recursive: true, force: true })
      await tsc(projectDir, staging).catch((error) => {
        rmSync(staging, { recursive: true, force: true })
        throw error
      })
      writeFileSync(join(staging, '.complete'), new Date().toISOString())
      rmSync(out, { recursive: true, force: true })
      renameSync(staging, out)
      // Older builds are of older sources: keep only this one.
      for (const entry of fs.globSync('*', { cwd: cacheDir })) {
        if (join(cacheDir, entry) !== out && !entry.endsWith('.lock') && !entry.includes('.tmp-'))
          rmSync(join(cacheDir, entry), { recursive: true, force: true })
      }
    } finally {
      rmSync(lock, { recursive: true, force: true })
    }
  }
  return out
}
