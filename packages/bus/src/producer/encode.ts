/**
 * Turns a catalog event into an outgoing record: validated, wrapped in its CloudEvents envelope
 * (structured or binary mode), keyed by its partition key.
 */
import { type AnyEventDefinition, type EncodeOptions, encodeEvent, encodeEventSync } from '@spool/catalog'
import type { OutgoingMessage } from '../kafka/adapter.ts'

export interface PublishOptions {
  /** Kafka key (ordering is per key); default from the definition's `key`. */
  key?: string
  /** CloudEvents subject (the user the event is about); default from the definition's `subject`. */
  subject?: string
  id?: string
  time?: string | Date
  headers?: Record<string, string>
  extensions?: Record<string, string | number | boolean>
}

export interface EncodedForPublish {
  message: OutgoingMessage
  id: string
  type: string
}

export async function encodeForPublish(
  definition: AnyEventDefinition,
  data: unknown,
  options: PublishOptions,
  source: string,
  mode: 'structured' | 'binary',
): Promise<EncodedForPublish> {
  const encodeOptions: EncodeOptions = {
    source,
    mode,
    id: options.id,
    time: options.time instanceof Date ? options.time.toISOString() : options.time,
    subject: options.subject,
    key: options.key,
    headers: options.headers,
    extensions: options.extensions,
  }
  let encoded: ReturnType<typeof encodeEventSync>
  try {
    // Most schemas validate synchronously; the async path costs a promise per event.
    encoded = encodeEventSync(definition, data as never, encodeOptions)
  } catch (error) {
    if ((error as { code?: string }).code !== 'SPOOL_ERR_ASYNC_SCHEMA') throw error
    encoded = await encodeEvent(definition, data as never, encodeOptions)
  }
  return {
    message: {
      topic: encoded.topic,
      key: encoded.key === undefined ? undefined : Buffer.from(encoded.key),
      value: encoded.value,
      headers: encoded.headers,
      timestamp: BigInt(encoded.timestamp),
    },
    id: encoded.envelope.id,
    type: definition.type,
  }
}
