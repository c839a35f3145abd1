/**
 * The behaviour every idempotency store must show, run against each implementation by its own
 * test file. Every test uses fresh random keys, so stores may share one table or prefix.
 */

import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, type TestContext, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { IdempotencyStore } from '../../src/idempotency/store.ts'

/** How the contract reaches a store implementation. */
export interface ContractTarget {
  /** Opens a new handle on the backend; the suite closes it. */
  open(t: TestContext): Promise<IdempotencyStore> | IdempotencyStore
  /** Whether two handles from open() see the same keys (as two workers would). */
  shared: boolean
}

const longLease = 30_000 // 30 s: never runs out during a test
const shortMs = 120 // lease or retention that a test waits out
const waitOut = 250 // comfortably longer than shortMs

/** Runs the idempotency store contract as a suite named `name`. */
export function idempotencyStoreContract(name: string, target: ContractTarget): void {
  async function open(t: TestContext): Promise<IdempotencyStore> {
    const store = await target.open(t)
    t.after(() => store.close())
    return store
  }

  // A second worker: another handle when the backend is shared, else the same store.
  async function peer(t: TestContext, store: IdempotencyStore): Promise<IdempotencyStore> {
    return target.shared ? open(t) : store
  }

  const newKey = (label = 'event') => `contract:${randomUUID()}:${label}`

  describe(`${name} idempotency store contract`, () => {
    test('the first claim of a key is claimed and the key reads busy', async (t) => {
      const store = await open(t)
      const key = newKey()
      assert.equal(await store.status(key), 'absent')
      assert.equal(await store.claim(key, longLease), 'claimed')
      assert.equal(await store.status(key), 'busy')
    })

    test('a second claim while the lease runs is busy, also from another worker', async (t) => {
      const store = await open(t)
      const other = await peer(t, store)
      const key = newKey()
      assert.equal(await store.claim(key, longLease), 'claimed')
      assert.equal(await store.claim(key, longLease), 'busy')
      assert.equal(await other.claim(key, longLease), 'busy')

      const racing = newKey('race')
      const results = await Promise.all([store.claim(racing, longLease), other.claim(racing, longLease)])
      assert.deepEqual(results.toSorted(), ['busy', 'claimed'])
    })

    test('after complete, claims report done and release keeps it done', async (t) => {
      const store = await open(t)
      const other = await peer(t, store)
      const key = newKey()
      assert.equal(await store.claim(key, longLease), 'claimed')
      await store.complete(key, longLease)
      assert.equal(await store.status(key), 'done')
      assert.equal(await store.claim(key, longLease), 'done')
      assert.equal(await other.claim(key, longLease), 'done')
      await other.release(key)
      assert.equal(await store.status(key), 'done')
    })

    test('complete without a claim marks the key done', async (t) => {
      const store = await open(t)
      const key = newKey()
      await store.complete(key, longLease)
      assert.equal(await store.claim(key, longLease), 'done')
    })

    test('release lets the key be claimed again', async (t) => {
      const store = await open(t)
      const other = await peer(t, store)
      const key = newKey()
      assert.equal(await store.claim(key, longLease), 'claimed')
      await store.release(key)
      assert.equal(await store.status(key), 'absent')
      assert.equal(await other.claim(key, longLease), 'claimed')
      assert.equal(await store.claim(key, longLease), 'busy')
      await store.release(newKey('never-claimed')) // no error for an unknown key
    })

    test('an expired lease lets another worker claim', async (t) => {
      const store = await open(t)
      const other = await peer(t, store)
      const key = newKey()
      assert.equal(await store.claim(key, shortMs), 'claimed')
      assert.equal(await other.claim(key, longLease), 'busy')
      await sleep(waitOut)
      assert.equal(await store.status(key), 'absent')
      assert.equal(await other.claim(key, longLease), 'claimed')
      assert.equal(await store.claim(key, longLease), 'busy')
    })

    test('an expired retention forgets a done key', async (t) => {
      const store = await open(t)
      const key = newKey()
      assert.equal(await store.claim(key, longLease), 'claimed')
      await store.complete(key, shortMs)
      assert.equal(await store.claim(key, longLease), 'done')
      await sleep(waitOut)
      assert.equal(await store.status(key), 'absent')
      assert.equal(await store.claim(key, longLease), 'claimed')
    })

    test('of 200 concurrent claims of one key exactly one is claimed', async (t) => {
      const store = await open(t)
      const workers = [store]
      if (target.shared) for (let i = 0; i < 3; i++) workers.push(await open(t))
      const key = newKey()
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => workers[i % workers.length]!.claim(key, longLease)),
      )
      assert.equal(results.filter((r) => r === 'claimed').length, 1)
      assert.equal(results.filter((r) => r === 'busy').length, 199)

      const winner = workers[results.indexOf('claimed') % workers.length]!
      await winner.complete(key, longLease)
      const after = await Promise.all(
        Array.from({ length: 50 }, (_, i) => workers[i % workers.length]!.claim(key, longLease)),
      )
      assert.ok(after.every((r) => r === 'done'))
    })

    test('unusual keys are stored faithfully and kept apart', async (t) => {
      const store = await open(t)
      const other = await peer(t, store)
      const base = newKey()
      const kilobyte = base + 'k'.repeat(1024 - base.length)
      const keys = [
        `${base}🔑 ключ 鍵 café`,
        `${base}cafe\u0301`, // the same text as above's "café" only after Unicode normalisation
        kilobyte,
        kilobyte.slice(0, -1) + 'K',
        base + 'x'.repeat(10_000),
        `${base}'single" "double' \`back\` \\backslash`,
        `${base}'); DROP TABLE spool_idempotency; --`,
        `${base}* ? [a-z] % _ {} $1 ?3`,
        `${base}line\nbreak\ttab\r`,
        `${base}nul\u0000a`,
        `${base}nul\u0000b`,
        `${base}\ud800`, // lone surrogates: one encoding slip would make these two equal
        `${base}\udc00`,
        `#sha256:${base}`,
        `${base} `,
        `${base.toUpperCase()}`,
      ]
      assert.equal(Buffer.byteLength(kilobyte), 1024)
      assert.equal(new Set(keys).size, keys.length)

      for (const key of keys) assert.equal(await store.claim(key, longLease), 'claimed', JSON.stringify(key))
      for (const key of keys) assert.equal(await other.claim(key, longLease), 'busy', JSON.stringify(key))
      for (const key of keys.filter((_, i) => i % 2 === 0)) await store.complete(key, longLease)
      for (const [i, key] of keys.entries()) {
        assert.equal(await other.status(key), i % 2 === 0 ? 'done' : 'busy', JSON.stringify(key))
      }
      assert.equal(await store.status(base), 'absent')
      assert.equal(await store.status(`${base}nul`), 'absent')
    })

    test('bad arguments reject with a store error (SPOOL_ERR_INVALID_ARGUMENT) and change nothing', async (t) => {
      const store = await open(t)
      const key = newKey()
      const storeError = {
        name: 'IdempotencyStoreError',
        code: 'SPOOL_ERR_INVALID_ARGUMENT',
        retryable: false,
      }
      await assert.rejects(store.claim('', longLease), storeError)
      await assert.rejects(store.claim(key, 0), storeError)
      await assert.rejects(store.claim(key, Number.NaN), storeError)
      await assert.rejects(store.complete(key, -1), storeError)
      await assert.rejects(store.status(undefined as unknown as string), storeError)
      assert.equal(await store.status(key), 'absent')
    })

    test('close is idempotent and later calls reject', async (t) => {
      const store = await target.open(t)
      const key = newKey()
      assert.equal(await store.claim(key, longLease), 'claimed')
      await store.close()
      await store.close()
      const closed = {
        name: 'IdempotencyStoreError',
        code: 'SPOOL_ERR_STATE',
        retryable: false,
        message: /close/,
      }
      await assert.rejects(store.claim(key, longLease), closed)
      await assert.rejects(store.complete(key, longLease), closed)
      await assert.rejects(store.release(key), closed)
      await assert.rejects(store.status(key), closed)
    })
  })
}
