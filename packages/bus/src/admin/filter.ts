/**
 * Message filters of the browser. Two forms, chosen by shape:
 * - `path=value`: equality on the JSON value (`data.userId=u1`), the key (`key=u1`) or a header
 *   (`headers.ce_type=order.placed`). The value compares as JSON when it parses (`n=5`, `ok=true`),
 *   else as text.
 * - anything else: a case-sensitive substring of the key, the value or any header value.
 */
import { InvalidArgumentError } from './errors.ts'

/** A record as a filter sees it: key and value as text, headers by name. */
export interface FilterInput {
  key: string | null
  value: string | null
  headers: Record<string, string>
}

/** A compiled filter: true when the record matches. */
export type MessageFilter = (message: FilterInput) => boolean

const MAX_FILTER = 1_024 // chars: a filter is typed by a person, not a payload
const PATH = /^([A-Za-z_$][\w$-]*(?:\.[\w$-]+)*)=(.*)$/s

/**
 * Compiles a browser filter into a predicate: `path=value` compares the JSON value (`data.userId=u1`),
 * the key (`key=u1`) or a header (`headers.ce_type=order.placed`); anything else matches a
 * substring of the key, value or a header. Undefined when there is no filter; InvalidArgumentError
 * past 1,024 characters.
 *
 * @example
 * const match = compileFilter('data.userId=u1')
 * match?.({ key: null, value: '{"data":{"userId":"u1"}}', headers: {} }) // true
 */
export function compileFilter(filter: string | undefined): MessageFilter | undefined {
  if (filter === undefined || filter === '') return undefined
  if (typeof filter !== 'string' || filter.length > MAX_FILTER) {
    throw new InvalidArgumentError('filter', `filter must be a string of at most ${MAX_FILTER} characters`)
  }
  const match = PATH.exec(filter)
  if (!match) return (m) => includes(m, filter)
  const [, path, expected] = match as unknown as [string, string, string]
  const segments = path.split('.')
  const wanted = parseJson(expected)
  if (segments[0] === 'key' && segments.length === 1) return (m) => m.key === expected
  if (segments[0] === 'headers' && segments.length === 2) return (m) => m.headers[segments[1]!] === expected
  return (m) => {
    if (m.value === null) return false
    const root = parseJson(m.value)
    if (root === NOT_JSON) return false
    let node: unknown = root
    for (const s of segments) {
      if (node === null || typeof node !== 'object') return false
      node = (node as Record<string, unknown>)[s]
    }
    if (wanted !== NOT_JSON && (typeof wanted !== 'object' || wanted === null)) {
      if (node === wanted) return true
    }
    return typeof node === 'string'
      ? node === expected
      : node !== undefined && JSON.stringify(node) === expected
  }
}

const NOT_JSON = Symbol('not json')

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return NOT_JSON
  }
}

function includes(m: FilterInput, needle: string): boolean {
  if (m.key?.includes(needle) || m.value?.includes(needle)) return true
  for (const v of Object.values(m.headers)) if (v.includes(needle)) return true
  return false
}
