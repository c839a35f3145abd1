/**
 * What the bus loads only when a feature needs it: the store clients (`pg`, `ioredis`, optional
 * peer dependencies a service installs only if it uses that store) and `node:sqlite` (which Node
 * has without a flag only from 22.13). Importing @spool/bus loads none of them; a feature used
 * without its module fails with an error naming what to install.
 */
import type * as Sqlite from 'node:sqlite'
import type * as IORedis from 'ioredis'
import type * as Pg from 'pg'
import { SpoolBusError } from './errors.ts'

/** The Node versions whose `node:sqlite` needs no flag. */
export const SQLITE_NODE_VERSIONS = 'Node ≥ 22.13'

type OptionalPeer = 'pg' | 'ioredis'

/** The error of a feature whose optional peer package is not installed. */
export function missingPeerError(feature: string, name: OptionalPeer, cause?: unknown): SpoolBusError {
  return new SpoolBusError(
    'SPOOL_ERR_INVALID_OPTION',
    `${feature} needs the '${name}' package: npm install ${name}`,
    { cause, details: { package: name } },
  )
}

/**
 * Fails now, without loading the package, when `name` cannot be resolved from here: a store is
 * refused when it is created rather than on the first event it sees.
 */
export function requirePeer(feature: string, name: OptionalPeer): void {
  try {
    import.meta.resolve(name)
  } catch (error) {
    throw missingPeerError(feature, name, error)
  }
}

async function load<T>(feature: string, name: OptionalPeer, importer: () => Promise<T>): Promise<T> {
  try {
    return await importer()
  } catch (error) {
    if (isNotFound(error, name)) throw missingPeerError(feature, name, error)
    throw error
  }
}

/** Whether `error` says `name` itself (not something it depends on) could not be found. */
function isNotFound(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    (message.includes(`'${name}'`) || message.includes(`"${name}"`))
  )
}

/** `pg`, loaded on first use. */
export async function loadPg(feature: string): Promise<typeof Pg> {
  const module = (await load(feature, 'pg', () => import('pg'))) as typeof Pg & { default?: typeof Pg }
  // pg's ESM entry has named exports; a CommonJS-only pg has them on the default export.
  return module.Pool === undefined && module.default !== undefined ? module.default : module
}

/** `ioredis`, loaded on first use. */
export async function loadIORedis(feature: string): Promise<typeof IORedis> {
  return load(feature, 'ioredis', () => import('ioredis'))
}

/** Whether this Node gives `node:sqlite` without a flag (22.13+, 23.4+, 24+). */
export function hasSqlite(): boolean {
  try {
    return process.getBuiltinModule('node:sqlite') !== undefined
  } catch {
    return false
  }
}

/**
 * `node:sqlite`, loaded on first use (synchronously: the offline spool opens its file when the
 * bus is created). On a Node without it unflagged (22.12) the error names the versions that have it.
 */
export function loadSqlite(feature: string, alternative?: string): typeof Sqlite {
  let sqlite: typeof Sqlite | undefined
  try {
    sqlite = process.getBuiltinModule('node:sqlite') as typeof Sqlite | undefined
  } catch {
    sqlite = undefined // a Node that knows the name but will not give it without the flag
  }
  if (sqlite === undefined) {
    throw new SpoolBusError(
      'SPOOL_ERR_INVALID_OPTION',
      `${feature} needs node:sqlite, which ${SQLITE_NODE_VERSIONS} has without a flag (this is Node ${process.versions.node})${alternative ? `; ${alternative}` : ''}`,
      { details: { module: 'node:sqlite', node: process.versions.node } },
    )
  }
  return sqlite
}
