/**
 * Temporary folders for file store tests. They are removed after the whole file ran: per-test
 * cleanup hooks run in registration order, which would delete a folder before its store closed.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'

const made: string[] = []
after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))))

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'spool-log-'))
  made.push(dir)
  return dir
}
