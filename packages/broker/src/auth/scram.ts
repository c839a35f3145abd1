/**
 * SASL SCRAM-SHA-256 / SCRAM-SHA-512 (RFC 5802, RFC 7677), server side. Two rounds:
 *   client-first  `n,,n=<user>,r=<cnonce>`      → server-first `r=<cnonce><snonce>,s=<salt>,i=<n>`
 *   client-final  `c=biws,r=<nonce>,p=<proof>`  → server-final `v=<server signature>`
 * Channel binding is not offered (gs2 flag `n` or `y`). The exchange state lives on the connection.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ScramHash, UserRecord } from './users.ts'

export type ScramStep =
  | { kind: 'continue'; response: Buffer; state: ScramState }
  | { kind: 'done'; response: Buffer; principal: string }
  | { kind: 'fail'; message: string }

export interface ScramState {
  readonly hash: ScramHash
  readonly username: string
  readonly nonce: string
  readonly clientFirstBare: string
  readonly serverFirst: string
  readonly gs2Header: string
}

const attrs = (msg: string): Map<string, string> => {
  const m = new Map<string, string>()
  for (const part of msg.split(',')) {
    const i = part.indexOf('=')
    if (i > 0) m.set(part.slice(0, i), part.slice(i + 1))
  }
  return m
}

// RFC 5802 saslname: ',' and '=' are escaped as =2C and =3D.
const unescapeName = (s: string) => s.replace(/=2C/g, ',').replace(/=3D/g, '=')

/** First client message. */
export function scramFirst(
  hash: ScramHash,
  message: Buffer,
  users: ReadonlyMap<string, UserRecord>,
): ScramStep {
  const text = message.toString('utf8')
  const m = /^([ny]|p=[^,]*),(a=[^,]*)?,(.*)$/.exec(text)
  if (m === null) return { kind: 'fail', message: 'Invalid SCRAM client first message' }
  if (m[1]!.startsWith('p=')) return { kind: 'fail', message: 'SCRAM channel binding is not supported' }
  const gs2Header = `${m[1]},${m[2] ?? ''},`
  const clientFirstBare = m[3]!
  const a = attrs(clientFirstBare)
  const username = unescapeName(a.get('n') ?? '')
  const cnonce = a.get('r')
  if (username === '' || cnonce === undefined || cnonce === '')
    return { kind: 'fail', message: 'Invalid SCRAM client first message' }
  const authzid = m[2] === undefined ? '' : unescapeName(m[2].slice(2))
  if (authzid !== '' && authzid !== username)
    return { kind: 'fail', message: 'Authentication failed: authorization id differs from username' }
  const user = users.get(username)
  if (user === undefined)
    return {
      kind: 'fail',
      message: `Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-${hash === 'sha256' ? 'SHA-256' : 'SHA-512'}`,
    }
  const cred = user.scram[hash]
  const nonce = cnonce + randomBytes(18).toString('base64')
  const serverFirst = `r=${nonce},s=${cred.salt.toString('base64')},i=${cred.iterations}`
  return {
    kind: 'continue',
    response: Buffer.from(serverFirst),
    state: { hash, username, nonce, clientFirstBare, serverFirst, gs2Header },
  }
}

/** Final client message. */
export function scramFinal(
  state: ScramState,
  message: Buffer,
  users: ReadonlyMap<string, UserRecord>,
): ScramStep {
  const text = message.toString('utf8')
  const proofAt = text.lastIndexOf(',p=')
  if (proofAt < 0) return { kind: 'fail', message: 'Invalid SCRAM client final message' }
  const withoutProof = text.slice(0, proofAt)
  const a = attrs(text)
  if (a.get('r') !== state.nonce) return { kind: 'fail', message: 'Invalid SCRAM nonce' }
  if (a.get('c') !== Buffer.from(state.gs2Header).toString('base64'))
    return { kind: 'fail', message: 'Invalid SCRAM channel binding' }
  const user = users.get(state.username)
  if (user === undefined)
    return { kind: 'fail', message: 'Authentication failed: Invalid username or password' }
  const cred = user.scram[state.hash]
  const authMessage = `${state.clientFirstBare},${state.serverFirst},${withoutProof}`
  const clientSignature = createHmac(state.hash, cred.storedKey).update(authMessage).digest()
  const proof = Buffer.from(a.get('p') ?? '', 'base64')
  if (proof.length !== clientSignature.length)
    return { kind: 'fail', message: 'Authentication failed: Invalid username or password' }
  const clientKey = Buffer.alloc(proof.length)
  for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!
  const storedKey = createHash(state.hash).update(clientKey).digest()
  if (!timingSafeEqual(storedKey, cred.storedKey))
    return { kind: 'fail', message: 'Authentication failed: Invalid username or password' }
  const serverSignature = createHmac(state.hash, cred.serverKey).update(authMessage).digest('base64')
  return { kind: 'done', response: Buffer.from(`v=${serverSignature}`), principal: state.username }
}
