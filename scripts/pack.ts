/**
 * `npm run pack`: builds the packages and packs each into the tarball a user installs
 * (`<out>/spool-<name>-<version>.tgz`, default out: .cache/tarballs).
 *
 * Each package is packed from a staging copy whose package.json is the published one: the
 * `spool-source` export condition (which points this repository's own tests at the TypeScript
 * sources) and the devDependencies are removed, and the root LICENSE is added. What goes in is
 * what the package's `files` list names — built JavaScript, declarations, README, assets.
 *
 * Usage: npm run pack [-- --out DIR] [--no-build] [--json]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { publishedPackages, root, type Workspace } from './workspace.ts'

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(root, '.cache', 'tarballs') },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
})
const out = resolve(values.out)

if (!values['no-build']) {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.ts')], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(1)
}

/** The manifest users get. */
function publishedManifest(w: Workspace): Record<string, unknown> {
  const { devDependencies: _dev, scripts: _scripts, ...manifest } = w.manifest
  const exports = JSON.parse(JSON.stringify(manifest.exports)) as Record<string, unknown>
  for (const entry of Object.values(exports)) {
    if (entry && typeof entry === 'object') delete (entry as Record<string, unknown>)['spool-source']
  }
  return { ...manifest, exports }
}

export interface Packed {
  name: string
  file: string
  /** bytes of the tarball */
  size: number
  /** bytes once unpacked */
  unpackedSize: number
  entryCount: number
}

const staging = join(root, '.cache', 'pack-staging')
rmSync(staging, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const packed: Packed[] = []
for (const w of publishedPackages()) {
  if (!existsSync(join(w.dir, 'dist', 'index.js'))) throw new Error(`${w.name} is not built (npm run build)`)
  const dir = join(staging, w.folder)
  mkdirSync(dir, { recursive: true })
  cpSync(join(w.dir, 'dist'), join(dir, 'dist'), {
    recursive: true,
    filter: (src) => !src.endsWith('.tsbuildinfo'),
  })
  for (const extra of ['public', 'kafka']) {
    if (existsSync(join(w.dir, extra))) cpSync(join(w.dir, extra), join(dir, extra), { recursive: true })
  }
  if (existsSync(join(w.dir, 'README.md'))) copyFileSync(join(w.dir, 'README.md'), join(dir, 'README.md'))
  copyFileSync(join(root, 'LICENSE'), join(dir, 'LICENSE'))
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(publishedManifest(w), null, 2)}\n`)
  const report = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8' }),
  )[0] as { filename: string; size: number; unpackedSize: number; entryCount: number }
  packed.push({
    name: w.name,
    file: join(out, report.filename),
    size: report.size,
    unpackedSize: report.unpackedSize,
    entryCount: report.entryCount,
  })
}
rmSync(staging, { recursive: true, force: true })

if (values.json) process.stdout.write(`${JSON.stringify(packed, null, 2)}\n`)
else {
  for (const p of packed) {
    process.stdout.write(
      `${p.name.padEnd(16)} ${(p.size / 1024).toFixed(0).padStart(5)} kB packed ${(p.unpackedSize / 1024).toFixed(0).padStart(6)} kB unpacked  ${p.file}\n`,
    )
  }
}
