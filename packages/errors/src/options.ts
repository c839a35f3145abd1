/**
 * Options checked the same way in every package: declared once as a zod schema, parsed at
 * construction, unknown keys rejected by name (with a suggestion for a near miss), the result
 * frozen. Every failure is a {@link SpoolError} with code `SPOOL_ERR_INVALID_OPTION`.
 */
import type { z } from 'zod'
import { SpoolError } from './error.ts'
import { closest } from './suggest.ts'

export type OptionsSchema = z.ZodType

/**
 * Throws when `input` has a key that is not in `known`, naming it (and the nearest known key).
 *
 * @example
 * rejectUnknownKeys('createBus', { brokrs: [] }, ['brokers', 'clientId'])
 * // SpoolError SPOOL_ERR_INVALID_OPTION: createBus: unknown option 'brokrs' (did you mean 'brokers'?)
 */
export function rejectUnknownKeys(
  component: string,
  input: object,
  known: Iterable<string>,
  path = '',
): void {
  const knownKeys = [...known]
  const allowed = new Set(knownKeys)
  for (const key of Object.keys(input)) {
    if (allowed.has(key)) continue
    const near = closest(key, knownKeys)
    const hint = near === undefined ? `known options: ${knownKeys.join(', ')}` : `did you mean '${near}'?`
    throw new SpoolError(
      'SPOOL_ERR_INVALID_OPTION',
      `${component}: unknown option '${path}${key}' (${hint})`,
      {
        details: { component, option: `${path}${key}`, suggestion: near },
      },
    )
  }
}

/**
 * Parses options against a zod schema. Object schemas should be strict (`z.strictObject`): an
 * unknown key is reported with the nearest known key of the same object. Returns the parsed
 * value, deeply frozen — except values the schema passed through as given (`z.custom`,
 * `z.instanceof`: a logger, a store, a plain-object client): those are the caller's, and stay as
 * they are.
 *
 * @example
 * const options = parseOptions('createBus', busOptionsSchema, input)
 */
export function parseOptions<S extends OptionsSchema>(
  component: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (result.success) return deepFreeze(result.data, reachable(input))
  const issue = result.error.issues[0]!
  const where = issue.path.map(String).join('.')
  if (issue.code === 'unrecognized_keys') {
    const prefix = where === '' ? '' : `${where}.`
    const known = knownKeysAt(schema, issue.path)
    const key = issue.keys[0]!
    const near = known === undefined ? undefined : closest(key, known)
    const hint = near === undefined ? '' : ` (did you mean '${prefix}${near}'?)`
    throw new SpoolError(
      'SPOOL_ERR_INVALID_OPTION',
      `${component}: unknown option '${prefix}${key}'${hint}`,
      {
        details: { component, option: `${prefix}${key}`, suggestion: near, issues: result.error.issues },
      },
    )
  }
  const count = result.error.issues.length
  const more = count > 1 ? ` (and ${count - 1} more problem${count > 2 ? 's' : ''})` : ''
  throw new SpoolError(
    'SPOOL_ERR_INVALID_OPTION',
    `${component}: option '${where || '(options)'}' ${issue.message}${more}`,
    { details: { component, option: where, issues: result.error.issues } },
  )
}

function knownKeysAt(schema: OptionsSchema, path: readonly PropertyKey[]): string[] | undefined {
  let current: unknown = schema
  for (const segment of [...path, undefined]) {
    current = unwrap(current)
    const shape = (current as { shape?: Record<string, unknown> } | undefined)?.shape
    if (segment === undefined) return shape === undefined ? undefined : Object.keys(shape)
    if (shape !== undefined && typeof segment === 'string') current = shape[segment]
    else {
      const element = (current as { element?: unknown } | undefined)?.element
      if (element === undefined) return undefined
      current = element
    }
  }
  return undefined
}

function unwrap(schema: unknown): unknown {
  let current = schema as { unwrap?: () => unknown; def?: { innerType?: unknown; in?: unknown } } | undefined
  for (let i = 0; i < 8 && current !== undefined; i++) {
    if (typeof current.unwrap === 'function') current = current.unwrap() as typeof current
    else if (current.def?.innerType !== undefined) current = current.def.innerType as typeof current
    else if (current.def?.in !== undefined) current = current.def.in as typeof current
    else break
  }
  return current
}

/** Every plain object and array of the caller's input. */
function reachable(value: unknown, seen = new Set<object>()): Set<object> {
  if (value === null || typeof value !== 'object' || seen.has(value) || !isPlain(value)) return seen
  seen.add(value)
  for (const inner of Object.values(value)) reachable(inner, seen)
  return seen
}

/** Freezes what parsing built; leaves alone what the caller passed through (`given`). */
function deepFreeze<T>(value: T, given: ReadonlySet<object>): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  if (given.has(value) || !isPlain(value)) return value
  for (const inner of Object.values(value)) deepFreeze(inner, given)
  return Object.freeze(value)
}

function isPlain(value: object): boolean {
  if (ArrayBuffer.isView(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === Array.prototype || proto === null
}
