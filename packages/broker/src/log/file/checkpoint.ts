/**
 * The logStartOffset checkpoint: DeleteRecords can move the start into the middle of a segment,
 * which the segment files alone cannot say. Written to a temporary file and renamed over the old
 * one, so a crash leaves either the old or the new value, never a torn one.
 */
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LOG_START_FILE } from './names.ts'

export async function readLogStartOffset(dir: string): Promise<number | undefined> {
  try {
    const text = (await readFile(join(dir, LOG_START_FILE), 'utf8')).trim()
    const value = Number(text)
    return /^\d+$/.test(text) && Number.isSafeInteger(value) ? value : undefined
  } catch {
    return undefined
  }
}

export async function writeLogStartOffset(dir: string, offset: number, sync: boolean): Promise<void> {
  const path = join(dir, LOG_START_FILE)
  await writeFile(`${path}.tmp`, `${offset}\n`, { flush: sync })
  await rename(`${path}.tmp`, path)
}
