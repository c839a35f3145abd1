/**
 * Runs a Standard Schema v1 validator. `validate` may return a Promise; callers check the result
 * with `isPromiseLike` and stay synchronous when it is not, so a sync schema (zod without async
 * refinements) never costs a microtask.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { type Issue, ValidationError } from './errors.ts'

type Result<T> = StandardSchemaV1.Result<T>

/** True when `value` is a Promise or any thenable. */
export function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** Calls the schema; the result is either a finished result or a promise of one. */
export function runSchema<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
): Result<T> | Promise<Result<T>> {
  return schema['~standard'].validate(value)
}

/**
 * The validated value of a finished result, or a ValidationError listing every issue with paths
 * under `root` (e.g. `data.items.0.price`). `type` names the event in the message.
 */
export function unwrapResult<T>(result: Result<T>, type: string, root: string): T {
  if (result.issues === undefined) return (result as StandardSchemaV1.SuccessResult<T>).value
  throw new ValidationError(`Event '${type}' ${root}`, toIssues(result.issues, root))
}

/**
 * Validates `value` with any Standard Schema: returns the value synchronously when the schema is
 * synchronous, a Promise otherwise. Throws (or rejects with) a ValidationError.
 *
 * @example
 * const data = await validate(z.object({ id: z.string() }), input, 'order.created')
 */
export function validate<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
  type: string,
  root = 'data',
): T | Promise<T> {
  const result = runSchema(schema, value)
  if (isPromiseLike(result)) {
    return Promise.resolve(result).then((r) => unwrapResult(r, type, root))
  }
  return unwrapResult(result, type, root)
}

/** Standard Schema issues as `{ path, message }` with dotted paths under `root`. */
export function toIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>, root: string): Issue[] {
  const out: Issue[] = new Array(issues.length)
  for (let i = 0; i < issues.length; i++) {
    const issue = issues[i]
    out[i] = { path: formatPath(issue.path, root), message: issue.message }
  }
  return out
}

function formatPath(path: StandardSchemaV1.Issue['path'], root: string): string {
  if (path === undefined || path.length === 0) return root
  let out = root
  for (const segment of path) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    const text = typeof key === 'symbol' ? (key.description ?? 'symbol') : String(key)
    out = out === '' ? text : `${out}.${text}`
  }
  return out
}
