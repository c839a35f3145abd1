/**
 * SASL for the broker: which mechanisms are offered, and one authentication step per call. The
 * state of an exchange in progress lives in the connection's state map; the principal is set on the
 * connection when it succeeds, which opens the other APIs to it.
 */
import type { ConnectionInfo } from '../handlers/types.ts'
import type { SaslMechanism, SaslOptions } from '../options.ts'
import { authenticatePlain } from './plain.ts'
import { type ScramState, scramFinal, scramFirst } from './scram.ts'
import { loadUsers, type UserRecord } from './users.ts'

const SCRAM_STATE = 'sasl.scram'

export type AuthStep =
  | { readonly kind: 'continue'; readonly response: Buffer }
  | { readonly kind: 'done'; readonly response: Buffer; readonly principal: string }
  | { readonly kind: 'fail'; readonly message: string }

/**
 * @example
 * const auth = await Authenticator.create({ users: [{ username: 'app', password: 'secret' }] })
 * auth.mechanisms // ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']
 */
export class Authenticator {
  readonly mechanisms: readonly SaslMechanism[]
  readonly #users: ReadonlyMap<string, UserRecord>

  private constructor(mechanisms: readonly SaslMechanism[], users: ReadonlyMap<string, UserRecord>) {
    this.mechanisms = mechanisms
    this.#users = users
  }

  static async create(options: SaslOptions): Promise<Authenticator> {
    return new Authenticator(
      options.mechanisms ?? ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
      await loadUsers(options),
    )
  }

  /** One client message of the exchange on `conn` (whose mechanism was chosen by SaslHandshake). */
  step(conn: ConnectionInfo, message: Buffer): AuthStep {
    const mechanism = conn.saslMechanism as SaslMechanism
    if (mechanism === 'PLAIN') {
      const r = authenticatePlain(message, this.#users)
      return r.ok
        ? { kind: 'done', response: Buffer.alloc(0), principal: r.principal }
        : { kind: 'fail', message: r.message }
    }
    const hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512'
    const state = conn.state.get(SCRAM_STATE) as ScramState | undefined
    const r =
      state === undefined ? scramFirst(hash, message, this.#users) : scramFinal(state, message, this.#users)
    if (r.kind === 'continue') {
      conn.state.set(SCRAM_STATE, r.state)
      return { kind: 'continue', response: r.response }
    }
    conn.state.delete(SCRAM_STATE)
    return r
  }
}
