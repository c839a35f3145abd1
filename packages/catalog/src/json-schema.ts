/**
 * JSON Schema of event data. Sources, in order: the definition's explicit `jsonSchema` (the
 * author's word wins), zod 4's own converter, the validator's Standard JSON Schema
 * (`~standard.jsonSchema`), else `{}` (any JSON). Results are cached per definition and frozen.
 */
import type { StandardJSONSchemaV1 } from '@standard-schema/spec'
import { toJSONSchema as zodToJSONSchema } from 'zod/v4/core'
import { type AnyEventDefinition, definitionInternals, type JSONSchema } from './define.ts'

/** JSON Schema dialects the catalog can produce. */
export type JSONSchemaTarget = 'draft-2020-12' | 'draft-07'

/** Options of `eventJSONSchema`. */
export interface JSONSchemaOptions {
  /** Dialect; default draft 2020-12. */
  readonly target?: JSONSchemaTarget
  /** `input` (default): what a publisher sends. `output`: what a handler receives. */
  readonly io?: 'input' | 'output'
}

/** Defaults of `eventJSONSchema`. */
export const defaultJSONSchemaOptions: Required<JSONSchemaOptions> = Object.freeze({
  target: 'draft-2020-12',
  io: 'input',
})

const DIALECT_URI: Record<JSONSchemaTarget, string> = {
  'draft-2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
}

/**
 * The JSON Schema of a definition's data (frozen, cached).
 *
 * @example
 * eventJSONSchema(MissionCompleted)
 * // { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: {...}, required: [...] }
 */
export function eventJSONSchema(def: AnyEventDefinition, options: JSONSchemaOptions = {}): JSONSchema {
  const target = options.target ?? defaultJSONSchemaOptions.target
  const io = options.io ?? defaultJSONSchemaOptions.io
  const cache = def[definitionInternals].jsonSchemas
  const cacheKey = `${target}:${io}`
  let schema = cache.get(cacheKey)
  if (schema === undefined) {
    schema = deepFreeze(convert(def, target, io))
    cache.set(cacheKey, schema)
  }
  return schema
}

/**
 * Top-level required property names of a definition's data, for listings such as
 * `{ required: [...], description }`. Empty when the data is not an object schema.
 *
 * @example
 * requiredFields(MissionCompleted) // ['userId', 'missionId', 'xpEarned']
 */
export function requiredFields(def: AnyEventDefinition): string[] {
  const required = eventJSONSchema(def).required
  return Array.isArray(required) ? required.filter((name): name is string => typeof name === 'string') : []
}

function convert(def: AnyEventDefinition, target: JSONSchemaTarget, io: 'input' | 'output'): JSONSchema {
  if (def.jsonSchema !== undefined) return withDialect(structuredClone(def.jsonSchema), target)
  const schema = def.schema as unknown
  if (schema !== null && typeof schema === 'object' && '_zod' in schema) {
    // Unrepresentable parts (dates, transforms) become {} instead of throwing.
    const result = zodToJSONSchema(schema as never, { target, io, unrepresentable: 'any' })
    return withDialect(result as JSONSchema, target)
  }
  const converter = (def.schema as unknown as Partial<StandardJSONSchemaV1>)['~standard']?.jsonSchema
  if (converter !== undefined && typeof converter[io] === 'function') {
    try {
      return withDialect({ ...converter[io]({ target }) }, target)
    } catch {
      // The validator cannot express this schema: fall through to "any JSON".
    }
  }
  return {}
}

function withDialect(schema: JSONSchema, target: JSONSchemaTarget): JSONSchema {
  if (schema.$schema !== undefined) return schema
  return { $schema: DIALECT_URI[target], ...schema }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}
