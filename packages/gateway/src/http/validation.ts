/**
 * Request validation. Bodies are checked strictly (no type coercion, unknown properties are
 * errors, every problem reported at once); query strings and path parameters are coerced, since
 * they arrive as text. Ajv's errors become `issues` with a dotted path and a readable message.
 */
import { Ajv, type ErrorObject } from 'ajv'
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify'
import type { Issue } from '../errors.ts'

const common = {
  allErrors: true,
  removeAdditional: false,
  useDefaults: true,
  strict: false,
  allowUnionTypes: true,
} as const

export function installValidators(app: FastifyInstance): void {
  const body = new Ajv({ ...common, coerceTypes: false })
  const text = new Ajv({ ...common, coerceTypes: 'array' })
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema))
}

const prefixes: Record<string, string> = {
  body: '',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
}

/** Ajv errors (as Fastify hands them over) to issues: `{ path: 'data.total', message: 'must be number' }`. */
export function toIssues(errors: FastifySchemaValidationError[], context: string | undefined): Issue[] {
  const prefix = prefixes[context ?? 'body'] ?? context ?? ''
  const seen = new Set<string>()
  const out: Issue[] = []
  for (const e of errors as unknown as Array<ErrorObject & { propertyName?: string }>) {
    // A property-name error is reported twice by Ajv (inner keyword + propertyNames): keep one.
    if (e.propertyName !== undefined) continue
    const segments = (e.instancePath ?? '').split('/').filter(Boolean)
    let message = e.message ?? 'is invalid'
    if (e.keyword === 'required') {
      segments.push(String((e.params as { missingProperty: string }).missingProperty))
      message = 'is required'
    } else if (e.keyword === 'additionalProperties') {
      segments.push(String((e.params as { additionalProperty: string }).additionalProperty))
      message = 'is not a known property'
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    } else if (e.keyword === 'propertyNames') {
      segments.push(String((e.params as { propertyName: string }).propertyName))
      message = 'is not an allowed property name'
    }
    const path = [prefix, ...segments].filter(Boolean).join('.') || prefix || 'body'
    const key = `${path}\u0000${message}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push({ path, message })
  }
  return out
}
