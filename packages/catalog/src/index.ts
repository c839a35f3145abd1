/**
 * @spool/catalog: typed event definitions, the CloudEvents envelope and its Kafka binding,
 * validation with any Standard Schema, upcasting, JSON Schema and AsyncAPI export.
 *
 * @packageDocumentation
 */
// First: on a Node.js older than Spool supports, this throws SPOOL_ERR_UNSUPPORTED naming the versions.
import '@spool/errors'

export type { AsyncAPIDocument, AsyncAPIInfo } from './asyncapi.ts'
export { toAsyncAPI } from './asyncapi.ts'
export type { Catalog, EventSummary } from './catalog.ts'
export { createCatalog } from './catalog.ts'
export type { HeadersLike, HeaderValue, KafkaMessageLike } from './decode.ts'
export { decodeCloudEvent, decodeEvent, headerReader } from './decode.ts'
export type {
  AnyEventDefinition,
  EventData,
  EventDefinition,
  EventInput,
  EventOptions,
  EventTypeOf,
  JSONSchema,
  KeySelector,
  Upcasters,
} from './define.ts'
export { defineEvent, eventOptionsSchema, isEventDefinition } from './define.ts'
export type { EncodedEvent } from './encode.ts'
export { encodeEvent, encodeEventSync, encodeValid } from './encode.ts'
export type {
  ContentMode,
  EncodeOptions,
  Envelope,
  EnvelopeOf,
  EventEnvelope,
  ExtensionValue,
} from './envelope.ts'
export {
  defaultEncodeOptions,
  encodeOptionKeys,
  JSON_CONTENT_TYPE,
  SPEC_VERSION,
  STRUCTURED_CONTENT_TYPE,
} from './envelope.ts'
export type { Issue, SpoolCatalogErrorOptions } from './errors.ts'
export {
  AsyncSchemaError,
  DecodeError,
  DefinitionError,
  InvalidOptionError,
  SpoolCatalogError,
  UnknownEventError,
  ValidationError,
} from './errors.ts'
export type { JSONSchemaOptions, JSONSchemaTarget } from './json-schema.ts'
export { defaultJSONSchemaOptions, eventJSONSchema, requiredFields } from './json-schema.ts'
export type { PlainMapping } from './plain.ts'
export { plainMappingSchema } from './plain.ts'
export { validate } from './validate.ts'
