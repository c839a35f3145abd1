/**
 * SaslAuthenticate (key 36), v0-2, flexible from v2. Answered before authentication.
 * Version notes: v1 session lifetime (re-authentication, KIP-368: 0 here, no expiry).
 * Carries one SASL token after SaslHandshake v1 chose the mechanism. A failure answers
 * SASL_AUTHENTICATION_FAILED with a message and then closes the connection, as Kafka does.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import { CLOSE_AFTER_RESPONSE } from '../server/dispatch.ts'
import { kafkaVersions } from './common.ts'
import type { Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.SASL_AUTHENTICATE>
type Res = ResponseInput<typeof ApiKeys.SASL_AUTHENTICATE>

const EMPTY = Buffer.alloc(0)

export const saslAuthenticateHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.SASL_AUTHENTICATE,
  name: 'SaslAuthenticate',
  versions: kafkaVersions(ApiKeys.SASL_AUTHENTICATE),
  requiresAuth: false,
  handle({ request, connection, broker }) {
    const auth = broker.auth
    if (auth === undefined || connection.saslMechanism === undefined || connection.principal !== undefined)
      return {
        errorCode: ErrorCodes.ILLEGAL_SASL_STATE,
        errorMessage: 'SaslAuthenticate request received before a SaslHandshake, or after authentication',
        authBytes: EMPTY,
        sessionLifetimeMs: 0n,
      }
    const r = auth.step(connection, request.authBytes)
    if (r.kind === 'fail') {
      broker.logger.info(
        { conn: connection.id, mechanism: connection.saslMechanism },
        'SASL authentication failed',
      )
      connection.state.set(CLOSE_AFTER_RESPONSE, true)
      return {
        errorCode: ErrorCodes.SASL_AUTHENTICATION_FAILED,
        errorMessage: r.message,
        authBytes: EMPTY,
        sessionLifetimeMs: 0n,
      }
    }
    if (r.kind === 'done') connection.principal = r.principal
    return { errorCode: ErrorCodes.NONE, errorMessage: null, authBytes: r.response, sessionLifetimeMs: 0n }
  },
}
