import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it, type TestContext } from 'node:test'
import { authenticatePlain } from '../../src/auth/plain.ts'
import { loadUsers } from '../../src/auth/users.ts'

function file(t: TestContext, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'spool-users-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'users.json')
  writeFileSync(path, content)
  return path
}

describe('SASL users', () => {
  it('loads users from the options and from a JSON file (array or object form)', async (t) => {
    const arrayFile = file(t, JSON.stringify([{ username: 'a', password: 'pa' }]))
    const objectFile = file(t, JSON.stringify({ b: 'pb' }))
    const users = await loadUsers({ users: [{ username: 'inline', password: 'pi' }], usersFile: arrayFile })
    assert.deepEqual([...users.keys()].sort(), ['a', 'inline'])
    assert.equal((await loadUsers({ usersFile: objectFile })).get('b')?.password, 'pb')
    const cred = users.get('a')!.scram.sha512
    assert.equal(cred.iterations, 4096)
    assert.equal(cred.storedKey.length, 64)
  })

  it('names the file and the problem when it is malformed', async (t) => {
    await assert.rejects(
      loadUsers({ usersFile: file(t, '{nope') }),
      (e: Error & { code?: string }) =>
        e.code === 'SPOOL_ERR_INVALID_OPTION' && /not valid JSON/.test(e.message),
    )
    await assert.rejects(loadUsers({ usersFile: file(t, JSON.stringify([{ username: 'x' }])) }), /entry 0/)
    await assert.rejects(loadUsers({ usersFile: '/nonexistent/users.json' }), /Cannot read/)
  })

  it('checks PLAIN tokens, including the authorization id rule', async () => {
    const users = await loadUsers({ users: [{ username: 'u', password: 'p' }] })
    assert.deepEqual(authenticatePlain(Buffer.from('\u0000u\u0000p'), users), { ok: true, principal: 'u' })
    assert.deepEqual(authenticatePlain(Buffer.from('u\u0000u\u0000p'), users), { ok: true, principal: 'u' })
    assert.equal(authenticatePlain(Buffer.from('other\u0000u\u0000p'), users).ok, false)
    assert.equal(authenticatePlain(Buffer.from('\u0000u\u0000x'), users).ok, false)
    assert.equal(authenticatePlain(Buffer.from('garbage'), users).ok, false)
  })
})
