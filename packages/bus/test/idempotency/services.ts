/**
 * Where the Redis and PostgreSQL used by the store tests live, and what to do when one is down:
 * fail under CI (the service is part of the CI machine, its absence is a bug), otherwise skip with
 * a notice that names the missing service and the variable that points at it.
 */

import { test } from 'node:test'
import { Redis } from 'ioredis'
import pg from 'pg'

// The only place these variables are read.
export const redisTestUrl = process.env.SPOOL_TEST_REDIS_URL || 'redis://127.0.0.1:6379'
export const postgresTestUrl =
  process.env.SPOOL_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test'
const underCi = process.env.CI === 'true'

/** Resolves to undefined when Redis answers PING, else to the reason it did not. */
export async function probeRedis(url: string): Promise<string | undefined> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  })
  // The connect() rejection only says the connection closed; the 'error' event says why.
  let lastError: Error | undefined
  client.on('error', (error: Error) => {
    lastError = error
  })
  try {
    await client.connect()
    await client.ping()
    return undefined
  } catch (error) {
    return (lastError ?? (error as Error)).message
  } finally {
    client.disconnect()
  }
}

/** Resolves to undefined when PostgreSQL answers a query, else to the reason it did not. */
export async function probePostgres(connectionString: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 2_000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
    return undefined
  } catch (error) {
    return (error as Error).message || String(error)
  } finally {
    await client.end().catch(() => {})
  }
}

/**
 * Registers the outcome of a missing service: a failing test under CI=true, a skipped one with a
 * visible reason elsewhere.
 */
export function serviceMissing(service: string, url: string, variable: string, reason: string): void {
  const message = `${service} is not reachable at ${redact(url)} (${reason}); set ${variable} to point at one`
  if (underCi) {
    test(`${service} is reachable`, () => {
      throw new Error(`${message}. CI must provide it.`)
    })
    return
  }
  console.warn(`[skip] ${message}`)
  test(`${service} idempotency store`, { skip: message }, () => {})
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
}
