import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createBus } from '@spool/bus'
import { isSpoolError } from '@spool/errors'
import { defaultSpoolModuleOptions, resolveModuleOptions, SpoolModule, SpoolTransport } from '@spool/nest'

describe('nest: module options', () => {
  it('reads unset bus options from the given environment; explicit options win, retry merges', () => {
    const resolved = resolveModuleOptions({
      env: { KAFKA_BROKERS: 'a:1,b:2', KAFKA_CLIENT_ID: 'content-service', SPOOL_RETRY_ATTEMPTS: '5' },
      clientId: 'explicit',
      retry: { topics: [100] },
      group: 'g',
      consumer: { from: 'latest' },
    })
    assert.deepEqual(resolved.busInput.brokers, ['a:1', 'b:2'])
    assert.equal(resolved.busInput.clientId, 'explicit')
    assert.deepEqual(resolved.busInput.retry, { attempts: 5, topics: [100] })
    assert.equal(resolved.group, 'g')
    assert.deepEqual(resolved.consumer, { from: 'latest' })
    assert.equal(resolved.autoStart, true)
    assert.ok(
      Object.isFrozen(resolved) && Object.isFrozen(resolved.busInput) && Object.isFrozen(resolved.consumer),
    )
    assert.equal('group' in resolved.busInput, false, 'module keys do not reach the bus')
  })

  it('reads nothing from the environment with env: false', () => {
    const resolved = resolveModuleOptions({ env: false })
    assert.deepEqual(resolved.busInput, {})
    assert.equal(defaultSpoolModuleOptions.env, true)
  })

  it('passes a wrong environment variable through, naming it', () => {
    assert.throws(() => resolveModuleOptions({ env: { KAFKA_BROKERS: 'nohost' } }), /KAFKA_BROKERS/)
  })

  it('adopts a given bus and refuses bus options beside it', () => {
    const bus = createBus({ brokers: ['127.0.0.1:1'], offline: 'fail' })
    assert.equal(resolveModuleOptions({ bus }).bus, bus)
    assert.deepEqual(resolveModuleOptions({ bus, env: { KAFKA_BROKERS: 'a:1' } }).busInput, {})
    assert.throws(() => resolveModuleOptions({ bus, brokers: ['a:1'] }), {
      code: 'SPOOL_ERR_INVALID_OPTION',
      message: /option 'brokers' cannot be combined with option 'bus'/,
    })
  })

  const bad: Array<[string, unknown, RegExp]> = [
    ['options', 'yes', /option '\(options\)' /],
    ['env', { env: 'yes' }, /option 'env' must be boolean or object/],
    ['bus', { bus: {} }, /option 'bus' must be a Bus made by createBus\(\)/],
    ['group', { group: '' }, /option 'group' /],
    ['consumer', { consumer: [] }, /option 'consumer' /],
    ['consumer.group', { consumer: { group: 'x' } }, /option 'consumer\.group' is not allowed here/],
    ['autoStart', { autoStart: 'no' }, /option 'autoStart' /],
    ['a bus option', { retries: -1 }, /option 'retries' /],
    ['an unknown key', { brokrs: ['a:1'] }, /unknown option 'brokrs' \(did you mean 'brokers'\?\)$/],
    [
      'an unknown module key',
      { autostart: false },
      /unknown option 'autostart' \(did you mean 'autoStart'\?\)$/,
    ],
    [
      'an unknown consumer key',
      { consumer: { form: 'latest' } },
      /unknown option 'consumer\.form' \(did you mean 'consumer\.from'\?\)$/,
    ],
    [
      'a bad value the environment gives',
      { env: { KAFKA_ACKS: 'leader', SPOOL_RETRY_ATTEMPTS: '2' }, idempotent: true },
      /option 'idempotent' requires acks "all"/,
    ],
  ]
  for (const [property, input, message] of bad) {
    it(`names a bad ${property}`, () => {
      assert.throws(
        () => resolveModuleOptions(input as never),
        (error: unknown) =>
          isSpoolError(error) &&
          error.code === 'SPOOL_ERR_INVALID_OPTION' &&
          error.message.startsWith('SpoolModule.forRoot: ') &&
          message.test(error.message),
      )
    })
  }

  it('forRoot, forRootAsync and SpoolTransport name a misspelt option before anything is created', () => {
    assert.throws(
      () => SpoolModule.forRoot({ env: false, clientID: 'x' } as never),
      /^SpoolError: SpoolModule\.forRoot: unknown option 'clientID' \(did you mean 'clientId'\?\)$/,
    )
    assert.throws(
      () => SpoolModule.forRootAsync({ useFactory: () => ({}), injects: [] } as never),
      /^SpoolError: SpoolModule\.forRootAsync: unknown option 'injects' \(did you mean 'inject'\?\)$/,
    )
    assert.throws(
      () => new SpoolTransport({ env: false, autoStart: false } as never),
      /^SpoolError: SpoolTransport: unknown option 'autoStart'/,
    )
  })
})
