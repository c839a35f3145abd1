/**
 * Summarizes a V8 CPU profile (from `node --cpu-prof`) by self time: the top functions with their
 * file and line, and the total per file, so a slowdown can be named precisely (file:function).
 *
 *   npx node --cpu-prof --cpu-prof-dir=bench/results/prof bench/bus/run.ts --side bus --only throughput
 *   npx node bench/bus/profile.ts bench/results/prof/<file>.cpuprofile [--top 40] [--filter spool]
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, filter: { type: 'string', default: '' } },
})
if (positionals.length !== 1) {
  console.error('usage: npx node bench/bus/profile.ts <file.cpuprofile> [--top 40] [--filter text]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfUs = new Map<number, number>()
profile.samples.forEach((id, i) => {
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
})
const totalUs = profile.timeDeltas.reduce((a, b) => a + b, 0)

/** Shortens a module URL to the part a reader recognizes (package path or repository path). */
const short = (url: string): string => {
  if (!url) return '(native)'
  const nm = url.lastIndexOf('node_modules/')
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length)
  const pkg = url.search(/\/(packages|bench)\//)
  return pkg >= 0 ? url.slice(pkg + 1) : url.replace(/^file:\/\//, '')
}

// Inclusive time: every function on a sampled stack gets the sample once (recursion counted once).
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
const nameOf = (id: number) => {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame
  return `${short(url)}:${lineNumber + 1} ${functionName || '(anonymous)'}`
}
const functions = new Map<string, number>()
const files = new Map<string, number>()
for (const [id, us] of selfUs) {
  const file = short(byId.get(id)!.callFrame.url)
  const name = nameOf(id)
  functions.set(name, (functions.get(name) ?? 0) + us)
  files.set(file, (files.get(file) ?? 0) + us)
}

const inclusive = new Map<string, number>()
for (const [id, us] of selfUs) {
  const onStack = new Set<string>()
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) onStack.add(nameOf(at))
  for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + us)
}

const pct = (us: number) => `${((us / totalUs) * 100).toFixed(1).padStart(5)}%`
const ms = (us: number) => `${(us / 1_000).toFixed(0).padStart(7)} ms`
const top = Number(values.top)
const show = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`)
  ;[...entries]
    .filter(([name]) => name.includes(values.filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([name, us]) => {
      console.log(`${pct(us)} ${ms(us)}  ${name}`)
    })
}
console.log(`${positionals[0]}: ${(totalUs / 1e6).toFixed(1)} s sampled`)
show('Self time by function', functions)
show('Self time by file', files)
show('Total time (self + callees) by function', inclusive)
