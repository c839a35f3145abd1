/**
 * Work done once for every test file of a run (packing the tarballs, installing a Node binary),
 * although node --test runs the files in parallel processes: the first process to create the lock
 * folder does the work and writes a result file; the others wait for that file. A lock whose owner
 * died (its pid is gone) is taken over.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Whether a process with this pid exists. */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

const ownerOf = (lock: string): number | undefined => {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * Returns the JSON in `resultFile`, computing it with `work` first unless a process already did.
 * `valid` rejects a result left by an earlier run that no longer holds (a deleted binary).
 *
 * @example
 * const files = await onceAcrossProcesses(join(dir, 'tarballs.json'), () => pack(dir), 300_000)
 */
export async function onceAcrossProcesses<T>(
  resultFile: string,
  work: () => Promise<T>,
  timeout: number,
  valid: (result: T) => boolean = () => true,
): Promise<T> {
  const read = (): T | undefined => {
    if (!existsSync(resultFile)) return undefined
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as T
    return valid(result) ? result : undefined
  }
  const lock = `${resultFile}.lock`
  mkdirSync(dirname(resultFile), { recursive: true })
  const deadline = Date.now() + timeout
  for (;;) {
    const done = read()
    if (done !== undefined) return done
    let mine = false
    try {
      mkdirSync(lock)
      mine = true
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = ownerOf(lock)
      // A lock without a pid file is being created right now; one whose owner is gone is stale.
      if (owner !== undefined && !isAlive(owner)) rmSync(lock, { recursive: true, force: true })
    }
    if (mine) {
      try {
        writeFileSync(join(lock, 'pid'), String(process.pid))
        const again = read()
        if (again !== undefined) return again
        const result = await work()
        // Written whole, then renamed: a waiting process never reads half a file.
        writeFileSync(`${resultFile}.tmp`, JSON.stringify(result))
        renameSync(`${resultFile}.tmp`, resultFile)
        return result
      } finally {
        rmSync(lock, { recursive: true, force: true })
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for another test process to write ${resultFile}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
}
