/**
 * Argument and option checks shared by the stores, so every store rejects the same bad input with
 * the same message, naming the offending property.
 */

import { IdempotencyStoreError } from './errors.ts'

/** Throws unless `key` is a non-empty string. */
export function checkKey(store: string, key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new IdempotencyStoreError(`${store} idempotency store: key must be a non-empty string`, {
      code: 'SPOOL_ERR_INVALID_ARGUMENT',
      details: { store, property: 'key' },
    })
  }
}

/**
 * Throws unless `ms` is a positive finite number; returns it rounded up to whole milliseconds,
 * because Redis PX and SQL intervals below 1 ms would expire at once.
 */
export function checkDuration(store: string, name: string, ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw new IdempotencyStoreError(
      `${store} idempotency store: ${name} must be a positive number of milliseconds, got ${String(ms)}`,
      { code: 'SPOOL_ERR_INVALID_ARGUMENT', details: { store, property: name } },
    )
  }
  return Math.ceil(ms)
}

/** Throws unless `value` is an integer of at least `min`. */
export function checkInteger(store: string, name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new IdempotencyStoreError(
      `${store} idempotency store: option ${name} must be an integer >= ${min}, got ${String(value)}`,
      { code: 'SPOOL_ERR_INVALID_OPTION', details: { store, property: name } },
    )
  }
  return value
}

/** Throws unless `value` is a non-empty string. */
export function checkString(store: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new IdempotencyStoreError(`${store} idempotency store: option ${name} must be a non-empty string`, {
      code: 'SPOOL_ERR_INVALID_OPTION',
      details: { store, property: name },
    })
  }
  return value
}

// Plain identifiers only: table names are spliced into SQL, so anything else is refused outright.
const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * Checks a table name (optionally `schema.table` when `allowSchema`) and returns it double-quoted
 * for SQL, so mixed case is kept as written.
 */
export function quoteTable(store: string, name: string, value: unknown, allowSchema: boolean): string {
  const parts = typeof value === 'string' ? value.split('.') : []
  const ok =
    parts.length >= 1 && parts.length <= (allowSchema ? 2 : 1) && parts.every((p) => identifier.test(p))
  if (!ok) {
    const shape = allowSchema ? 'an identifier or schema.identifier' : 'an identifier'
    throw new IdempotencyStoreError(
      `${store} idempotency store: option ${name} must be ${shape} ([A-Za-z_][A-Za-z0-9_]*), got ${JSON.stringify(value)}`,
      { code: 'SPOOL_ERR_INVALID_OPTION', details: { store, property: name } },
    )
  }
  return parts.map((p) => `"${p}"`).join('.')
}

/**
 * Merges `options` over `defaults` (an explicit `undefined` keeps the default) and freezes the
 * result. Throws on a property outside `defaults` and `extra`, which is usually a typo.
 */
export function resolveOptions<D extends object, O extends object>(
  store: string,
  defaults: D,
  options: O,
  extra: readonly string[] = [],
): Readonly<D & O> {
  if (!options || typeof options !== 'object') {
    throw new IdempotencyStoreError(`${store} idempotency store: options must be an object`, {
      code: 'SPOOL_ERR_INVALID_OPTION',
      details: { store },
    })
  }
  const known = [...Object.keys(defaults), ...extra]
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) }
  for (const [name, value] of Object.entries(options)) {
    if (!known.includes(name)) {
      throw new IdempotencyStoreError(
        `${store} idempotency store: unknown option ${name} (known: ${known.join(', ')})`,
        { code: 'SPOOL_ERR_INVALID_OPTION', details: { store, property: name } },
      )
    }
    if (value !== undefined) merged[name] = value
  }
  return Object.freeze(merged) as Readonly<D & O>
}
