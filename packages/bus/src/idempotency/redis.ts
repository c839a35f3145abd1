/**
 * Idempotency store in Redis, shared by every process that uses the same server and prefix.
 * Each key is one string value, 'busy' or 'done', whose Redis TTL is the lease or the retention,
 * so Redis itself forgets expired keys. Claim and release are short Lua scripts, which Redis runs
 * atomically: a claim can tell 'done' from 'busy' without a race, and a release never deletes a
 * key that another worker has meanwhile completed.
 */

import { parseOptions } from '@spool/errors'
import { z } from 'zod'
import { loadIORedis, requirePeer } from '../peers.ts'
import type { RedisClientLike as Redis } from './clients.ts'
import { closedError, IdempotencyStoreError, storeError } from './errors.ts'
import { storageKey } from './storage-key.ts'
import type { ClaimResult, IdempotencyStore, KeyStatus } from './store.ts'
import { checkDuration, checkKey } from './validate.ts'

export const redisStoreOptionsSchema = z
  .strictObject({
    /** A connected ioredis client to use; the store never closes it. */
    client: z
      // Duck-typed rather than instanceof, so a client from another copy of ioredis is accepted.
      .custom<Redis>(
        (v) => typeof (v as Partial<Redis> | null)?.eval === 'function',
        'must be an ioredis client',
      )
      .optional(),
    /** Connection URL (`redis://[user:pass@]host:port[/db]`); the store opens and closes its own client. */
    url: z.string().min(1).optional(),
    /** Prepended to every key, so several applications can share one Redis database. */
    prefix: z.string().default('spool:idempotency:'),
  })
  .refine(
    (o) => (o.client === undefined) !== (o.url === undefined),
    'must give exactly one of client and url',
  )

/**
 * Options of {@link redisStore}. Give either `client` or `url`.
 *
 * @example
 * const options: RedisStoreOptions = { client: new Redis(), prefix: 'billing:idempotency:' }
 */
export type RedisStoreOptions = z.input<typeof redisStoreOptionsSchema>

/**
 * Defaults of {@link redisStore}.
 *
 * @example
 * redisStore({ url, prefix: `${defaultRedisStoreOptions.prefix}billing:` })
 */
export const defaultRedisStoreOptions: Readonly<Required<Pick<RedisStoreOptions, 'prefix'>>> = Object.freeze({
  prefix: redisStoreOptionsSchema.parse({ url: 'redis://' }).prefix,
})

const name = 'redis'
const feature = 'redisStore'

// SET NX PX takes a free key; otherwise the current value tells done from busy in the same step.
const claimScript = `
if redis.call('SET', KEYS[1], 'busy', 'NX', 'PX', ARGV[1]) then return 'claimed' end
if redis.call('GET', KEYS[1]) == 'done' then return 'done' end
return 'busy'
`

// Delete only an in-flight claim: a key completed in the meantime must stay done.
const releaseScript = `
if redis.call('GET', KEYS[1]) == 'busy' then return redis.call('DEL', KEYS[1]) end
return 0
`

/**
 * Creates an idempotency store backed by Redis.
 *
 * @example
 * const store = redisStore({ url: 'redis://127.0.0.1:6379', prefix: 'billing:idempotency:' })
 * if ((await store.claim('orders:evt-1', 30_000)) === 'claimed') {
 *   await handle()
 *   await store.complete('orders:evt-1', 7 * 24 * 3_600_000)
 * }
 * await store.close()
 */
export function redisStore(options: RedisStoreOptions): IdempotencyStore {
  const config = parseOptions('redisStore', redisStoreOptionsSchema, options)
  const prefix = config.prefix
  const owned = config.client === undefined
  const url = config.url
  if (owned) requirePeer(feature, 'ioredis')
  // ioredis itself is loaded when the store is first used, not when @spool/bus is imported.
  let client: Promise<Redis> | undefined = owned ? undefined : Promise.resolve(config.client!)
  function connect(): Promise<Redis> {
    if (client === undefined) {
      client = loadIORedis(feature).then(({ Redis }) => {
        const created = new Redis(url!, { lazyConnect: true })
        // Connection failures surface as rejected commands (retryable errors); without a listener
        // ioredis would also print every reconnect attempt to the console.
        created.on('error', () => {})
        return created
      })
      // A load that failed is tried again by the next call.
      client.catch(() => {
        client = undefined
      })
    }
    return client
  }

  let closed = false

  async function run<T>(operation: string, body: (client: Redis) => Promise<T>): Promise<T> {
    if (closed) throw closedError(name, operation)
    let redis: Redis
    try {
      redis = await connect()
    } catch (error) {
      // A missing ioredis says what to install; anything else (a URL ioredis refuses) is the store's.
      if ((error as { code?: unknown }).code === 'SPOOL_ERR_INVALID_OPTION') throw error
      throw storeError(name, operation, error)
    }
    try {
      return await body(redis)
    } catch (error) {
      throw storeError(name, operation, error)
    }
  }

  const redisKey = (key: string) => prefix + storageKey(key)

  return {
    async claim(key: string, leaseMs: number): Promise<ClaimResult> {
      checkKey(name, key)
      const lease = checkDuration(name, 'leaseMs', leaseMs)
      return run('claim', async (client) => {
        const result = await client.eval(claimScript, 1, redisKey(key), lease)
        if (result === 'claimed' || result === 'done' || result === 'busy') return result
        throw new IdempotencyStoreError(
          `${name} idempotency store: claim got an unexpected reply ${JSON.stringify(result)}`,
          {
            details: { store: name, operation: 'claim' },
          },
        )
      })
    },

    async complete(key: string, retentionMs: number): Promise<void> {
      checkKey(name, key)
      const retention = checkDuration(name, 'retentionMs', retentionMs)
      await run('complete', (client) => client.set(redisKey(key), 'done', 'PX', retention))
    },

    async release(key: string): Promise<void> {
      checkKey(name, key)
      await run('release', (client) => client.eval(releaseScript, 1, redisKey(key)))
    },

    async status(key: string): Promise<KeyStatus> {
      checkKey(name, key)
      const value = await run('status', (client) => client.get(redisKey(key)))
      return value === 'done' ? 'done' : value === null ? 'absent' : 'busy'
    },

    async close(): Promise<void> {
      if (closed) return
      closed = true
      if (!owned || client === undefined) return
      let redis: Redis
      try {
        redis = await client
      } catch {
        return // never loaded: nothing was opened
      }
      try {
        await redis.quit()
      } catch {
        // Never connected or already gone: nothing left to flush, just drop the socket.
        redis.disconnect()
      }
    },
  }
}
