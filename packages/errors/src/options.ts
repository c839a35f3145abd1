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
  const result = schema.safeParse(input === undefined ? {} : input)
  if (result.success) return deepFreeze(result.data, reachable(input))
  const issues = result.error.issues
  // A misspelt key usually also leaves a required one missing: the unknown key is the one to name.
  const explained = issues.map((i) => explain(i, []))
  const { path, issue, message } =
    explained.find((e) => e.issue.code === 'unrecognized_keys') ?? explained[0]!
  const where = formatPath(path)
  if (issue.code === 'unrecognized_keys') {
    const prefix = where === '' ? '' : `${where}.`
    const known = knownKeysAt(schema, path)
    const key = issue.keys[0]!
    const near = known.length === 0 ? undefined : closest(key, known)
    const hint = near === undefined ? '' : ` (did you mean '${prefix}${near}'?)`
    throw new SpoolError(
      'SPOOL_ERR_INVALID_OPTION',
      `${component}: unknown option '${prefix}${key}'${hint}`,
      { details: { component, option: `${prefix}${key}`, suggestion: near, issues } },
    )
  }
  const count = issues.length
  const more = count > 1 ? ` (and ${count - 1} more problem${count > 2 ? 's' : ''})` : ''
  throw new SpoolError(
    'SPOOL_ERR_INVALID_OPTION',
    `${component}: option '${where || '(options)'}' ${message}${more}`,
    { details: { component, option: where, issues } },
  )
}

type Issue = z.core.$ZodIssue

/** `retry.topics[1]`, `auth.keys[0].roles`: how the option would be written in code. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else out += out === '' ? String(segment) : `.${String(segment)}`
  }
  return out
}

/**
 * The issue to report. A union (`false | { … }`, `boolean | { … }`) that failed in every branch is
 * reported through the branch whose type matched (its problem is deeper: a nested key, a value);
 * when none matched, by what each branch expects.
 */
function explain(
  issue: Issue,
  prefix: readonly PropertyKey[],
): { path: PropertyKey[]; issue: Issue; message: string } {
  const path = [...prefix, ...issue.path]
  if (issue.code !== 'invalid_union' || issue.errors.length === 0)
    return { path, issue, message: issue.message }
  const matched = issue.errors.find((branch: readonly Issue[]) => {
    const first: Issue | undefined = branch[0]
    return first !== undefined && (first.path.length > 0 || first.code === 'unrecognized_keys')
  })
  if (matched !== undefined) {
    const inner = matched.map((i) => explain(i, path))
    return inner.find((e) => e.issue.code === 'unrecognized_keys') ?? inner[0]!
  }
  const expected = new Set<string>()
  for (const branch of issue.errors) {
    const first = branch[0]
    if (first === undefined) continue
    // A record is an object to whoever writes the options.
    if (first.code === 'invalid_type') expected.add(first.expected === 'record' ? 'object' : first.expected)
    else if (first.code === 'invalid_value') for (const v of first.values) expected.add(JSON.stringify(v))
    else expected.add(first.message.replace(/^must be /, ''))
  }
  return { path, issue, message: `must be ${[...expected].join(' or ')}` }
}

/** The keys of the object (or objects, through a union) at `path` of the schema. */
function knownKeysAt(schema: OptionsSchema, path: readonly PropertyKey[]): string[] {
  let current: unknown[] = [schema]
  for (const segment of path) {
    const next: unknown[] = []
    for (const candidate of current.flatMap(branches)) {
      const c = candidate as {
        shape?: Record<string, unknown>
        element?: unknown
        def?: { valueType?: unknown }
      }
      if (c.shape !== undefined && typeof segment === 'string' && Object.hasOwn(c.shape, segment))
        next.push(c.shape[segment])
      else if (c.element !== undefined && typeof segment === 'number') next.push(c.element)
      else if (c.def?.valueType !== undefined) next.push(c.def.valueType)
    }
    current = next
  }
  const keys = new Set<string>()
  for (const candidate of current.flatMap(branches)) {
    const shape = (candidate as { shape?: Record<string, unknown> }).shape
    if (shape !== undefined) for (const key of Object.keys(shape)) keys.add(key)
  }
  return [...keys]
}

/** A schema without its optional / default / pipe wrappers, split into a union's branches. */
function branches(schema: unknown): unknown[] {
  let current = schema as
    | { shape?: unknown; def?: { innerType?: unknown; in?: unknown; options?: unknown[] } }
    | undefined
  for (let i = 0; i < 8 && current !== undefined && current.shape === undefined; i++) {
    if (current.def?.innerType !== undefined) current = current.def.innerType as typeof current
    else if (current.def?.in !== undefined) current = current.def.in as typeof current
    else break
  }
  if (current === undefined) return []
  if (Array.isArray(current.def?.options)) return current.def.options.flatMap(branches)
  return [current]
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
