/**
 * SASL users: from the options inline and/or a JSON file (`[{ "username", "password" }]` or
 * `{ "name": "password" }`). For SCRAM the salted credentials are derived once at start (4096
 * iterations, Kafka's default), so a login costs two HMACs, not a PBKDF2.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { BrokerErrorCodes, SpoolBrokerError } from '../errors.ts'
import type { SaslOptions, SaslUser } from '../options.ts'

export type ScramHash = 'sha256' | 'sha512'

export interface ScramCredential {
  readonly salt: Buffer
  readonly iterations: number
  readonly storedKey: Buffer
  readonly serverKey: Buffer
}

export interface UserRecord {
  readonly password: string
  readonly scram: Readonly<Record<ScramHash, ScramCredential>>
}

export const SCRAM_ITERATIONS = 4096

const hashLength = { sha256: 32, sha512: 64 } as const

/** Derives SCRAM StoredKey and ServerKey (RFC 5802) from a password. */
export function scramCredential(
  password: string,
  hash: ScramHash,
  salt = randomBytes(32),
  iterations = SCRAM_ITERATIONS,
): ScramCredential {
  const salted = pbkdf2Sync(password, salt, iterations, hashLength[hash], hash)
  const clientKey = createHmac(hash, salted).update('Client Key').digest()
  return {
    salt,
    iterations,
    storedKey: createHash(hash).update(clientKey).digest(),
    serverKey: createHmac(hash, salted).update('Server Key').digest(),
  }
}

function parseUsersFile(path: string, text: string): SaslUser[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    throw new SpoolBrokerError(BrokerErrorCodes.INVALID_OPTION, `SASL users file ${path} is not valid JSON`, {
      cause: e,
    })
  }
  if (Array.isArray(data)) {
    return data.map((u, i) => {
      if (typeof u?.username !== 'string' || typeof u?.password !== 'string')
        throw new SpoolBrokerError(
          BrokerErrorCodes.INVALID_OPTION,
          `SASL users file ${path}: entry ${i} needs string "username" and "password"`,
        )
      return { username: u.username, password: u.password }
    })
  }
  if (typeof data === 'object' && data !== null) {
    return Object.entries(data).map(([username, password]) => {
      if (typeof password !== 'string')
        throw new SpoolBrokerError(
          BrokerErrorCodes.INVALID_OPTION,
          `SASL users file ${path}: the password of "${username}" must be a string`,
        )
      return { username, password }
    })
  }
  throw new SpoolBrokerError(
    BrokerErrorCodes.INVALID_OPTION,
    `SASL users file ${path} must hold an array or an object`,
  )
}

/** Loads every user of the SASL options. */
export async function loadUsers(sasl: SaslOptions): Promise<Map<string, UserRecord>> {
  const list: SaslUser[] = [...(sasl.users ?? [])]
  if (sasl.usersFile !== undefined) {
    let text: string
    try {
      text = await readFile(sasl.usersFile, 'utf8')
    } catch (e) {
      throw new SpoolBrokerError(
        BrokerErrorCodes.INVALID_OPTION,
        `Cannot read the SASL users file ${sasl.usersFile}`,
        { cause: e },
      )
    }
    list.push(...parseUsersFile(sasl.usersFile, text))
  }
  const users = new Map<string, UserRecord>()
  for (const u of list)
    users.set(u.username, {
      password: u.password,
      scram: { sha256: scramCredential(u.password, 'sha256'), sha512: scramCredential(u.password, 'sha512') },
    })
  return users
}
