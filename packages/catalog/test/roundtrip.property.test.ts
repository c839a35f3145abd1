/** Property tests: encode then decode (and parse) gives back the same event, in both modes. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { z } from 'zod'
import { RESERVED_ATTRIBUTES } from '../src/envelope.ts'
import { createCatalog, decodeEvent, defineEvent, encodeEventSync } from '../src/index.ts'

const Any = defineEvent({ type: 'prop.any', topic: 'prop', schema: z.json() })
const Keyed = defineEvent({
  type: 'prop.keyed',
  topic: 'prop',
  key: 'id',
  subject: 'owner',
  schema: z.object({
    id: z.string().min(1),
    owner: z.string(),
    amount: z.number(),
    tags: z.array(z.string()),
  }),
})
const catalog = createCatalog([Any, Keyed])

const text = fc.string({ minLength: 1, maxLength: 40, unit: 'binary' })
const options = fc.record(
  {
    source: text,
    id: text,
    time: fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }).map((d) => d.toISOString()),
    subject: fc.string({ unit: 'binary' }),
    key: fc.string({ unit: 'binary' }),
    mode: fc.constantFrom('binary' as const, 'structured' as const),
    extensions: fc.dictionary(fc.stringMatching(/^[a-z0-9]{1,10}$/), fc.string({ unit: 'binary' }), {
      maxKeys: 3,
    }),
  },
  { requiredKeys: ['source', 'mode'] },
)
const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)))

test('decode(encode(x)) === envelope for any JSON data and options', () => {
  fc.assert(
    fc.property(json, options, (data, opts) => {
      const extensions = Object.fromEntries(
        Object.entries(opts.extensions ?? {}).filter(([name]) => !RESERVED_ATTRIBUTES.has(name)),
      )
      const record = encodeEventSync(Any, data, { ...opts, extensions })
      const decoded = decodeEvent({ value: record.value, headers: record.headers, key: record.key })
      assert.deepEqual(decoded, record.envelope)
      assert.equal(record.key, opts.key)
    }),
    { numRuns: 300 },
  )
})

test('parse(encode(x)).data equals x and the key comes from the data', () => {
  const data = fc
    .record({
      id: text,
      owner: fc.string({ unit: 'binary' }),
      // JSON has no -0: it comes back as 0.
      amount: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
      tags: fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }),
    })
    .map((record) => ({ ...record }))
  fc.assert(
    fc.property(data, fc.constantFrom('binary' as const, 'structured' as const), (value, mode) => {
      const record = encodeEventSync(Keyed, value, { source: '/p', mode })
      assert.equal(record.key, value.id)
      const event = catalog.parseSync({
        value: record.value,
        headers: new Map(Object.entries(record.headers)),
      })
      assert.deepEqual(event.data, value)
      assert.equal(event.subject, value.owner)
      assert.equal(event.partitionkey, value.id)
    }),
    { numRuns: 300 },
  )
})
