/** Summary of a V8 .cpuprofile: self time by function, the top entries, as percentages. */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  hitCount?: number
}

const root = resolve(import.meta.dirname, '../..')

/** The `top` functions of the newest .cpuprofile in `dir` by self time. */
export function summarizeProfile(
  dir: string,
  top = 20,
): Array<{ fn: string; where: string; percent: number }> {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .at(-1)
  if (!file) return []
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] }
  const self = new Map<string, number>()
  let total = 0
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0
    total += hits
    const url = n.callFrame.url.startsWith('file://')
      ? relative(root, new URL(n.callFrame.url).pathname)
      : n.callFrame.url
    const key = `${n.callFrame.functionName || '(anonymous)'}\t${url}:${n.callFrame.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + hits)
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, hits]) => {
      const [fn, where] = k.split('\t')
      return { fn: fn!, where: where!, percent: (hits * 100) / Math.max(1, total) }
    })
}
