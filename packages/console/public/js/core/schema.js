/**
 * JSON Schema (2020-12, as the catalog exports it) → a description of form fields, and the value
 * coercion the form needs. Pure functions, no DOM, so they are tested in Node.
 *
 * Node kinds: object, string, integer, number, boolean, array, enum, const, json. Anything the
 * form cannot express well (anyOf/oneOf unions, maps, tuples, deep recursion) becomes `json`:
 * a JSON text field for that property, so every schema is still producible.
 */
const MAX_DEPTH = 8

/** Describes `schema` (resolving local $refs against `root`). */
export function describeSchema(schema, root = schema, depth = 0) {
  if (schema === true || schema === undefined || schema === null) return { kind: 'json', nullable: false }
  if (depth > MAX_DEPTH) return { kind: 'json', nullable: false, ...meta(schema) }
  const resolved = resolveRef(schema, root)
  if (resolved !== schema) return { ...describeSchema(resolved, root, depth + 1), ...meta(schema) }

  const base = meta(schema)
  const union = schema.anyOf ?? schema.oneOf
  if (Array.isArray(union)) {
    const nonNull = union.filter((s) => !(s && s.type === 'null'))
    const nullable = nonNull.length < union.length
    if (nonNull.length === 1) return { ...describeSchema(nonNull[0], root, depth + 1), ...base, nullable }
    if (nonNull.every((s) => s && 'const' in s)) {
      return { kind: 'enum', values: nonNull.map((s) => s.const), ...base, nullable }
    }
    return { kind: 'json', ...base, nullable }
  }
  if ('const' in schema) return { kind: 'const', value: schema.const, ...base, nullable: false }
  if (Array.isArray(schema.enum)) {
    return {
      kind: 'enum',
      values: schema.enum.filter((v) => v !== null),
      ...base,
      nullable: schema.enum.includes(null),
    }
  }

  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  const nullable = types.includes('null')
  const type = types.filter((t) => t !== 'null')
  if (type.length !== 1) return { kind: 'json', ...base, nullable }
  switch (type[0]) {
    case 'object':
      return describeObject(schema, root, depth, base, nullable)
    case 'array':
      if (!schema.items || Array.isArray(schema.prefixItems)) return { kind: 'json', ...base, nullable }
      return {
        kind: 'array',
        items: describeSchema(schema.items, root, depth + 1),
        minItems: schema.minItems,
        maxItems: schema.maxItems,
        ...base,
        nullable,
      }
    case 'string':
      return {
        kind: 'string',
        format: schema.format,
        minLength: schema.minLength,
        maxLength: schema.maxLength,
        pattern: schema.pattern,
        ...base,
        nullable,
      }
    case 'integer':
    case 'number':
      return {
        kind: type[0],
        minimum: schema.minimum,
        maximum: safeBound(schema.maximum),
        exclusiveMinimum: schema.exclusiveMinimum,
        exclusiveMaximum: safeBound(schema.exclusiveMaximum),
        multipleOf: schema.multipleOf,
        ...base,
        nullable,
      }
    case 'boolean':
      return { kind: 'boolean', ...base, nullable }
    default:
      return { kind: 'json', ...base, nullable }
  }
}

function describeObject(schema, root, depth, base, nullable) {
  const props = schema.properties ?? {}
  const names = Object.keys(props)
  // A map (only additionalProperties) has no fixed fields: edit it as JSON.
  if (names.length === 0) return { kind: 'json', ...base, nullable }
  const required = new Set(schema.required ?? [])
  return {
    kind: 'object',
    fields: names.map((name) => ({
      name,
      required: required.has(name),
      node: describeSchema(props[name], root, depth + 1),
    })),
    ...base,
    nullable,
  }
}

function meta(schema) {
  const out = {}
  if (typeof schema.title === 'string') out.title = schema.title
  if (typeof schema.description === 'string') out.description = schema.description
  if ('default' in schema) out.default = schema.default
  if (Array.isArray(schema.examples) && schema.examples.length) out.example = schema.examples[0]
  return out
}

// zod writes Number.MAX_SAFE_INTEGER as the bound of every int: not worth showing.
const safeBound = (n) => (typeof n === 'number' && Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n)

function resolveRef(schema, root) {
  if (typeof schema.$ref !== 'string' || !schema.$ref.startsWith('#')) return schema
  const path = schema.$ref
    .slice(1)
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  let at = root
  for (const part of path) at = at?.[part]
  return at && typeof at === 'object' ? at : schema
}

/**
 * Turns the text of a leaf input into a value: { ok: true, value } or { ok: false, message }.
 * An empty text is { ok: true, empty: true } so optional fields can be left out.
 */
export function coerce(node, text) {
  if (node.kind === 'boolean') return { ok: true, value: Boolean(text) }
  if (typeof text !== 'string') return { ok: true, value: text }
  if (text === '' && node.kind !== 'string') return { ok: true, empty: true }
  switch (node.kind) {
    case 'string':
      return text === '' ? { ok: true, empty: true, value: '' } : { ok: true, value: text }
    case 'integer': {
      if (!/^-?\d+$/.test(text.trim())) return { ok: false, message: 'must be a whole number' }
      return { ok: true, value: Number(text) }
    }
    case 'number': {
      const n = Number(text)
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: 'must be a number' }
    }
    case 'enum': {
      const value = node.values.find((v) => String(v) === text)
      return value === undefined ? { ok: true, empty: true } : { ok: true, value }
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) }
      } catch (error) {
        return { ok: false, message: `is not valid JSON (${error.message})` }
      }
    default:
      return { ok: true, value: text }
  }
}

/** A short human description of a node's type and constraints: 'integer > 0', 'string ≤ 20 chars'. */
export function typeLabel(node) {
  const parts = []
  switch (node.kind) {
    case 'integer':
    case 'number':
      parts.push(node.kind)
      if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`)
      if (node.minimum !== undefined) parts.push(`≥ ${node.minimum}`)
      if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`)
      if (node.maximum !== undefined) parts.push(`≤ ${node.maximum}`)
      break
    case 'string':
      parts.push(node.format ? `string (${node.format})` : 'string')
      if (node.minLength !== undefined) parts.push(`≥ ${node.minLength} chars`)
      if (node.maxLength !== undefined) parts.push(`≤ ${node.maxLength} chars`)
      if (node.pattern) parts.push(`/${node.pattern}/`)
      break
    case 'enum':
      parts.push(`one of ${node.values.map((v) => JSON.stringify(v)).join(', ')}`)
      break
    case 'array':
      parts.push(`array of ${typeLabel(node.items)}`)
      break
    case 'const':
      parts.push(`always ${JSON.stringify(node.value)}`)
      break
    default:
      parts.push(node.kind === 'json' ? 'JSON' : node.kind)
  }
  if (node.nullable) parts.push('or null')
  return parts.join(' ')
}

/** A starting value for a node (used by "Fill with example" when the catalog has no example). */
export function sampleValue(node) {
  if ('default' in node) return node.default
  if (node.example !== undefined) return node.example
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(
        node.fields.filter((f) => f.required).map((f) => [f.name, sampleValue(f.node)]),
      )
    case 'array':
      return []
    case 'string':
      return node.format === 'date-time'
        ? new Date().toISOString()
        : node.format === 'uuid'
          ? crypto.randomUUID()
          : ''
    case 'integer':
    case 'number':
      return node.exclusiveMinimum !== undefined ? node.exclusiveMinimum + 1 : (node.minimum ?? 0)
    case 'boolean':
      return false
    case 'enum':
      return node.values[0]
    case 'const':
      return node.value
    default:
      return null
  }
}
