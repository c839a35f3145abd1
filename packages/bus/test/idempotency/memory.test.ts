import assert from 'node:assert/strict'
import { test } from 'node:test'
import { defaultMemoryStoreOptions, memoryStore } from '../../src/idempotency/memory.ts'
import { idempotencyStoreContract } from './contract.ts'

idempotencyStoreContract('memory', { open: () => memoryStore(), shared: false })

const lease = 30_000 // 30 s

test('memoryStore forgets the oldest done keys beyond maxKeys', async (t) => {
  const store = memoryStore({ maxKeys: 3 })
  t.after(() => store.close())
  for (const key of ['a', 'b', 'c']) {
    await store.claim(key, lease)
    await store.complete(key, lease)
  }
  await store.complete('a', lease) // rewritten, so now the newest
  assert.equal(await store.claim('d', lease), 'claimed')
  assert.equal(await store.status('b'), 'absent')
  assert.deepEqual(await Promise.all(['a', 'c', 'd'].map((key) => store.status(key))), [
    'done',
    'done',
    'busy',
  ])
})

test('memoryStore never evicts in-flight claims', async (t) => {
  const store = memoryStore({ maxKeys: 2 })
  t.after(() => store.close())
  assert.equal(await store.claim('a', lease), 'claimed')
  assert.equal(await store.claim('b', lease), 'claimed')
  await assert.rejects(store.claim('c', lease), {
    code: 'SPOOL_ERR_IDEMPOTENCY_STORE',
    retryable: true,
    message: /maxKeys/,
  })
  assert.equal(await store.status('a'), 'busy')
  await store.complete('a', lease)
  assert.equal(await store.claim('c', lease), 'claimed')
  assert.equal(await store.status('a'), 'absent')
  assert.equal(await store.status('b'), 'busy')
})

test('memoryStore validates its options and freezes its defaults', () => {
  assert.ok(Object.isFrozen(defaultMemoryStoreOptions))
  assert.throws(() => memoryStore({ maxKeys: 0 }), {
    code: 'SPOOL_ERR_INVALID_OPTION',
    message: /^memoryStore: option 'maxKeys' /,
  })
  assert.throws(() => memoryStore({ maxKeys: 1.5 }), /maxKeys/)
  assert.throws(
    () => memoryStore({ maxKey: 10 } as never),
    /unknown option 'maxKey' \(did you mean 'maxKeys'\?\)/,
  )
  assert.doesNotThrow(() => memoryStore({ maxKeys: undefined }))
})
