/**
 * `npm run build`: builds every published package to JavaScript and declaration files (dist/),
 * with `tsc -b` over project references. Each package's tsconfig.json references exactly the Spool
 * packages its package.json depends on: this script writes those references first, so the build
 * order can never drift from the dependencies.
 *
 * Usage: npm run build [-- --clean]
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { publishedPackages, root } from './workspace.ts'

const packages = publishedPackages()
const folderOf = new Map(packages.map((w) => [w.name, w.folder]))

for (const w of packages) {
  const config = {
    extends: '../../tsconfig.base.json',
    compilerOptions: { composite: true, declaration: true, rootDir: 'src', outDir: 'dist' },
    include: ['src/**/*.ts'],
    references: w.spoolDependencies.map((dep) => ({ path: `../${folderOf.get(dep)}` })),
  }
  const file = join(w.dir, 'tsconfig.json')
  const text = `${JSON.stringify(config, null, 2)}\n`
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text)
}

const solution = {
  files: [],
  references: packages.map((w) => ({ path: `./${relative(root, w.dir)}` })),
}
const solutionFile = join(root, 'tsconfig.build.json')
const solutionText = `${JSON.stringify(solution, null, 2)}\n`
if (!existsSync(solutionFile) || readFileSync(solutionFile, 'utf8') !== solutionText) {
  writeFileSync(solutionFile, solutionText)
}

if (process.argv.includes('--clean')) {
  for (const w of packages) rmSync(join(w.dir, 'dist'), { recursive: true, force: true })
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
const started = performance.now()
const result = spawnSync(process.execPath, [tsc, '-b', solutionFile], { cwd: root, stdio: 'inherit' })
if (result.status !== 0) {
  process.stderr.write(`build failed (tsc exit ${result.status ?? result.signal})\n`)
  process.exit(1)
}
// A package's executables (`bin`) must be executable wherever npm links them, in this repository too.
for (const w of packages) {
  const bins = typeof w.manifest.bin === 'string' ? [w.manifest.bin] : Object.values(w.manifest.bin ?? {})
  for (const bin of bins as string[]) {
    const file = join(w.dir, bin)
    if (existsSync(file)) chmodSync(file, 0o755)
  }
  // npm links a workspace's bins at install time only when their files exist; a fresh clone builds
  // after installing, so the link (node_modules/.bin/<name> → the package's bin) is made here.
  for (const [name, bin] of Object.entries((w.manifest.bin ?? {}) as Record<string, string>)) {
    const link = join(root, 'node_modules', '.bin', name)
    if (existsSync(join(w.dir, bin)) && !existsSync(link)) {
      mkdirSync(dirname(link), { recursive: true })
      rmSync(link, { force: true })
      symlinkSync(join('..', ...w.name.split('/'), bin), link)
    }
  }
}

process.stdout.write(
  `built ${packages.length} packages in ${Math.round(performance.now() - started)} ms: ${packages.map((w) => w.name).join(', ')}\n`,
)
