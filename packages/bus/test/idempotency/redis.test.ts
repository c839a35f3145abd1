import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { defaultRedisStoreOptions, redisStore } from '../../src/idempotency/redis.ts'
import { idempotencyStoreContract } from './contract.ts'
import { probeRedis, redisTestUrl, serviceMissing } from './services.ts'

const lease = 30_000 // 30 s
const unreachable = await probeRedis(redisTestUrl)

// Needs no server: options are checked before any connection is made.
test('redisStore validates its options and freezes its defaults', () => {
  assert.ok(Object.isFrozen(defaultRedisStoreOptions))
  const fakeClient = { eval: async () => null } as unknown as Redis
  const invalid = { code: 'SPOOL_ERR_INVALID_OPTION', retryable: false }
  assert.throws(() => redisStore({}), { ...invalid, message: /client and url/ })
  assert.throws(() => redisStore({ client: fakeClient, url: redisTestUrl }), /exactly one/)
  assert.throws(() => redisStore({ client: {} as Redis }), /option 'client' must be an ioredis client/)
  assert.throws(() => redisStore({ url: redisTestUrl, prefix: 1 as never }), /option 'prefix'/)
  assert.throws(
    () => redisStore({ url: redisTestUrl, prefx: 'x' } as never),
    /unknown option 'prefx' \(did you mean 'prefix'\?\)/,
  )
})

if (unreachable !== undefined) {
  serviceMissing('Redis', redisTestUrl, 'SPOOL_TEST_REDIS_URL', unreachable)
} else {
  // One prefix per run keeps parallel runs apart and lets cleanup find every key this run wrote.
  const prefix = `spool-test:${randomUUID()}:`
  const admin = new Redis(redisTestUrl)
  after(async () => {
    let cursor = '0'
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      if (keys.length > 0) await admin.del(...keys)
      cursor = next
    } while (cursor !== '0')
    await admin.quit()
  })

  idempotencyStoreContract('redis', { open: () => redisStore({ url: redisTestUrl, prefix }), shared: true })

  describe('redisStore', () => {
    test('stores each key under the prefix with the lease or retention as its TTL', async (t) => {
      const store = redisStore({ client: admin, prefix })
      t.after(() => store.close())
      assert.equal(await store.claim('orders:evt-1', 5_000), 'claimed')
      assert.equal(await admin.get(`${prefix}orders:evt-1`), 'busy')
      const leaseTtl = await admin.pttl(`${prefix}orders:evt-1`)
      assert.ok(leaseTtl > 4_000 && leaseTtl <= 5_000, `lease ttl ${leaseTtl}`)
      await store.complete('orders:evt-1', 60_000)
      assert.equal(await admin.get(`${prefix}orders:evt-1`), 'done')
      const retentionTtl = await admin.pttl(`${prefix}orders:evt-1`)
      assert.ok(retentionTtl > 59_000 && retentionTtl <= 60_000, `retention ttl ${retentionTtl}`)
    })

    test('leaves a client it was given open, and closes one it created', async () => {
      const given = new Redis(redisTestUrl)
      const store = redisStore({ client: given, prefix })
      assert.equal(await store.claim(`${randomUUID()}`, lease), 'claimed')
      await store.close()
      assert.equal(await given.ping(), 'PONG')
      await given.quit()

      // ioredis takes options from the URL's query, so the store's own connection gets a findable name.
      const connectionName = `spool-test-${randomUUID()}`
      const url = new URL(redisTestUrl)
      url.searchParams.set('connectionName', connectionName)
      const own = redisStore({ url: url.href, prefix })
      assert.equal(await own.claim(`${randomUUID()}`, lease), 'claimed')
      assert.equal(await connectionsNamed(connectionName), 1)
      await own.close()
      await own.close()
      // The server drops the socket just after answering QUIT, so give it a moment.
      for (let i = 0; i < 40 && (await connectionsNamed(connectionName)) > 0; i++) await sleep(25)
      assert.equal(await connectionsNamed(connectionName), 0)
    })

    test('reports an unreachable server as a retryable error', async (t) => {
      const down = new Redis('redis://127.0.0.1:1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      })
      down.on('error', () => {})
      t.after(() => down.disconnect())
      const store = redisStore({ client: down })
      await assert.rejects(store.claim('k', lease), { code: 'SPOOL_ERR_IDEMPOTENCY_STORE', retryable: true })
    })
  })

  async function connectionsNamed(name: string): Promise<number> {
    const list = (await admin.client('LIST')) as string
    return list.split('\n').filter((line) => line.includes(` name=${name} `)).length
  }
}
