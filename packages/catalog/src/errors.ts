/**
 * Errors of the catalog. Every one carries a stable `code` and `retryable: false`: a message that
 * fails to decode or validate fails the same way on every retry, so a bus sends it straight to the
 * dead-letter topic instead of retrying it.
 */
import { type ErrorCode, SpoolError } from '@spool/errors'

/** One problem found by a schema, with a dotted path such as `data.items.0.price`. */
export interface Issue {
  readonly path: string
  readonly message: string
}

/** Options shared by every catalog error. */
export interface SpoolCatalogErrorOptions {
  readonly code: ErrorCode
  readonly cause?: unknown
  readonly retryable?: boolean
  readonly details?: Record<string, unknown>
}

/**
 * Base class of every error thrown by `@spool/catalog`.
 *
 * @example
 * try {
 *   catalog.require('nope')
 * } catch (err) {
 *   if (err instanceof SpoolCatalogError) console.log(err.code, err.retryable)
 * }
 */
export class SpoolCatalogError extends SpoolError {
  constructor(message: string, options: SpoolCatalogErrorOptions) {
    super(options.code, message, options)
  }
}

/**
 * Event data did not match its schema. `issues` lists every problem; the message names each path.
 *
 * @example
 * catch (err) {
 *   if (err instanceof ValidationError) for (const i of err.issues) console.log(i.path, i.message)
 * }
 */
export class ValidationError extends SpoolCatalogError {
  readonly issues: readonly Issue[]

  constructor(subject: string, issues: readonly Issue[], cause?: unknown) {
    super(`${subject} is invalid: ${formatIssues(issues)}`, { code: 'SPOOL_ERR_VALIDATION', cause })
    this.name = 'ValidationError'
    this.issues = issues
  }
}

/**
 * The event type is not in the catalog.
 *
 * @example
 * catalog.require('order.shipped') // throws UnknownEventError when not defined
 */
export class UnknownEventError extends SpoolCatalogError {
  readonly type: string

  constructor(type: string, known: readonly string[]) {
    const hint = known.length === 0 ? 'the catalog is empty' : `known types: ${known.join(', ')}`
    super(`Unknown event type '${type}' (${hint})`, { code: 'SPOOL_ERR_UNKNOWN_EVENT' })
    this.name = 'UnknownEventError'
    this.type = type
  }
}

/**
 * A Kafka message is not a CloudEvent this catalog can read (not JSON, a required attribute
 * missing, wrong specversion, ...). The message says what is missing or invalid.
 *
 * @example
 * try { decodeEvent(message) } catch (err) { if (err instanceof DecodeError) deadLetter(message) }
 */
export class DecodeError extends SpoolCatalogError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'SPOOL_ERR_DECODE', cause })
    this.name = 'DecodeError'
  }
}

/**
 * An event definition or a catalog is wrong; `property` names the offending property.
 *
 * @example
 * defineEvent({ type: 'x', topic: 'bad topic', schema }) // DefinitionError: topic ...
 */
export class DefinitionError extends SpoolCatalogError {
  readonly property: string

  constructor(property: string, message: string, cause?: unknown) {
    super(`Invalid event definition: ${property} ${message}`, { code: 'SPOOL_ERR_DEFINITION', cause })
    this.name = 'DefinitionError'
    this.property = property
  }
}

/**
 * An option passed to `encodeEvent` is wrong; `property` names it.
 *
 * @example
 * encodeEvent(def, data, { source: '' }) // InvalidOptionError: source must be a non-empty string
 */
export class InvalidOptionError extends SpoolCatalogError {
  readonly property: string

  constructor(property: string, message: string) {
    super(`Invalid option: ${property} ${message}`, { code: 'SPOOL_ERR_INVALID_OPTION' })
    this.name = 'InvalidOptionError'
    this.property = property
  }
}

/**
 * A schema validated asynchronously where only a synchronous result can be used
 * (`encodeEventSync`, `catalog.parseSync`). Use the async variant for such schemas.
 *
 * @example
 * try { encodeEventSync(def, data, opts) } catch (err) { if (err instanceof AsyncSchemaError) await encodeEvent(def, data, opts) }
 */
export class AsyncSchemaError extends SpoolCatalogError {
  constructor(type: string) {
    super(`The schema of '${type}' validates asynchronously: use the async variant`, {
      code: 'SPOOL_ERR_ASYNC_SCHEMA',
    })
    this.name = 'AsyncSchemaError'
  }
}

function formatIssues(issues: readonly Issue[]): string {
  let out = ''
  for (let i = 0; i < issues.length; i++) {
    if (i > 0) out += '; '
    out += `${issues[i].path}: ${issues[i].message}`
  }
  return out
}
