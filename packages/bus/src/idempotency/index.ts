/**
 * Idempotency stores: remember which events a consumer group has processed so redelivered events
 * run their handler once. One contract ({@link IdempotencyStore}), four backends.
 */

export type { PgPoolClientLike, PgPoolLike, RedisClientLike } from './clients.ts'
export {
  IDEMPOTENCY_STORE_ERROR_CODE,
  IdempotencyStoreError,
  type IdempotencyStoreErrorOptions,
} from './errors.ts'
export { defaultMemoryStoreOptions, type MemoryStoreOptions, memoryStore } from './memory.ts'
export { defaultPostgresStoreOptions, type PostgresStoreOptions, postgresStore } from './postgres.ts'
export { defaultRedisStoreOptions, type RedisStoreOptions, redisStore } from './redis.ts'
export { defaultSqliteStoreOptions, type SqliteStoreOptions, sqliteStore } from './sqlite.ts'
export type { ClaimResult, IdempotencyStore, KeyStatus } from './store.ts'
