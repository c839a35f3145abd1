import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createBus } from '@spool/bus'
import { defaultSpoolModuleOptions, NestConfigError, resolveModuleOptions } from '@spool/nest'

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
      name: 'NestConfigError',
      message: /options\.brokers cannot be combined with options\.bus/,
    })
  })

  const bad: Array<[string, unknown, RegExp]> = [
    ['options', 'yes', /options must be an object/],
    ['env', { env: 'yes' }, /options\.env must be a boolean or an object/],
    ['bus', { bus: {} }, /options\.bus must be a Bus/],
    ['group', { group: '' }, /options\.group must be a non-empty string/],
    ['consumer', { consumer: [] }, /options\.consumer must be an object/],
    ['consumer.group', { consumer: { group: 'x' } }, /options\.consumer\.group is not allowed/],
    ['autoStart', { autoStart: 'no' }, /options\.autoStart must be a boolean/],
  ]
  for (const [property, input, message] of bad) {
    it(`names a bad ${property}`, () => {
      assert.throws(
        () => resolveModuleOptions(input as never),
        (error: unknown) =>
          error instanceof NestConfigError &&
          error.code === 'SPOOL_ERR_INVALID_OPTION' &&
          message.test(error.message),
      )
    })
  }
})
