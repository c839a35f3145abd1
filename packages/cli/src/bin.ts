#!/usr/bin/env node
/**
 * The `spool` executable. It runs on the user's Node (22.12 or newer): it checks the version
 * first, then turns on Node's module compile cache before loading anything else (V8's code cache
 * of every module is kept on disk — NODE_COMPILE_CACHE picks the directory,
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off — which makes every start after the first faster).
 * Static imports would load before these lines run, hence the dynamic import of the program. The
 * namespace import keeps an old Node (without `enableCompileCache`) from failing to link this file,
 * so it gets to the version check.
 */
import * as nodeModule from 'node:module'

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `spool: Node.js ${process.versions.node} is not supported; Spool runs on Node.js 22.12 or newer (22, 24, 26).\n`,
  )
  process.exit(1)
}
nodeModule.enableCompileCache?.()
await import('./main.ts')
