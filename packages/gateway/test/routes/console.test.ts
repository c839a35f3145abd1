import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { auth, makeBus, makeGateway } from '../helpers.ts'

describe('gateway: console files', () => {
  it('serves a console folder at /, deep links get index.html, API routes keep their keys', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-console-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Spool console</title>')
    writeFileSync(join(dir, 'app.js'), 'console.log(1)')
    const gateway = makeGateway(t, { bus: makeBus(t), auth, console: dir })
    const index = await gateway.inject({ url: '/' })
    assert.equal(index.statusCode, 200, 'the page loads without a key: it is where a person enters one')
    assert.match(index.body, /Spool console/)
    assert.equal((await gateway.inject({ url: '/app.js' })).statusCode, 200)
    const deep = await gateway.inject({ url: '/topics/orders', headers: { accept: 'text/html' } })
    assert.equal(deep.statusCode, 200)
    assert.match(deep.body, /Spool console/)
    assert.equal((await gateway.inject({ url: '/api/kafka/topics' })).statusCode, 401)
    assert.equal((await gateway.inject({ url: '/metrics' })).statusCode, 401)
    const missing = await gateway.inject({ url: '/api/kafka/nope' })
    assert.equal(missing.statusCode, 401)
  })

  it('serves nothing at / without a console folder', async (t) => {
    const gateway = makeGateway(t, { bus: makeBus(t), console: false })
    const res = await gateway.inject({ url: '/', headers: { accept: 'text/html' } })
    assert.equal(res.statusCode, 404)
    assert.equal(res.json().error.code, 'SPOOL_ERR_NOT_FOUND')
  })
})
