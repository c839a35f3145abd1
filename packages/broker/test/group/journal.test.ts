import assert from 'node:assert/strict'
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { createMemoryJournal, type GroupJournal, type JournalRecord } from '../../src/group/journal.ts'
import { openFileJournal } from '../../src/group/journal-file.ts'

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'spool-groups-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

const commit = (g: string, offset: number): JournalRecord => ({
  t: 'commit',
  g,
  o: [['orders', 0, String(offset), -1, '', 1, -1]],
})

/** One contract, two journals: each kind reopens on the same storage. */
const kinds: Array<{ name: string; make: (t: TestContext) => Promise<() => Promise<GroupJournal>> }> = [
  {
    name: 'memory',
    make: async () => {
      const journal = createMemoryJournal()
      return async () => journal
    },
  },
  {
    name: 'file',
    make: async (t) => {
      const dir = await tempDir(t)
      return () => openFileJournal(dir)
    },
  },
]

for (const kind of kinds) {
  describe(`group journal contract: ${kind.name}`, () => {
    it('starts empty, returns appended records in order after reopening', async (t) => {
      const open = await kind.make(t)
      const first = await open()
      assert.deepEqual(await first.load(), [])
      await first.append([commit('a', 1)])
      await first.append([commit('b', 2), { t: 'group-del', id: 'a' }])
      assert.ok(first.size > 0)
      await first.close()
      const second = await open()
      assert.deepEqual(await second.load(), [commit('a', 1), commit('b', 2), { t: 'group-del', id: 'a' }])
      await second.close()
    })

    it('appends racing a rewrite: earlier ones are replaced by it, later ones survive it', async (t) => {
      const open = await kind.make(t)
      const journal = await open()
      await journal.load()
      const writes = [journal.append([commit('a', 1)]), journal.append([commit('a', 2)])]
      writes.push(journal.rewrite([commit('a', 2)]))
      writes.push(journal.append([commit('b', 3)]), journal.append([commit('b', 4)]))
      await Promise.all(writes)
      await journal.close()
      const again = await open()
      assert.deepEqual(await again.load(), [commit('a', 2), commit('b', 3), commit('b', 4)])
      await again.close()
    })

    it('rewrite replaces everything and resets the size', async (t) => {
      const open = await kind.make(t)
      const journal = await open()
      await journal.load()
      await journal.append([commit('a', 1), commit('a', 2), commit('a', 3)])
      await journal.rewrite([commit('a', 3)])
      assert.equal(journal.size, 0)
      await journal.append([commit('b', 9)])
      await journal.close()
      const again = await open()
      assert.deepEqual(await again.load(), [commit('a', 3), commit('b', 9)])
      await again.close()
    })
  })
}

describe('file journal', () => {
  it('drops a torn last line and truncates it away, then appends cleanly', async (t) => {
    const dir = await tempDir(t)
    const journal = await openFileJournal(dir)
    await journal.load()
    await journal.append([commit('a', 1)])
    await journal.close()
    await appendFile(join(dir, 'groups.jsonl'), '{"t":"commit","g":"a","o":[["ord')
    const reports: unknown[] = []
    const reopened = await openFileJournal(dir, (r) => reports.push(r))
    assert.deepEqual(await reopened.load(), [commit('a', 1)])
    assert.deepEqual(reports, [{ skippedLines: 0, truncatedBytes: 32 }])
    await reopened.append([commit('a', 2)])
    await reopened.close()
    const lines = (await readFile(join(dir, 'groups.jsonl'), 'utf8')).trim().split('\n')
    assert.equal(lines.length, 3, 'header and two commits, no fragment')
  })

  it('skips a damaged line in the middle and keeps the rest', async (t) => {
    const dir = await tempDir(t)
    await writeFile(
      join(dir, 'groups.jsonl'),
      `{"t":"header","format":1}\n${JSON.stringify(commit('a', 1))}\nnot json\n${JSON.stringify(commit('a', 2))}\n`,
    )
    const reports: Array<{ skippedLines: number }> = []
    const journal = await openFileJournal(dir, (r) => reports.push(r))
    assert.deepEqual(await journal.load(), [commit('a', 1), commit('a', 2)])
    assert.equal(reports[0]!.skippedLines, 1)
    await journal.close()
  })

  it('refuses a journal written in an unknown format', async (t) => {
    const dir = await tempDir(t)
    await writeFile(join(dir, 'groups.jsonl'), '{"t":"header","format":99}\n')
    const journal = await openFileJournal(dir)
    await assert.rejects(journal.load(), { code: 'SPOOL_ERR_STORAGE' })
  })
})
