/**
 * Bookkeeping of the JVMs the harness spawned, so none outlives the Node process that started it,
 * and of the temporary folders that such a process may have left behind.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const alive = new Set<ChildProcess>()
let hooked = false

const killAll = (): void => {
  for (const child of alive) child.kill('SIGKILL')
}

// On a signal the 'exit' event never fires: kill the JVMs, then let the signal do what it would
// have done (end the process) unless the program installed handlers of its own.
const onSignal = (signal: NodeJS.Signals): void => {
  killAll()
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

/** Tracks `child` until it exits; SIGKILLs it if this process exits or is signalled first. */
export function track(child: ChildProcess): void {
  alive.add(child)
  child.once('exit', () => alive.delete(child))
  if (hooked) return
  hooked = true
  process.once('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal)
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const ownerFile = 'owner.pid'

/** Marks `dir` as owned by this process (see {@link sweepStaleDirs}). */
export function claimDir(dir: string): void {
  writeFileSync(join(dir, ownerFile), `${process.pid}\n`)
}

/** Records a JVM's pid in its node folder, so a sweep never removes a folder a JVM still uses. */
export function recordPid(nodeDir: string, pid: number): void {
  writeFileSync(join(nodeDir, 'jvm.pid'), `${pid}\n`)
}

const readPid = (file: string): number | undefined => {
  if (!existsSync(file)) return undefined
  const pid = Number(readFileSync(file, 'utf8').trim())
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

/**
 * Removes `<parent>/<prefix>*` folders left by processes that died without cleaning up (SIGKILL,
 * a crash): only when the owner is gone and no JVM recorded in them is still running.
 */
export function sweepStaleDirs(parent: string, prefix: string): void {
  let entries: string[]
  try {
    entries = readdirSync(parent).filter((name) => name.startsWith(prefix))
  } catch {
    return
  }
  for (const name of entries) {
    const dir = join(parent, name)
    try {
      const owner = readPid(join(dir, ownerFile))
      if (owner === undefined || isAlive(owner)) continue
      const jvms = readdirSync(dir)
        .map((node) => readPid(join(dir, node, 'jvm.pid')))
        .filter((pid): pid is number => pid !== undefined)
      if (jvms.some(isAlive)) continue
      rmSync(dir, { recursive: true, force: true })
    } catch {
      // Another process is sweeping or removing the same folder; leave it to them.
    }
  }
}

/** The last `lines` lines of a text file, or '' when it does not exist. */
export function tail(file: string, lines: number): string {
  if (!existsSync(file)) return ''
  const text = readFileSync(file, 'utf8').trimEnd()
  return text.split('\n').slice(-lines).join('\n')
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
