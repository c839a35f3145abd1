#!/usr/bin/env node
/**
 * The `spool` executable (Node 24 runs this TypeScript file directly; bin/spool.mjs is the launcher
 * npm links, which finds Node 24 when the shell's node is older).
 *
 * It turns on Node's module compile cache before loading anything else: the type-stripped source
 * and V8's code cache of every module are kept on disk (NODE_COMPILE_CACHE picks the directory,
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off), which makes every start after the first 2-3x faster
 * to load. Static imports would load before this line runs, hence the dynamic import.
 */
import { enableCompileCache } from 'node:module'

enableCompileCache()
await import('./main.ts')
