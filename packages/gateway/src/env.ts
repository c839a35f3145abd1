/**
 * The one place the gateway reads environment variables (for `spool gateway` and services that
 * configure by environment). Each wrong value fails naming its variable.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | SPOOL_GATEWAY_HOST | 127.0.0.1 | listen address |
 * | SPOOL_GATEWAY_PORT | 3000 | listen port |
 * | SPOOL_API_KEYS | — (auth off) | `key:role+role[:subject]`, comma-separated, e.g. `s3cret-admin:admin,browser-key-1:read:u1` |
 * | SPOOL_GATEWAY_RATE_LIMIT | 1000/1000 | publishes per client per window: `<max>/<window ms>`, or `off` |
 * | SPOOL_GATEWAY_BODY_LIMIT | 524288 | max request body, bytes |
 * | SPOOL_GATEWAY_STREAM | on | `off` disables the live stream |
 * | SPOOL_GATEWAY_STREAM_GROUP | `<client id>-gateway-<random>` | consumer group of the live stream |
 * | SPOOL_CONSOLE_DIR | @spool/console's files, when installed | folder of the console's static files, or `off` |
 */
import { GatewayConfigError } from './errors.ts'
import type { ApiKey, GatewayInput, Role } from './options.ts'

/**
 * Gateway options from the environment (everything but `bus`).
 *
 * @example
 * const gateway = createGateway({ ...gatewayOptionsFromEnv(), bus })
 */
export function gatewayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Omit<GatewayInput, 'bus'> {
  const out: Omit<GatewayInput, 'bus'> = {}
  const text = (name: string) => {
    const v = env[name]?.trim()
    return v === undefined || v === '' ? undefined : v
  }
  const int = (name: string) => {
    const v = text(name)
    if (v === undefined) return undefined
    if (!/^\d+$/.test(v)) throw new GatewayConfigError(name, `must be a non-negative integer, got "${v}"`)
    return Number(v)
  }
  if (text('SPOOL_GATEWAY_HOST')) out.host = text('SPOOL_GATEWAY_HOST')
  if (int('SPOOL_GATEWAY_PORT') !== undefined) out.port = int('SPOOL_GATEWAY_PORT')
  if (int('SPOOL_GATEWAY_BODY_LIMIT') !== undefined) out.bodyLimit = int('SPOOL_GATEWAY_BODY_LIMIT')
  const keys = text('SPOOL_API_KEYS')
  if (keys) out.auth = { keys: keys.split(',').map((entry, i) => parseKey(entry.trim(), i)) }
  const limit = text('SPOOL_GATEWAY_RATE_LIMIT')
  if (limit === 'off') out.rateLimit = false
  else if (limit) {
    const match = /^(\d+)\/(\d+)$/.exec(limit)
    if (!match)
      throw new GatewayConfigError(
        'SPOOL_GATEWAY_RATE_LIMIT',
        `must be "<max>/<window ms>" or "off", got "${limit}"`,
      )
    out.rateLimit = { max: Number(match[1]), timeWindow: Number(match[2]) }
  }
  const stream = text('SPOOL_GATEWAY_STREAM')
  if (stream === 'off') out.stream = false
  else if (stream !== undefined && stream !== 'on') {
    throw new GatewayConfigError('SPOOL_GATEWAY_STREAM', `must be "on" or "off", got "${stream}"`)
  }
  const group = text('SPOOL_GATEWAY_STREAM_GROUP')
  if (group && out.stream !== false) out.stream = { group }
  const consoleDir = text('SPOOL_CONSOLE_DIR')
  if (consoleDir) out.console = consoleDir === 'off' ? false : consoleDir
  return out
}

function parseKey(entry: string, index: number): ApiKey {
  const [key, roleList, subject, ...rest] = entry.split(':')
  if (!key || !roleList || rest.length > 0) {
    throw new GatewayConfigError('SPOOL_API_KEYS', `entry ${index + 1} must be "key:role+role[:subject]"`)
  }
  return {
    key,
    roles: roleList.split('+') as Role[],
    name: `env-key-${index + 1}`,
    ...(subject ? { subject } : {}),
  }
}
