/**
 * The event envelope: a CloudEvents 1.0 event (https://cloudevents.io) with two extensions,
 * `dataversion` (the version of `data`) and `partitionkey` (the Kafka key, from the CloudEvents
 * partitioning extension). Extension names are lowercase letters and digits only.
 */
import { rejectUnknownKeys } from '@spool/errors'
import type { AnyEventDefinition, EventData } from './define.ts'
import { InvalidOptionError } from './errors.ts'

/** The CloudEvents spec version written and accepted. */
export const SPEC_VERSION = '1.0'
/** `datacontenttype` of every Spool event. */
export const JSON_CONTENT_TYPE = 'application/json'
/** Kafka `content-type` header of a structured-mode message (CloudEvents JSON format). */
export const STRUCTURED_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8'

/**
 * A CloudEvents 1.0 envelope carrying typed `data`.
 *
 * @example
 * const handler = (event: EventEnvelope<{ userId: string }>) => console.log(event.subject, event.data.userId)
 */
export interface EventEnvelope<T = unknown, TType extends string = string> {
  specversion: '1.0'
  id: string
  source: string
  type: TType
  /** RFC 3339 timestamp. */
  time: string
  subject?: string
  datacontenttype: 'application/json'
  /** Version of `data` (extension attribute); 1 when a producer did not set it. */
  dataversion: number
  data: T
  /** Kafka partition key (CloudEvents partitioning extension). */
  partitionkey?: string
  [extension: string]: unknown
}

/** Short name for `EventEnvelope`. */
export type Envelope<T = unknown, TType extends string = string> = EventEnvelope<T, TType>

/**
 * The envelope type a handler of definition `D` receives; a union of envelopes discriminated by
 * `type` when `D` is a union.
 *
 * @example
 * const onMission = (event: EnvelopeOf<typeof MissionCompleted>) => event.data.missionId
 */
export type EnvelopeOf<D extends AnyEventDefinition> = D extends AnyEventDefinition
  ? EventEnvelope<EventData<D>, D['type']>
  : never

/** CloudEvents Kafka content modes. */
export type ContentMode = 'structured' | 'binary'

/** A CloudEvents extension value as Spool writes it. */
export type ExtensionValue = string | number | boolean

/** Options of `encodeEvent`. */
export interface EncodeOptions {
  /** CloudEvents `source`: who produced the event (a URI-reference such as `/services/missions`). */
  readonly source: string
  /** Event id; default `crypto.randomUUID()`. */
  readonly id?: string
  /** RFC 3339 time; default now. */
  readonly time?: string
  /** CloudEvents `subject`; default from the definition's `subject`. */
  readonly subject?: string
  /** Kafka key and `partitionkey`; default from the definition's `key`. */
  readonly key?: string
  /**
   * `binary` (default: attributes in `ce_*` headers, data as value), `structured`, or `plain`: the
   * data as JSON without CloudEvents attributes, for consumers not on Spool yet (the definition's
   * `plain` mapping adds its type field or header; `plain.publish` makes it the default).
   */
  readonly mode?: ContentMode | 'plain'
  /** Extra CloudEvents extension attributes; names are lowercase letters and digits. */
  readonly extensions?: Readonly<Record<string, ExtensionValue>>
  /** Extra Kafka headers (e.g. `traceparent`); may not be `content-type` or start with `ce_`. */
  readonly headers?: Readonly<Record<string, string>>
}

/**
 * Every key of {@link EncodeOptions} (the compiler checks that none is missing or extra). Encoding
 * is the publish hot path, so options are checked key by key here rather than parsed by a schema
 * per event: a key outside this list is named, with the nearest known one.
 *
 * @example
 * Object.keys(encodeOptionKeys) // ['source', 'id', 'time', 'subject', 'key', 'mode', 'extensions', 'headers']
 */
export const encodeOptionKeys = Object.freeze({
  source: true,
  id: true,
  time: true,
  subject: true,
  key: true,
  mode: true,
  extensions: true,
  headers: true,
}) satisfies Record<keyof EncodeOptions, true>

/**
 * Throws a SPOOL_ERR_INVALID_OPTION naming the first key of `options` that is not an option.
 *
 * @example
 * rejectUnknownEncodeOptions({ source: '/s', heders: {} }) // … unknown option 'heders' (did you mean 'headers'?)
 */
export function rejectUnknownEncodeOptions(options: object): void {
  for (const key in options) {
    // Inherited names ('constructor', '__proto__') are not `true` either.
    if ((encodeOptionKeys as Record<string, unknown>)[key] !== true)
      rejectUnknownKeys('encodeEvent', options, Object.keys(encodeOptionKeys))
  }
}

/** Defaults applied by `encodeEvent`. */
export const defaultEncodeOptions: Readonly<Pick<Required<EncodeOptions>, 'mode'>> = Object.freeze({
  mode: 'binary',
})

/** Attribute names an extension may not take. */
export const RESERVED_ATTRIBUTES: ReadonlySet<string> = new Set([
  'specversion',
  'id',
  'source',
  'type',
  'time',
  'subject',
  'datacontenttype',
  'dataschema',
  'dataversion',
  'partitionkey',
  'data',
  'data_base64',
])

const EXTENSION_NAME = /^[a-z0-9]+$/

/**
 * Builds the envelope of already validated data. Attribute order follows the CloudEvents spec so
 * structured messages read naturally; `data` comes last.
 */
export function buildEnvelope<T>(
  def: AnyEventDefinition,
  data: T,
  options: EncodeOptions,
  time: string,
  key: string | undefined,
  subject: string | undefined,
): EventEnvelope<T> {
  const source = options.source
  if (typeof source !== 'string' || source.length === 0) {
    throw new InvalidOptionError('source', 'must be a non-empty string')
  }
  let id = options.id
  if (id === undefined) id = crypto.randomUUID()
  else if (typeof id !== 'string' || id.length === 0)
    throw new InvalidOptionError('id', 'must be a non-empty string')
  const envelope = { specversion: SPEC_VERSION, id, source, type: def.type, time } as EventEnvelope<T>
  if (subject !== undefined) envelope.subject = subject
  envelope.datacontenttype = JSON_CONTENT_TYPE
  envelope.dataversion = def.version
  if (key !== undefined) envelope.partitionkey = key
  if (options.extensions !== undefined) addExtensions(envelope, options.extensions)
  envelope.data = data
  return envelope
}

function addExtensions(
  envelope: EventEnvelope<unknown>,
  extensions: Readonly<Record<string, ExtensionValue>>,
): void {
  for (const name of Object.keys(extensions)) {
    if (!EXTENSION_NAME.test(name) || RESERVED_ATTRIBUTES.has(name)) {
      throw new InvalidOptionError(
        `extensions.${name}`,
        'is not a valid extension name (lowercase letters and digits, not a core attribute)',
      )
    }
    const value = extensions[name]
    const kind = typeof value
    if (kind !== 'string' && kind !== 'boolean' && !(kind === 'number' && Number.isSafeInteger(value))) {
      throw new InvalidOptionError(`extensions.${name}`, 'must be a string, a boolean or an integer')
    }
    envelope[name] = value
  }
}
