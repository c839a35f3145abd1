/**
 * Turns a catalog event into an outgoing record: validated, wrapped in its CloudEvents envelope
 * (structured or binary mode), keyed by its partition key.
 */
import {
  type AnyEventDefinition,
  type EncodedEvent,
  type EncodeOptions,
  encodeEvent,
  encodeEventSync,
} from '@spool/catalog'
import { rejectUnknownKeys } from '@spool/errors'
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
  /**
   * How this event is written: a CloudEvent (`structured`, `binary`) or `plain` JSON for consumers
   * not on Spool yet. Default: `plain` when the definition's `plain.publish` is set, else the bus's
   * `envelope` option.
   */
  envelope?: 'structured' | 'binary' | 'plain'
}

/**
 * Every key of {@link PublishOptions} (the compiler checks that none is missing or extra). A
 * publish is the hot path, so its options are checked key by key rather than parsed by a schema
 * per event: a key outside this list is named, with the nearest known one.
 */
const publishOptionKeys = Object.freeze({
  key: true,
  subject: true,
  id: true,
  time: true,
  headers: true,
  extensions: true,
  envelope: true,
}) satisfies Record<keyof PublishOptions, true>

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
  return (
    encodeForPublishSync(definition, data, options, source, mode) ??
    toEncoded(
      definition,
      await encodeEvent(definition, data as never, encodeOptions(definition, options, source, mode)),
    )
  )
}

/**
 * The synchronous path of `encodeForPublish`: most schemas validate synchronously, and the async
 * path costs a promise per event. Returns undefined when the schema validates asynchronously.
 */
export function encodeForPublishSync(
  definition: AnyEventDefinition,
  data: unknown,
  options: PublishOptions,
  source: string,
  mode: 'structured' | 'binary',
): EncodedForPublish | undefined {
  try {
    return toEncoded(
      definition,
      encodeEventSync(definition, data as never, encodeOptions(definition, options, source, mode)),
    )
  } catch (error) {
    if ((error as { code?: string }).code !== 'SPOOL_ERR_ASYNC_SCHEMA') throw error
    return undefined
  }
}

function encodeOptions(
  definition: AnyEventDefinition,
  options: PublishOptions,
  source: string,
  mode: 'structured' | 'binary',
): EncodeOptions {
  for (const name in options) {
    // Inherited names ('constructor', '__proto__') are not `true` either.
    if ((publishOptionKeys as Record<string, unknown>)[name] !== true)
      rejectUnknownKeys('bus.publish', options, Object.keys(publishOptionKeys))
  }
  return {
    source,
    mode: options.envelope ?? (definition.plain?.publish === true ? 'plain' : mode),
    id: options.id,
    time: options.time instanceof Date ? options.time.toISOString() : options.time,
    subject: options.subject,
    key: options.key,
    headers: options.headers,
    extensions: options.extensions,
  }
}

function toEncoded(definition: AnyEventDefinition, encoded: EncodedEvent): EncodedForPublish {
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
