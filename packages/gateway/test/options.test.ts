import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isSpoolError } from '@spool/errors'
import {
  createGateway,
  defaultGatewayOptions,
  gatewayOptionsFromEnv,
  resolveGatewayOptions,
} from '@spool/gateway'
import { makeBus } from './helpers.ts'

/** SPOOL_ERR_INVALID_OPTION naming the option. */
const names = (property: string) => (e: unknown) =>
  isSpoolError(e) &&
  e.code === 'SPOOL_ERR_INVALID_OPTION' &&
  e.message.startsWith(`createGateway: option '${property}' `)

const unknownKey = (message: string) => (e: unknown) =>
  isSpoolError(e) && e.code === 'SPOOL_ERR_INVALID_OPTION' && e.message === `createGateway: ${message}`

describe('gateway options', () => {
  it('merges over frozen defaults', (t) => {
    const options = resolveGatewayOptions({ bus: makeBus(t), port: 8080, stream: { maxClients: 5 } })
    assert.equal(options.port, 8080)
    assert.equal(options.host, defaultGatewayOptions.host)
    assert.equal(options.auth, false, 'auth is off by default (development)')
    assert.ok(
      options.stream && options.stream.maxClients === 5 && options.stream.maxBufferedBytes === 1_048_576,
    )
    assert.ok(
      Object.isFrozen(options) && Object.isFrozen(defaultGatewayOptions) && Object.isFrozen(options.stream),
    )
  })

  it('names the offending property', (t) => {
    const bus = makeBus(t)
    assert.throws(() => resolveGatewayOptions({} as never), names('bus'))
    assert.throws(() => resolveGatewayOptions({ bus, port: 70_000 }), names('port'))
    assert.throws(() => resolveGatewayOptions({ bus, bodyLimit: 0 }), names('bodyLimit'))
    assert.throws(() => resolveGatewayOptions({ bus, rateLimit: { max: -1 } }), names('rateLimit.max'))
    assert.throws(
      () => resolveGatewayOptions({ bus, stream: { start: 'now' as never } }),
      names('stream.start'),
    )
    assert.throws(
      () => resolveGatewayOptions({ bus, stream: { maxBufferedBytes: 10 } }),
      names('stream.maxBufferedBytes'),
    )
    assert.throws(() => resolveGatewayOptions({ bus, docs: 'yes' as never }), names('docs'))
    assert.throws(
      () =>
        resolveGatewayOptions({
          bus,
          auth: { keys: [{ key: 'k'.repeat(10), roles: ['read'], subject: '' }] },
        }),
      names('auth.keys[0].subject'),
    )
  })

  it('names an unknown option, at any depth, with the nearest known one', (t) => {
    const bus = makeBus(t)
    assert.throws(
      () => createGateway({ bus, prot: 8080 } as never),
      unknownKey("unknown option 'prot' (did you mean 'port'?)"),
    )
    assert.throws(
      () => resolveGatewayOptions({ bus, stream: { maxClient: 5 } } as never),
      unknownKey("unknown option 'stream.maxClient' (did you mean 'stream.maxClients'?)"),
    )
    assert.throws(
      () => resolveGatewayOptions({ bus, rateLimit: { timewindow: 5 } } as never),
      unknownKey("unknown option 'rateLimit.timewindow' (did you mean 'rateLimit.timeWindow'?)"),
    )
    assert.throws(
      () =>
        resolveGatewayOptions({ bus, auth: { keys: [{ key: 'k'.repeat(10), role: ['read'] }] } } as never),
      unknownKey("unknown option 'auth.keys[0].role' (did you mean 'auth.keys[0].roles'?)"),
    )
  })

  it('checks auth keys: roles, duplicates, default names', (t) => {
    const bus = makeBus(t)
    const key = 'k'.repeat(10)
    assert.throws(() => resolveGatewayOptions({ bus, auth: { keys: [] } }), names('auth.keys'))
    assert.throws(
      () => resolveGatewayOptions({ bus, auth: { keys: [{ key: 'short', roles: ['read'] }] } }),
      names('auth.keys[0].key'),
    )
    assert.throws(
      () => resolveGatewayOptions({ bus, auth: { keys: [{ key, roles: ['root' as never] }] } }),
      names('auth.keys[0].roles[0]'),
    )
    assert.throws(
      () =>
        resolveGatewayOptions({
          bus,
          auth: {
            keys: [
              { key, roles: ['read'] },
              { key, roles: ['admin'] },
            ],
          },
        }),
      names('auth.keys[1].key'),
    )
    const { auth } = resolveGatewayOptions({ bus, auth: { keys: [{ key, roles: ['read'] }] } })
    assert.deepEqual(auth, { keys: [{ key, roles: ['read'], name: 'key-0' }] })
    assert.ok(auth && Object.isFrozen(auth.keys[0]))
  })

  it('passes the bus and a logger through as given; stream and rateLimit may be false', (t) => {
    const bus = makeBus(t)
    const options = resolveGatewayOptions({
      bus,
      logger: bus.log,
      stream: false,
      rateLimit: false,
      console: false,
    })
    assert.equal(options.bus, bus)
    assert.equal(options.logger, bus.log)
    assert.equal(options.stream, false)
    assert.equal(options.rateLimit, false)
    assert.throws(() => resolveGatewayOptions({ bus, stream: true as never }), names('stream'))
  })

  it('reads the environment in one place, naming bad variables', () => {
    const env = {
      SPOOL_GATEWAY_PORT: '8081',
      SPOOL_API_KEYS: 'admin-secret-1:admin, browser-key-1:read:u1',
      SPOOL_GATEWAY_RATE_LIMIT: '50/1000',
      SPOOL_GATEWAY_STREAM_GROUP: 'edge-1',
      SPOOL_CONSOLE_DIR: 'off',
    }
    const options = gatewayOptionsFromEnv(env)
    assert.equal(options.port, 8081)
    assert.deepEqual(options.auth, {
      keys: [
        { key: 'admin-secret-1', roles: ['admin'], name: 'env-key-1' },
        { key: 'browser-key-1', roles: ['read'], name: 'env-key-2', subject: 'u1' },
      ],
    })
    assert.deepEqual(options.rateLimit, { max: 50, timeWindow: 1_000 })
    assert.deepEqual(options.stream, { group: 'edge-1' })
    assert.equal(options.console, false)
    assert.deepEqual(gatewayOptionsFromEnv({}), {})
    assert.equal(
      gatewayOptionsFromEnv({ SPOOL_GATEWAY_RATE_LIMIT: 'off', SPOOL_GATEWAY_STREAM: 'off' }).stream,
      false,
    )
    assert.throws(() => gatewayOptionsFromEnv({ SPOOL_GATEWAY_PORT: 'http' }), /SPOOL_GATEWAY_PORT must be/)
    assert.throws(
      () => gatewayOptionsFromEnv({ SPOOL_GATEWAY_RATE_LIMIT: 'fast' }),
      /SPOOL_GATEWAY_RATE_LIMIT/,
    )
    assert.throws(() => gatewayOptionsFromEnv({ SPOOL_API_KEYS: 'justakey' }), /SPOOL_API_KEYS/)
  })
})
