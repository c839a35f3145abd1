/**
 * API keys with roles. Each route declares the role it needs in its config (`public`, `read`,
 * `publish`, `admin`; `admin` holds every role). With auth on, only `public` routes (GET /health)
 * answer without a key (and, when the gateway serves the console, the console's static files). Keys are looked up by their SHA-256, so the lookup time says nothing
 * about how much of a guessed key was right.
 */
import { createHash } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { GatewayError } from '../errors.ts'
import type { ApiKey, AuthOptions, Role } from '../options.ts'

export type RouteRole = Role | 'public'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Role a caller needs; default 'read'. */
    role?: RouteRole
    /** Accept the key in `?apiKey=` (browsers cannot set headers on WebSocket / EventSource). */
    queryKey?: boolean
  }
  interface FastifyRequest {
    /** The caller's API key, when auth is on and one was given. */
    apiKey: ApiKey | null
  }
}

const digest = (key: string): string => createHash('sha256').update(key).digest('base64')

export function installAuth(app: FastifyInstance, auth: false | AuthOptions, publicConsole: boolean): void {
  app.decorateRequest('apiKey', null)
  if (auth === false) return
  const byDigest = new Map(auth.keys.map((k) => [digest(k.key), k]))
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config
    const needed: RouteRole = config?.role ?? (publicConsole && isConsoleFile(request) ? 'public' : 'read')
    if (needed === 'public') return
    const presented = keyOf(request, config?.queryKey === true)
    if (presented === undefined) {
      throw new GatewayError(
        401,
        'SPOOL_ERR_UNAUTHORIZED',
        'an API key is required: send it in the x-api-key header (or Authorization: Bearer <key>)',
      )
    }
    const key = byDigest.get(digest(presented))
    if (!key) throw new GatewayError(401, 'SPOOL_ERR_UNAUTHORIZED', 'unknown API key')
    request.apiKey = key
    if (!allows(key, needed)) {
      throw new GatewayError(403, 'SPOOL_ERR_FORBIDDEN', `API key "${key.name}" lacks the "${needed}" role`)
    }
  })
}

/**
 * True when an API key holds `role`; the `admin` role holds every role.
 *
 * @example
 * allows({ name: 'ci', key: 's3cret', roles: ['publish'] }, 'read') // false
 */
export function allows(key: ApiKey, role: Role): boolean {
  return key.roles.includes('admin') || key.roles.includes(role)
}

/** The console's own files (not its data) load without a key: the page is where a person enters one. */
function isConsoleFile(request: FastifyRequest): boolean {
  const url = request.url
  return (
    request.method === 'GET' &&
    !url.startsWith('/api/') &&
    !url.startsWith('/health') &&
    !url.startsWith('/metrics')
  )
}

function keyOf(request: FastifyRequest, fromQuery: boolean): string | undefined {
  const header = request.headers['x-api-key']
  if (typeof header === 'string' && header !== '') return header
  const authorization = request.headers.authorization
  if (typeof authorization === 'string' && /^Bearer\s+\S/i.test(authorization)) {
    return authorization.replace(/^Bearer\s+/i, '').trim()
  }
  if (fromQuery) {
    const query = request.query as Record<string, unknown> | undefined
    if (typeof query?.apiKey === 'string' && query.apiKey !== '') return query.apiKey
  }
  return undefined
}
