/**
 * Kafka UUIDs (topic ids, directory ids) are 16 raw bytes on the wire. Here they are lowercase
 * dashed hex strings, so they can be compared with `===` and used as Map keys.
 */
import { ProtocolError } from '../errors.ts'

/** The all-zero UUID Kafka uses for "no id". */
export const ZERO_UUID = '00000000-0000-0000-0000-000000000000'

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i

/** Formats 16 bytes at `offset` as a dashed hex UUID. */
export function bytesToUuid(buf: Buffer, offset: number): string {
  let s = ''
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-'
    s += HEX[buf[offset + i]!]
  }
  return s
}

/**
 * Writes a UUID string (dashed or not) as 16 bytes at `offset`.
 *
 * @example
 * const b = Buffer.alloc(16)
 * uuidToBytes('0123456789abcdef0123456789abcdef', b, 0)
 */
export function uuidToBytes(uuid: string, buf: Buffer, offset: number): void {
  if (!UUID_PATTERN.test(uuid)) throw new ProtocolError(`Invalid UUID '${uuid}': expected 32 hex digits`)
  const hex = uuid.length === 32 ? uuid : uuid.replaceAll('-', '')
  buf.write(hex, offset, 16, 'hex')
}
