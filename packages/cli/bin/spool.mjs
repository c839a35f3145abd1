#!/usr/bin/env node
// Launcher of the `spool` command. The CLI is TypeScript run by Node 24's type stripping; when the
// shell's node is older (or lacks type stripping), this re-executes the command with the Node 24
// that the repository installs (the `node` package in node_modules), found by walking up from here.
import { spawn } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(realpathSync(fileURLToPath(import.meta.url)))
const entry = join(here, '..', 'src', 'bin.ts')
const major = Number(process.versions.node.split('.')[0])

function findNode24() {
  let dir = here
  for (;;) {
    for (const candidate of [
      join(dir, 'node_modules', 'node', 'bin', 'node'),
      join(dir, 'node_modules', '.bin', 'node'),
    ]) {
      if (existsSync(candidate)) return candidate
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

if (major >= 24) {
  await import(entry)
} else {
  const node = findNode24()
  if (node === undefined) {
    process.stderr.write(
      `spool needs Node.js 24 or newer (this is ${process.version}); run \`npm ci\` in the repository or install Node 24.\n`,
    )
    process.exit(1)
  }
  const child = spawn(node, [entry, ...process.argv.slice(2)], { stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal)
    else process.exit(code ?? 1)
  })
}
