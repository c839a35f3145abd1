/**
 * Small JSON state files written atomically: the new content goes to a temporary file which is
 * fsynced and renamed over the old one, so a crash leaves either the old or the new file, never a
 * torn one. Writes to the same path are serialized and coalesced (only the latest content is kept).
 */
import { open, readFile, rename, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Reads and parses a JSON file; undefined when it does not exist. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
  return JSON.parse(text) as T
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`
  const fh = await open(tmp, 'w')
  try {
    await fh.writeFile(text)
    await fh.sync()
  } finally {
    await fh.close()
  }
  try {
    await rename(tmp, path)
  } catch (e) {
    await unlink(tmp).catch(() => {})
    throw e
  }
  // The rename itself is durable only once the directory entry is flushed.
  const dir = await open(dirname(path), 'r').catch(() => undefined)
  if (dir !== undefined)
    await dir
      .sync()
      .catch(() => {})
      .finally(() => dir.close())
}

/**
 * One JSON file, written atomically; concurrent `write` calls coalesce into at most one pending write.
 *
 * @example
 * const file = new JsonFile('/data/topics.json')
 * await file.write({ topics: [] })
 */
export class JsonFile {
  readonly path: string
  #running: Promise<void> | undefined
  #pending:
    | { text: string; waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> }
    | undefined

  constructor(path: string) {
    this.path = path
  }

  read<T>(): Promise<T | undefined> {
    return readJsonFile<T>(this.path)
  }

  write(value: unknown): Promise<void> {
    const text = `${JSON.stringify(value, null, 2)}\n`
    return new Promise((resolve, reject) => {
      if (this.#pending === undefined) this.#pending = { text, waiters: [] }
      this.#pending.text = text
      this.#pending.waiters.push({ resolve, reject })
      if (this.#running === undefined) this.#running = this.#drain()
    })
  }

  async #drain(): Promise<void> {
    while (this.#pending !== undefined) {
      const { text, waiters } = this.#pending
      this.#pending = undefined
      try {
        await writeAtomic(this.path, text)
        for (const w of waiters) w.resolve()
      } catch (e) {
        for (const w of waiters) w.reject(e)
      }
    }
    this.#running = undefined
  }
}
