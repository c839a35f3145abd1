/**
 * Argument checks shared by the stores, so every store rejects the same bad input with the same
 * message, naming the offending argument; and the table-name check of their option schemas.
 */

import { z } from 'zod'
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

// Plain identifiers only: table names are spliced into SQL, so anything else is refused outright.
const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * A table name option: an identifier, or `schema.identifier` when `allowSchema`. Checked by the
 * stores' option schemas; {@link quoteTable} then double-quotes it for SQL, so mixed case is kept.
 */
export function tableNameSchema(allowSchema: boolean) {
  const shape = allowSchema ? 'an identifier or schema.identifier' : 'an identifier'
  return z.string().refine((value) => {
    const parts = value.split('.')
    return parts.length <= (allowSchema ? 2 : 1) && parts.every((p) => identifier.test(p))
  }, `must be ${shape} ([A-Za-z_][A-Za-z0-9_]*)`)
}

/** A checked table name (see {@link tableNameSchema}), double-quoted for SQL. */
export function quoteTable(value: string): string {
  return value
    .split('.')
    .map((p) => `"${p}"`)
    .join('.')
}
