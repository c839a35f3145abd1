/**
 * SASL PLAIN (RFC 4616): one message `[authzid] NUL authcid NUL passwd`, checked against the user
 * list in constant time. An authorization id, when given, must equal the user name (as in Kafka).
 */
import { timingSafeEqual } from 'node:crypto'
import type { UserRecord } from './users.ts'

export type PlainResult = { ok: true; principal: string } | { ok: false; message: string }

export function authenticatePlain(token: Buffer, users: ReadonlyMap<string, UserRecord>): PlainResult {
  const parts = token.toString('utf8').split('\u0000')
  if (parts.length !== 3) return { ok: false, message: 'Invalid SASL/PLAIN response: expected 3 tokens' }
  const [authzid, username, password] = parts as [string, string, string]
  if (username === '') return { ok: false, message: 'Authentication failed: username not specified' }
  if (authzid !== '' && authzid !== username)
    return {
      ok: false,
      message: 'Authentication failed: Client requested an authorization id that is different from username',
    }
  const user = users.get(username)
  const given = Buffer.from(password, 'utf8')
  const expected = Buffer.from(user?.password ?? '', 'utf8')
  const same = given.length === expected.length && timingSafeEqual(given, expected)
  if (user === undefined || !same)
    return { ok: false, message: 'Authentication failed: Invalid username or password' }
  return { ok: true, principal: username }
}
