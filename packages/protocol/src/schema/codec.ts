/**
 * The generic message codec: encode a plain object with a schema at a version, or decode one.
 */
import { Reader } from '../primitives/reader.ts'
import { Writer } from '../primitives/writer.ts'
import { assertEncodable, compileMessage, decodeStruct, encodeStruct } from './compile.ts'
import type { MessageDef, MessageInput, MessageOf } from './types.ts'

export interface EncodeOptions {
  /**
   * Throw when the value sets a non-ignorable field that this version does not have (Kafka's own
   * rule). Off by default: a broker answering an old client simply leaves newer fields out.
   */
  readonly strict?: boolean
}

/**
 * Appends `value`, encoded with `def` at `version`, to `writer`. Fields left out take their defaults.
 *
 * @example
 * const w = encodeMessage(HeartbeatRequest, 4, { groupId: 'g', generationId: 1, memberId: 'm' })
 * const bytes = w.toBuffer()
 */
export function encodeMessage<M extends MessageDef>(
  def: M,
  version: number,
  value: MessageInput<M>,
  writer: Writer = new Writer(),
  options: EncodeOptions = {},
): Writer {
  const plan = compileMessage(def, version)
  if (options.strict) assertEncodable(plan, value, version)
  encodeStruct(plan, writer, value)
  return writer
}

/**
 * Decodes one `def` message at `version` from `input` (a Reader is advanced past it).
 *
 * @example
 * const body = decodeMessage(HeartbeatRequest, 4, bytes)
 * body.groupId // 'g'
 */
export function decodeMessage<M extends MessageDef>(
  def: M,
  version: number,
  input: Reader | Buffer,
): MessageOf<M> {
  const reader = input instanceof Reader ? input : new Reader(input)
  return decodeStruct(compileMessage(def, version), reader) as MessageOf<M>
}
