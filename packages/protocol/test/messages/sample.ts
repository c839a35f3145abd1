/**
 * Builds sample values straight from a schema, so every field of every version is exercised
 * without writing one fixture per version.
 */
import type { FieldDef, MessageDef, ScalarType } from '../../src/schema/types.ts'
import { inVersions } from '../../src/schema/versions.ts'

export type Variant = 'full' | 'nulls'

function scalar(type: ScalarType, n: number): unknown {
  switch (type) {
    case 'bool':
      return n % 2 === 1
    case 'int8':
      return (n % 200) - 100
    case 'int16':
      return n * 7 - 1000
    case 'uint16':
      return (n * 13) % 65536
    case 'int32':
      return n * 100_003 - 2 ** 30
    case 'uint32':
      return 4_000_000_000 - n
    case 'int64':
      return BigInt(n) * 1_000_000_007n - 2n ** 40n
    case 'float64':
      return n + 0.25
    case 'string':
      return `s${n}-é`
    case 'bytes':
      return Buffer.from([n % 256, 1, 2, 3])
    case 'records':
      return Buffer.from(`records-${n}`)
    case 'uuid':
      return `${n.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`
  }
}

/** A value for `fields` at `version` holding only the fields that exist in it, none at its default. */
export function sampleStruct(fields: readonly FieldDef[], version: number, variant: Variant, seq = { n: 1 }) {
  const obj: Record<string, unknown> = {}
  for (const f of fields) {
    if (!inVersions(f.versions, version)) continue
    const n = seq.n++
    const nullable = inVersions(f.nullableVersions, version)
    if (nullable && variant === 'nulls') {
      // A field whose default is null would be indistinguishable when tagged, so keep one value.
      obj[f.name] =
        f.default === null && inVersions(f.taggedVersions, version)
          ? fieldValue(f, version, 'full', seq, n)
          : null
      continue
    }
    obj[f.name] = fieldValue(f, version, variant, seq, n)
  }
  return obj
}

function fieldValue(f: FieldDef, version: number, variant: Variant, seq: { n: number }, n: number): unknown {
  const isArray = f.type.startsWith('[]')
  const base = (isArray ? f.type.slice(2) : f.type) as ScalarType | 'struct'
  const one = () =>
    base === 'struct' ? sampleStruct(f.fields ?? [], version, variant, seq) : scalar(base, seq.n++)
  if (!isArray) return base === 'struct' ? one() : scalar(base, n)
  return variant === 'full' ? [one(), one()] : [one()]
}

/** Sample values (both variants) for `def` at `version`. */
export function samples(def: MessageDef, version: number) {
  return (['full', 'nulls'] as const).map((variant) => ({
    variant,
    value: sampleStruct(def.fields, version, variant),
  }))
}

/** Asserts every key of `expected` (recursively) equals the same key of `actual`. */
export function pickLike(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual)) return actual.map((a, i) => pickLike(a, expected[i]))
  if (
    expected &&
    typeof expected === 'object' &&
    !Buffer.isBuffer(expected) &&
    actual &&
    typeof actual === 'object'
  ) {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(expected))
      out[k] = pickLike((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k])
    return out
  }
  return actual
}
