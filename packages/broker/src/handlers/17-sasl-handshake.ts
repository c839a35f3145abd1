/**
 * SaslHandshake (key 17), v0-1, never flexible. Answered before authentication.
 * Version notes: v0 the SASL tokens then travel as bare size-prefixed frames (no Kafka header);
 * v1 they travel in SaslAuthenticate requests.
 * Without SASL configured, Kafka answers ILLEGAL_SASL_STATE on a plaintext listener, and so do we.
 * An unknown mechanism gets UNSUPPORTED_SASL_MECHANISM with the list of enabled ones.
 */
import { ApiKeys, ErrorCodes, type RequestOf, type ResponseInput } from '@spool/protocol'
import type { Authenticator } from '../auth/authenticator.ts'
import { CLOSE, RAW_FRAME_HANDLER, type RawFrameHandler } from '../server/dispatch.ts'
import { kafkaVersions } from './common.ts'
import type { ConnectionInfo, Handler } from './types.ts'

type Req = RequestOf<typeof ApiKeys.SASL_HANDSHAKE>
type Res = ResponseInput<typeof ApiKeys.SASL_HANDSHAKE>

/** SaslHandshake v0: each raw frame is one token; each answer a raw size-prefixed token. */
function rawExchange(auth: Authenticator, conn: ConnectionInfo): RawFrameHandler {
  const next: RawFrameHandler = async (frame) => {
    const r = auth.step(conn, frame)
    if (r.kind === 'fail') return CLOSE
    if (r.kind === 'done') conn.principal = r.principal
    else conn.state.set(RAW_FRAME_HANDLER, next)
    const out = Buffer.allocUnsafe(4 + r.response.length)
    out.writeInt32BE(r.response.length, 0)
    r.response.copy(out, 4)
    return out
  }
  return next
}

export const saslHandshakeHandler: Handler<Req, Res> = {
  apiKey: ApiKeys.SASL_HANDSHAKE,
  name: 'SaslHandshake',
  versions: kafkaVersions(ApiKeys.SASL_HANDSHAKE),
  requiresAuth: false,
  handle({ request, version, connection, broker }) {
    const auth = broker.auth
    if (auth === undefined || connection.principal !== undefined || connection.saslMechanism !== undefined)
      return { errorCode: ErrorCodes.ILLEGAL_SASL_STATE, mechanisms: auth?.mechanisms.slice() ?? [] }
    if (!auth.mechanisms.includes(request.mechanism as never))
      return { errorCode: ErrorCodes.UNSUPPORTED_SASL_MECHANISM, mechanisms: auth.mechanisms.slice() }
    connection.saslMechanism = request.mechanism
    if (version === 0) connection.state.set(RAW_FRAME_HANDLER, rawExchange(auth, connection))
    return { errorCode: ErrorCodes.NONE, mechanisms: auth.mechanisms.slice() }
  },
}
