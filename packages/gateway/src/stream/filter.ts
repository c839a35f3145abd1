/**
 * Stream filters from a query string or a client message, checked against abuse: bounded counts
 * and lengths, event types that exist, and a subject bound to the caller's API key.
 */
import type { ApiKey } from '../options.ts'
import { type CloseCode, closeCodes, type StreamFilter } from './protocol.ts'

const MAX_VALUE = 256 // chars of one type or subject

/** A filter the client may not have; `code` is the WebSocket close code, `status` the HTTP one. */
export class StreamFilterError extends Error {
  readonly code: CloseCode
  readonly status: number

  constructor(code: CloseCode, message: string) {
    super(message)
    this.name = 'StreamFilterError'
    this.code = code
    this.status = code === closeCodes.forbiddenFilter ? 403 : 400
  }
}

/** A stream client's filter as sent: comma-separated strings or arrays of them. */
export interface FilterInput {
  types?: unknown
  subjects?: unknown
}

/** What a filter is checked against: the catalog's types, a size limit and the client's API key. */
export interface FilterRules {
  knownTypes: ReadonlySet<string>
  maxValues: number
  key: ApiKey | null
}

/**
 * Checks and normalizes a stream client's filter: every type must be in the catalog, and a key
 * bound to a subject may only stream that subject. Throws StreamFilterError (with the close code).
 *
 * @example
 * parseFilter({ types: 'order.placed' }, { knownTypes: new Set(['order.placed']), maxValues: 50, key: null })
 * // { types: Set { 'order.placed' }, subjects: undefined }
 */
export function parseFilter(input: FilterInput, rules: FilterRules): StreamFilter {
  const types = values(input.types, 'types', rules.maxValues)
  for (const t of types ?? []) {
    if (!rules.knownTypes.has(t)) {
      throw new StreamFilterError(
        closeCodes.badFilter,
        `types: "${t.slice(0, 64)}" is not an event type of the catalog`,
      )
    }
  }
  let subjects = values(input.subjects, 'subjects', rules.maxValues)
  const bound = rules.key?.subject
  if (bound !== undefined) {
    if (subjects && (subjects.size !== 1 || !subjects.has(bound))) {
      throw new StreamFilterError(
        closeCodes.forbiddenFilter,
        `subjects: this API key may only stream the events of its own subject`,
      )
    }
    subjects = new Set([bound])
  }
  return { types, subjects }
}

/** A comma-separated string or an array of them, to a set; undefined when absent or empty. */
function values(raw: unknown, name: string, max: number): Set<string> | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => {
    if (typeof v !== 'string') throw new StreamFilterError(closeCodes.badFilter, `${name} must be strings`)
    return v.split(',')
  })
  if (parts.length > max) {
    throw new StreamFilterError(closeCodes.badFilter, `${name}: at most ${max} values, got ${parts.length}`)
  }
  const out = new Set<string>()
  for (const p of parts) {
    const value = p.trim()
    if (value === '' || value.length > MAX_VALUE) {
      throw new StreamFilterError(
        closeCodes.badFilter,
        `${name}: each value must be 1 to ${MAX_VALUE} characters`,
      )
    }
    out.add(value)
  }
  return out.size === 0 ? undefined : out
}

/** Whether an event passes a filter. */
export function matches(filter: StreamFilter, type: string, subject: string | undefined): boolean {
  if (filter.types && !filter.types.has(type)) return false
  if (filter.subjects && (subject === undefined || !filter.subjects.has(subject))) return false
  return true
}
