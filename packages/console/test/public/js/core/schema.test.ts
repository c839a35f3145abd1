import assert from 'node:assert/strict'
import { resolve } from 'node:path'
import { describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'

// A browser module, loaded as it is (no types: it is plain JavaScript).
const schema = await import(
  pathToFileURL(resolve(import.meta.dirname, '../../../../public/js/core/schema.js')).href
)

const orderSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    userId: { type: 'string', minLength: 1 },
    amount: { type: 'number', exclusiveMinimum: 0 },
    count: { type: 'integer', minimum: 0, maximum: 9007199254740991 },
    currency: { type: 'string', enum: ['EUR', 'USD'] },
    express: { type: 'boolean' },
    items: { type: 'array', items: { type: 'string' } },
    address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    extra: { type: 'object', additionalProperties: { type: 'string' } },
    either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    kind: { const: 'order' },
    ref: { $ref: '#/$defs/Money' },
  },
  required: ['userId', 'amount', 'currency'],
  $defs: { Money: { type: 'object', properties: { cents: { type: 'integer' } }, required: ['cents'] } },
}

describe('console schema forms', () => {
  it('describes each JSON Schema construct as the control that edits it', () => {
    const node = schema.describeSchema(orderSchema)
    assert.equal(node.kind, 'object')
    const kinds = Object.fromEntries(node.fields.map((f: any) => [f.name, f.node.kind]))
    assert.deepEqual(kinds, {
      userId: 'string',
      amount: 'number',
      count: 'integer',
      currency: 'enum',
      express: 'boolean',
      items: 'array',
      address: 'object',
      note: 'string',
      extra: 'json',
      either: 'json',
      kind: 'const',
      ref: 'object',
    })
    const field = (name: string) => node.fields.find((f: any) => f.name === name)
    assert.equal(field('userId').required, true)
    assert.equal(field('express').required, false)
    assert.equal(field('note').node.nullable, true)
    assert.equal(field('count').node.maximum, undefined, "zod's safe-integer bound is not shown")
    assert.equal(field('ref').node.fields[0].name, 'cents', 'local $refs are followed')
  })

  it('coerces typed text and reports what does not parse', () => {
    assert.deepEqual(schema.coerce({ kind: 'integer' }, '42'), { ok: true, value: 42 })
    assert.equal(schema.coerce({ kind: 'integer' }, '4.2').ok, false)
    assert.deepEqual(schema.coerce({ kind: 'number' }, '-0.5'), { ok: true, value: -0.5 })
    assert.equal(schema.coerce({ kind: 'number' }, 'abc').ok, false)
    assert.equal(schema.coerce({ kind: 'number' }, '').empty, true)
    assert.deepEqual(schema.coerce({ kind: 'enum', values: [1, 2] }, '2'), { ok: true, value: 2 })
    assert.deepEqual(schema.coerce({ kind: 'json' }, '{"a":1}'), { ok: true, value: { a: 1 } })
    assert.match(schema.coerce({ kind: 'json' }, '{a').message, /not valid JSON/)
  })

  it('labels types with their constraints', () => {
    const node = schema.describeSchema(orderSchema)
    const label = (name: string) => schema.typeLabel(node.fields.find((f: any) => f.name === name).node)
    assert.equal(label('amount'), 'number > 0')
    assert.equal(label('userId'), 'string ≥ 1 chars')
    assert.equal(label('currency'), 'one of "EUR", "USD"')
    assert.equal(label('items'), 'array of string')
    assert.equal(label('note'), 'string or null')
  })

  it('builds a sample value that satisfies the required fields', () => {
    const sample = schema.sampleValue(schema.describeSchema(orderSchema))
    assert.deepEqual(Object.keys(sample).sort(), ['amount', 'currency', 'userId'])
    assert.ok(sample.amount > 0)
    assert.equal(sample.currency, 'EUR')
  })
})
