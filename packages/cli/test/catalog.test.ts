import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { createCatalog, defineEvent } from '@spool/catalog'
import { catalogOf, dedupe, loadCatalog } from '../src/catalog.ts'
import { demoCatalog } from '../src/dev-catalog.ts'

const schema = {
  '~standard': { version: 1 as const, vendor: 'test', validate: (value: unknown) => ({ value }) },
}
const v1 = defineEvent({ type: 'order.placed', topic: 'orders', schema, version: 1 })
const v2 = defineEvent({ type: 'order.placed', topic: 'orders', schema, version: 2 })
const other = defineEvent({ type: 'order.shipped', topic: 'orders', schema })

describe('catalog modules', () => {
  it('takes `catalog`, then `default`, then every exported definition', () => {
    assert.deepEqual(catalogOf({ catalog: [other], default: [v1] }), [other])
    assert.deepEqual(catalogOf({ default: createCatalog([other]) }), [other])
    assert.deepEqual(catalogOf({ A: other, B: v1, helper: () => 1 }), [other, v1])
    assert.equal(catalogOf({ helper: () => 1 }), undefined)
  })

  it('keeps the newest version of a type', () => {
    assert.deepEqual(dedupe([v1, other, v2]), [v2, other])
  })

  it('loads a module by path, and fails as a usage error otherwise', async () => {
    const fixture = fileURLToPath(new URL('fixtures/catalog.ts', import.meta.url))
    const loaded = await loadCatalog(fixture, '/')
    assert.deepEqual(
      loaded.map((d) => d.type),
      ['fixture.pinged'],
    )
    await assert.rejects(loadCatalog('./missing.ts', import.meta.dirname), {
      code: 'SPOOL_ERR_INVALID_OPTION',
    })
    await assert.rejects(loadCatalog(fileURLToPath(import.meta.url), '/'), /exports no event definitions/)
  })

  it('ships a demo catalog for spool dev: a valid catalog whose examples pass their own schemas', async () => {
    createCatalog([...demoCatalog])
    assert.deepEqual(
      demoCatalog.map((d) => d.type),
      ['mission.completed', 'xp.earned', 'order.placed', 'order.shipped', 'payment.completed'],
    )
    for (const definition of demoCatalog) {
      const result = await definition.schema['~standard'].validate(definition.example)
      assert.equal(result.issues, undefined, `${definition.type}: ${JSON.stringify(result.issues)}`)
    }
  })
})
