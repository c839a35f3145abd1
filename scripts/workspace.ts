/**
 * The repository's published packages, read from their package.json files, in build order (each
 * after the Spool packages it depends on).
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const root = resolve(import.meta.dirname, '..')

export interface Workspace {
  /** `@spool/bus` */
  name: string
  /** `bus` (its folder under packages/) */
  folder: string
  dir: string
  manifest: Record<string, any>
  /** Spool packages it needs at run time (dependencies and peer dependencies). */
  spoolDependencies: string[]
}

/** The packages under packages/, in dependency order. */
export function publishedPackages(): Workspace[] {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const folders: string[] = rootManifest.spool.packages
  const all = folders.map((folder): Workspace => {
    const dir = join(root, 'packages', folder)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const spoolDependencies = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
      .filter((name) => name.startsWith('@spool/'))
      .sort()
    return { name: manifest.name, folder, dir, manifest, spoolDependencies }
  })
  const byName = new Map(all.map((w) => [w.name, w]))
  const ordered: Workspace[] = []
  const visit = (w: Workspace, path: string[]): void => {
    if (ordered.includes(w)) return
    if (path.includes(w.name)) throw new Error(`dependency cycle: ${[...path, w.name].join(' -> ')}`)
    for (const dep of w.spoolDependencies) {
      const target = byName.get(dep)
      if (target === undefined)
        throw new Error(`${w.name} depends on ${dep}, which is not a published package`)
      visit(target, [...path, w.name])
    }
    ordered.push(w)
  }
  for (const w of all) visit(w, [])
  return ordered
}
