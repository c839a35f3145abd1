/**
 * Keeps V8's young generation at its initial size in the `spool broker` process.
 *
 * Why: most of what the broker allocates is short-lived Buffers (socket chunks, record batches on
 * their way to the log, responses). Their bytes live outside the JS heap and are only freed when
 * the young generation is collected; left to grow (up to tens of MB), it collects seldom, and the
 * process holds that much more memory between collections. Measured with `npm run bench:broker`:
 * RSS after 1M records 160-170 MB by default, about 115 MB with this cap, for no measurable CPU cost
 * (a scavenge costs what survives it, and little does).
 *
 * `--max-semi-space-size` only acts when given at process start; the growth factor is read each
 * time V8 considers growing the young generation, so setting it to 1 at run time works.
 */
import { setFlagsFromString } from 'node:v8'

/**
 * Caps the young generation unless the user already sized it (a semi-space flag in `nodeFlags`:
 * the process's execArgv and NODE_OPTIONS). Returns whether it did.
 *
 * @example
 * capYoungGeneration([...process.execArgv, env.nodeOptions ?? ''].join(' '))
 */
export function capYoungGeneration(nodeFlags: string): boolean {
  if (/semi[-_]space/.test(nodeFlags)) return false
  setFlagsFromString('--semi-space-growth-factor=1')
  return true
}
