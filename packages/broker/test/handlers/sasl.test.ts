import assert from 'node:assert/strict'
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, wire } from '../helpers/wire.ts'

// Covers handlers/17-sasl-handshake.ts and handlers/36-sasl-authenticate.ts with auth/.
const users = [{ username: 'alice', password: 'secret' }]

function scramClient(hash: 'sha256' | 'sha512', user: string, password: string) {
  const cnonce = randomBytes(12).toString('base64')
  const first = `n=${user},r=${cnonce}`
  return {
    first: Buffer.from(`n,,${first}`),
    final(serverFirst: string) {
      const a = Object.fromEntries(serverFirst.split(',').map((p) => [p[0], p.slice(2)]))
      const salted = pbkdf2Sync(
        password,
        Buffer.from(a.s!, 'base64'),
        Number(a.i),
        hash === 'sha256' ? 32 : 64,
        hash,
      )
      const clientKey = createHmac(hash, salted).update('Client Key').digest()
      const storedKey = createHash(hash).update(clientKey).digest()
      const withoutProof = `c=biws,r=${a.r}`
      const authMessage = `${first},${serverFirst},${withoutProof}`
      const signature = createHmac(hash, storedKey).update(authMessage).digest()
      const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!))
      const serverKey = createHmac(hash, salted).update('Server Key').digest()
      return {
        message: Buffer.from(`${withoutProof},p=${proof.toString('base64')}`),
        expectedServerFinal: `v=${createHmac(hash, serverKey).update(authMessage).digest('base64')}`,
      }
    },
  }
}

describe('SASL', () => {
  it('answers ILLEGAL_SASL_STATE when SASL is not configured (as a Kafka plaintext listener does)', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    const res = await c.request(ApiKeys.SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' })
    assert.equal(res.errorCode, ErrorCodes.ILLEGAL_SASL_STATE)
  })

  it('closes a connection that sends other requests before authenticating', async (t) => {
    const b = await broker(t, { sasl: { users } })
    const c = await wire(t, b)
    assert.equal(
      (await c.request(ApiKeys.API_VERSIONS, 3, { clientSoftwareName: 'x', clientSoftwareVersion: '1' }))
        .errorCode,
      0,
    )
    c.write(c.encode(ApiKeys.METADATA, 12, { topics: null }))
    assert.equal(await c.waitClosed(), true)
  })

  it('authenticates PLAIN through SaslAuthenticate, then serves requests', async (t) => {
    const b = await broker(t, { sasl: { users } })
    const c = await wire(t, b)
    const hs = await c.request(ApiKeys.SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' })
    assert.deepEqual([hs.errorCode, hs.mechanisms], [0, ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']])
    const auth = await c.request(ApiKeys.SASL_AUTHENTICATE, 2, {
      authBytes: Buffer.from('\u0000alice\u0000secret'),
    })
    assert.equal(auth.errorCode, 0)
    assert.equal((await c.request(ApiKeys.METADATA, 12, { topics: null })).brokers.length, 1)
  })

  it('refuses a wrong password with SASL_AUTHENTICATION_FAILED and closes', async (t) => {
    const b = await broker(t, { sasl: { users } })
    const c = await wire(t, b)
    await c.request(ApiKeys.SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' })
    const auth = await c.request(ApiKeys.SASL_AUTHENTICATE, 1, {
      authBytes: Buffer.from('\u0000alice\u0000wrong'),
    })
    assert.equal(auth.errorCode, ErrorCodes.SASL_AUTHENTICATION_FAILED)
    assert.match(auth.errorMessage!, /Invalid username or password/)
    assert.equal(await c.waitClosed(), true)
  })

  it('answers UNSUPPORTED_SASL_MECHANISM with the enabled list', async (t) => {
    const b = await broker(t, { sasl: { users, mechanisms: ['SCRAM-SHA-512'] } })
    const c = await wire(t, b)
    const hs = await c.request(ApiKeys.SASL_HANDSHAKE, 1, { mechanism: 'PLAIN' })
    assert.deepEqual(
      [hs.errorCode, hs.mechanisms],
      [ErrorCodes.UNSUPPORTED_SASL_MECHANISM, ['SCRAM-SHA-512']],
    )
  })

  for (const [mechanism, hash] of [
    ['SCRAM-SHA-256', 'sha256'],
    ['SCRAM-SHA-512', 'sha512'],
  ] as const) {
    it(`authenticates ${mechanism} and proves the server knows the password`, async (t) => {
      const b = await broker(t, { sasl: { users } })
      const c = await wire(t, b)
      await c.request(ApiKeys.SASL_HANDSHAKE, 1, { mechanism })
      const client = scramClient(hash, 'alice', 'secret')
      const first = await c.request(ApiKeys.SASL_AUTHENTICATE, 2, { authBytes: client.first })
      assert.equal(first.errorCode, 0)
      const { message, expectedServerFinal } = client.final(first.authBytes.toString())
      const final = await c.request(ApiKeys.SASL_AUTHENTICATE, 2, { authBytes: message })
      assert.equal(final.errorCode, 0)
      assert.equal(final.authBytes.toString(), expectedServerFinal)
      assert.equal((await c.request(ApiKeys.METADATA, 12, { topics: null })).brokers.length, 1)
    })
  }

  it('refuses a SCRAM proof made with the wrong password', async (t) => {
    const b = await broker(t, { sasl: { users } })
    const c = await wire(t, b)
    await c.request(ApiKeys.SASL_HANDSHAKE, 1, { mechanism: 'SCRAM-SHA-256' })
    const client = scramClient('sha256', 'alice', 'nope')
    const first = await c.request(ApiKeys.SASL_AUTHENTICATE, 2, { authBytes: client.first })
    const final = await c.request(ApiKeys.SASL_AUTHENTICATE, 2, {
      authBytes: client.final(first.authBytes.toString()).message,
    })
    assert.equal(final.errorCode, ErrorCodes.SASL_AUTHENTICATION_FAILED)
  })

  it('supports SaslHandshake v0 with raw token frames', async (t) => {
    const b = await broker(t, { sasl: { users } })
    const c = await wire(t, b)
    assert.equal((await c.request(ApiKeys.SASL_HANDSHAKE, 0, { mechanism: 'PLAIN' })).errorCode, 0)
    const token = Buffer.from('\u0000alice\u0000secret')
    const frame = Buffer.alloc(4 + token.length)
    frame.writeInt32BE(token.length, 0)
    token.copy(frame, 4)
    c.write(frame)
    const answer = await c.frame()
    assert.equal(answer!.length, 0)
    assert.equal((await c.request(ApiKeys.METADATA, 12, { topics: null })).brokers.length, 1)
  })
})
