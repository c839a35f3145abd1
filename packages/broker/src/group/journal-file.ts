/**
 * The file journal: `<dir>/groups.jsonl`, one JSON record per line, the first line a header
 * `{"t":"header","format":1}`. Appends are serialized, and those arriving while a write is in
 * flight are written together by the next write() call (group commit), so a process kill leaves at
 * most one torn line at the end; load drops it and truncates the
 * file back to the last complete line. A line that does not parse in the middle of the file is
 * skipped (and reported). Rewrites go to `groups.jsonl.tmp`, are fsynced and renamed over the
 * journal, so a crash during compaction leaves the old or the new journal, never a mix.
 */
import { type FileHandle, mkdir, open, readFile, rename, truncate, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { BrokerErrorCodes, SpoolBrokerError } from '../errors.ts'
import type { GroupJournal, JournalRecord } from './journal.ts'

const FILE = 'groups.jsonl'
const FORMAT = 1
const HEADER = `${JSON.stringify({ t: 'header', format: FORMAT })}\n`
const KINDS = new Set(['group', 'group-del', 'commit', 'offset-del'])

export interface FileJournalReport {
  /** Lines skipped because they did not parse. */
  skippedLines: number
  /** Bytes of a torn last line removed. */
  truncatedBytes: number
}

const storageError = (message: string, cause: unknown) =>
  new SpoolBrokerError(BrokerErrorCodes.STORAGE, message, { cause })
const closedError = () => new SpoolBrokerError(BrokerErrorCodes.STATE, 'the group journal is closed')

/**
 * Opens (creating if needed) the journal in `dir`.
 *
 * @example
 * const journal = await openFileJournal('/data/__groups')
 * const records = await journal.load()
 */
export async function openFileJournal(
  dir: string,
  onReport: (report: FileJournalReport) => void = () => {},
): Promise<GroupJournal> {
  const path = join(dir, FILE)
  try {
    await mkdir(dir, { recursive: true })
    await unlink(`${path}.tmp`).catch(() => {})
  } catch (e) {
    throw storageError(`cannot create the group journal directory ${dir}`, e)
  }
  let handle: FileHandle | undefined
  let size = 0
  let chain: Promise<void> = Promise.resolve()
  let closed = false

  const enqueue = (work: () => Promise<void>): Promise<void> => {
    const next = chain.then(work)
    chain = next.catch(() => {})
    return next
  }

  const openAppend = async () => {
    handle = await open(path, 'a')
  }

  // Group commit: appends that arrive while a write is in flight join one batch, written by the next
  // write() call. A batch accepts appends until its write starts, or until a rewrite is requested
  // (appends made after a rewrite call must land in the rewritten file, not in the old one).
  type Item = { text: string; resolve: () => void; reject: (e: unknown) => void }
  let accepting: Item[] | undefined
  const write = async (batch: Item[]) => {
    if (accepting === batch) accepting = undefined
    try {
      if (closed || handle === undefined) throw closedError()
      const text = batch.map((i) => i.text).join('')
      await handle.write(text)
      size += Buffer.byteLength(text)
      for (const i of batch) i.resolve()
    } catch (e) {
      for (const i of batch) i.reject(e)
    }
  }

  return {
    get size() {
      return size
    },
    async load() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw storageError(`cannot read ${path}`, e)
        text = ''
      }
      const report: FileJournalReport = { skippedLines: 0, truncatedBytes: 0 }
      const end = text.lastIndexOf('\n') + 1
      if (end < text.length) {
        report.truncatedBytes = Buffer.byteLength(text.slice(end))
        await truncate(path, Buffer.byteLength(text.slice(0, end)))
      }
      const records: JournalRecord[] = []
      const lines = text.slice(0, end).split('\n')
      lines.pop()
      for (const [i, line] of lines.entries()) {
        let parsed: { t?: unknown; format?: unknown }
        try {
          parsed = JSON.parse(line)
        } catch {
          report.skippedLines++
          continue
        }
        if (parsed.t === 'header') {
          if (i === 0 && parsed.format !== FORMAT)
            throw storageError(
              `${path} has journal format ${String(parsed.format)}, this broker reads ${FORMAT}`,
              null,
            )
          continue
        }
        if (typeof parsed.t === 'string' && KINDS.has(parsed.t)) records.push(parsed as JournalRecord)
        else report.skippedLines++
      }
      if (report.skippedLines > 0 || report.truncatedBytes > 0) onReport(report)
      if (text.length === 0)
        await enqueue(async () => {
          const fh = await open(path, 'a')
          await fh.writeFile(HEADER)
          await fh.close()
        })
      await openAppend()
      size = 0
      return records
    },
    append(records) {
      if (records.length === 0) return Promise.resolve()
      const text = records.map((r) => `${JSON.stringify(r)}\n`).join('')
      return new Promise<void>((resolve, reject) => {
        if (accepting === undefined) {
          const batch: Item[] = []
          accepting = batch
          enqueue(() => write(batch)).catch(() => {})
        }
        accepting.push({ text, resolve, reject })
      })
    },
    rewrite(records) {
      const text = HEADER + records.map((r) => `${JSON.stringify(r)}\n`).join('')
      // Appends made before this call are in `records` already and go to the old file first.
      accepting = undefined
      return enqueue(async () => {
        if (closed) throw closedError()
        const tmp = `${path}.tmp`
        const fh = await open(tmp, 'w')
        try {
          await fh.writeFile(text)
          await fh.sync()
        } finally {
          await fh.close()
        }
        await handle?.close()
        handle = undefined
        await rename(tmp, path)
        const d = await open(dir, 'r').catch(() => undefined)
        if (d !== undefined)
          await d
            .sync()
            .catch(() => {})
            .finally(() => d.close())
        await openAppend()
        size = 0
      })
    },
    close() {
      return enqueue(async () => {
        if (closed) return
        closed = true
        await handle?.close()
        handle = undefined
      })
    },
  }
}
