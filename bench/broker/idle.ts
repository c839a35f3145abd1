/**
 * RSS of an idle `spool broker` (file-backed, fresh data directory), measured the way
 * `npm run bench:broker` measures it: spawn, first acknowledged produce, then 1.5 s of quiet, then
 * VmRSS from /proc/<pid>/status, with the mappings that hold it (the node binary's pages, anonymous
 * memory: V8 heap and WebAssembly, the malloc heap).
 *
 * Usage: node bench/broker/idle.ts [--runs 5]
 */

import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { rssMb, startEmbedded } from './brokers.ts'

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '5' } } })

/** Resident MB by mapping: the node binary, anonymous memory, the malloc heap. */
function mappings(pid: number): string {
  const by = new Map<string, number>()
  let current = ''
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (head) {
      const name = head[1] ?? ''
      current =
        name === ''
          ? 'anonymous'
          : name === '[heap]'
            ? 'malloc heap'
            : name.endsWith('/node')
              ? 'node binary'
              : 'other'
      continue
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line)
    if (rss) by.set(current, (by.get(current) ?? 0) + Number(rss[1]) / 1000)
  }
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', ')
}

const rss: number[] = []
for (let i = 0; i < Number(args.runs); i++) {
  const b = await startEmbedded()
  await new Promise((r) => setTimeout(r, 1500))
  rss.push(rssMb(b.pid))
  console.log(
    `run ${i + 1}: RSS ${rss.at(-1)!.toFixed(1)} MB (${mappings(b.pid)}); first acked produce ${Math.round(b.startupMs)} ms after spawn`,
  )
  await b.stop()
}
const sorted = [...rss].sort((a, b) => a - b)
console.log(
  `idle spool broker RSS: median ${sorted[sorted.length >> 1]!.toFixed(1)} MB over ${rss.length} runs; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
