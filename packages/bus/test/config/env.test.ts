import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { isSpoolError } from '@spool/errors'
import { busEnvironment, busLogLevel, busOptionsFromEnv } from '../../src/config/env.ts'
import { resolveBusOptions } from '../../src/config/options.ts'
import { ConfigError } from '../../src/errors.ts'

type Env = Record<string, string | undefined>

/** The options without the keys the reader left undefined, so deepEqual sees only what was set. */
function read(env: Env): Record<string, unknown> {
  return Object.fromEntries(Object.entries(busOptionsFromEnv(env)).filter(([, v]) => v !== undefined))
}

function rejects(env: Env, message: RegExp): void {
  assert.throws(
    () => busOptionsFromEnv(env),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`)
      assert.equal(error.code, 'SPOOL_ERR_INVALID_OPTION')
      assert.match(error.message, message)
      return true
    },
  )
}

/** One valid value per documented variable and what it must become. */
const valid: Record<keyof typeof busEnvironment, [Env, Record<string, unknown>]> = {
  KAFKA_BROKERS: [
    { KAFKA_BROKERS: ' kafka-1:9092 , kafka-2:9093,' },
    { brokers: ['kafka-1:9092', 'kafka-2:9093'] },
  ],
  KAFKA_CLIENT_ID: [{ KAFKA_CLIENT_ID: ' orders-service ' }, { clientId: 'orders-service' }],
  KAFKA_CONNECTION_TIMEOUT: [{ KAFKA_CONNECTION_TIMEOUT: '5000' }, { connectionTimeout: 5000 }],
  KAFKA_REQUEST_TIMEOUT: [{ KAFKA_REQUEST_TIMEOUT: '20000' }, { requestTimeout: 20000 }],
  KAFKA_INITIAL_RETRY_TIME: [{ KAFKA_INITIAL_RETRY_TIME: '250' }, { initialRetryTime: 250 }],
  KAFKA_RETRIES: [{ KAFKA_RETRIES: '0' }, { retries: 0 }],
  KAFKA_SSL: [{ KAFKA_SSL: 'true' }, { ssl: true }],
  KAFKA_SSL_CA: [{ KAFKA_SSL_CA: '' }, {}], // a real file is read in its own test below
  KAFKA_SSL_REJECT_UNAUTHORIZED: [
    { KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' },
    { ssl: { ca: undefined, rejectUnauthorized: false } },
  ],
  KAFKA_SASL_MECHANISM: [
    { KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
    { sasl: { mechanism: 'scram-sha-256', username: 'u', password: 'p' } },
  ],
  KAFKA_SASL_USERNAME: [
    { KAFKA_SASL_USERNAME: 'alice', KAFKA_SASL_PASSWORD: 's3cret' },
    { sasl: { mechanism: 'plain', username: 'alice', password: 's3cret' } },
  ],
  KAFKA_SASL_PASSWORD: [
    { KAFKA_SASL_USERNAME: 'bob', KAFKA_SASL_PASSWORD: 'pa ss' },
    { sasl: { mechanism: 'plain', username: 'bob', password: 'pa ss' } },
  ],
  KAFKA_DELIVERY_TIMEOUT: [{ KAFKA_DELIVERY_TIMEOUT: '45000' }, { deliveryTimeout: 45000 }],
  KAFKA_COMPRESSION: [{ KAFKA_COMPRESSION: 'ZSTD' }, { compression: 'zstd' }],
  KAFKA_ACKS: [{ KAFKA_ACKS: 'leader' }, { acks: 'leader', idempotent: false }],
  SPOOL_STARTUP: [{ SPOOL_STARTUP: 'Wait' }, { startup: 'wait' }],
  SPOOL_OFFLINE: [{ SPOOL_OFFLINE: 'Fail' }, { offline: 'fail' }],
  SPOOL_OFFLINE_PATH: [{ SPOOL_OFFLINE_PATH: 'var/spool/out.db' }, { offlinePath: 'var/spool/out.db' }],
  SPOOL_PARTITIONER: [{ SPOOL_PARTITIONER: 'KafkaJS-Legacy' }, { partitioner: 'kafkajs-legacy' }],
  SPOOL_OFFLINE_AFTER: [{ SPOOL_OFFLINE_AFTER: '250' }, { offlineAfter: 250 }],
  SPOOL_RETRY_ATTEMPTS: [{ SPOOL_RETRY_ATTEMPTS: '5' }, { retry: { attempts: 5 } }],
  SPOOL_RETRY_TOPICS: [
    { SPOOL_RETRY_TOPICS: '1000, 10000,60000' },
    { retry: { topics: [1000, 10000, 60000] } },
  ],
  SPOOL_SHUTDOWN_TIMEOUT: [{ SPOOL_SHUTDOWN_TIMEOUT: '15000' }, { shutdownTimeout: 15000 }],
  // The logger's level is not an option of createBus: busLogLevel reads these (tests below).
  SPOOL_LOG_LEVEL: [{ SPOOL_LOG_LEVEL: 'debug' }, {}],
  LOG_LEVEL: [{ LOG_LEVEL: 'debug' }, {}],
}

test('an empty environment sets nothing, so every default holds', () => {
  assert.deepEqual(read({}), {})
  assert.deepEqual(resolveBusOptions(busOptionsFromEnv({})), resolveBusOptions())
})

test('the valid-value table covers exactly the documented variables', () => {
  assert.deepEqual(Object.keys(valid).sort(), Object.keys(busEnvironment).sort())
  assert.ok(Object.isFrozen(busEnvironment))
  for (const meaning of Object.values(busEnvironment)) assert.ok(meaning.length > 5)
})

for (const [name, [env, expected]] of Object.entries(valid)) {
  test(`${name} is read`, () => {
    assert.deepEqual(read(env), expected)
  })
}

test('a blank variable counts as unset', () => {
  assert.deepEqual(read({ KAFKA_BROKERS: '  ', KAFKA_RETRIES: '', KAFKA_SSL: ' ', SPOOL_OFFLINE: '' }), {})
})

test('seed alias KAFKA_BROKER is read, and KAFKA_BROKERS wins over it', () => {
  assert.deepEqual(read({ KAFKA_BROKER: 'kafka:29092' }), { brokers: ['kafka:29092'] })
  assert.deepEqual(read({ KAFKA_BROKERS: 'a:1', KAFKA_BROKER: 'b:2' }), { brokers: ['a:1'] })
  assert.deepEqual(read({ KAFKA_BROKERS: ' ', KAFKA_BROKER: 'b:2' }), { brokers: ['b:2'] })
})

test('seed alias KAFKA_RETRY_RETRIES is read, and KAFKA_RETRIES wins over it', () => {
  assert.deepEqual(read({ KAFKA_RETRY_RETRIES: '4' }), { retries: 4 })
  assert.deepEqual(read({ KAFKA_RETRIES: '2', KAFKA_RETRY_RETRIES: '4' }), { retries: 2 })
})

test('seed alias KAFKA_RETRY_INITIAL_RETRY_TIME is read, and KAFKA_INITIAL_RETRY_TIME wins over it', () => {
  assert.deepEqual(read({ KAFKA_RETRY_INITIAL_RETRY_TIME: '300' }), { initialRetryTime: 300 })
  assert.deepEqual(read({ KAFKA_INITIAL_RETRY_TIME: '50', KAFKA_RETRY_INITIAL_RETRY_TIME: '300' }), {
    initialRetryTime: 50,
  })
})

test('IPv6 broker addresses are accepted, as resolveBusOptions accepts them', () => {
  const brokers = ['[::1]:9092', '[fe80::1]:9093']
  assert.deepEqual(read({ KAFKA_BROKERS: brokers.join(',') }), { brokers })
  assert.deepEqual(resolveBusOptions({ brokers }).brokers, brokers)
})

test('the whole environment at once resolves to valid options', () => {
  const options = resolveBusOptions(
    busOptionsFromEnv({
      KAFKA_BROKERS: 'k1:9092,k2:9092',
      KAFKA_CLIENT_ID: 'billing',
      KAFKA_RETRY_RETRIES: '3',
      KAFKA_SSL: 'yes',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
      KAFKA_ACKS: 'none',
      KAFKA_COMPRESSION: 'gzip',
      SPOOL_RETRY_ATTEMPTS: '2',
      SPOOL_RETRY_TOPICS: '500',
    }),
  )
  assert.equal(options.clientId, 'billing')
  assert.equal(options.retries, 3)
  assert.equal(options.ssl, true)
  assert.equal(options.acks, 'none')
  assert.equal(options.idempotent, false)
  assert.deepEqual(options.retry, { ...options.retry, attempts: 2, topics: [500] })
  assert.equal(options.retry.initialDelay, 100, 'unset retry fields keep their defaults')
})

test('without an argument it reads process.env', (t) => {
  const before = process.env.KAFKA_CLIENT_ID
  t.after(() => {
    if (before === undefined) delete process.env.KAFKA_CLIENT_ID
    else process.env.KAFKA_CLIENT_ID = before
  })
  process.env.KAFKA_CLIENT_ID = 'from-process-env'
  assert.equal(busOptionsFromEnv().clientId, 'from-process-env')
})

test('SSL flags: true/1/yes/on and false/0/no/off', () => {
  for (const on of ['true', '1', 'YES', 'on']) assert.equal(read({ KAFKA_SSL: on }).ssl, true, on)
  for (const off of ['false', '0', 'No', 'off']) assert.equal(read({ KAFKA_SSL: off }).ssl, false, off)
  assert.deepEqual(read({ KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'true' }), { ssl: true })
})

test('KAFKA_SSL_CA reads the PEM file, implies TLS, and keeps certificate checks on', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'spool-env-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'ca.pem')
  const pem = '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----\n'
  writeFileSync(path, pem)
  assert.deepEqual(read({ KAFKA_SSL_CA: path }), { ssl: { ca: pem, rejectUnauthorized: true } })
  assert.deepEqual(read({ KAFKA_SSL: 'true', KAFKA_SSL_CA: path, KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }), {
    ssl: { ca: pem, rejectUnauthorized: false },
  })
  rejects({ KAFKA_SSL: 'false', KAFKA_SSL_CA: path }, /KAFKA_SSL_CA.*KAFKA_SSL/)
})

test('KAFKA_SSL=false with KAFKA_SSL_REJECT_UNAUTHORIZED=false does not turn TLS on', () => {
  // Like KAFKA_SSL_CA with KAFKA_SSL=false: contradictory settings fail rather than silently enabling TLS.
  rejects({ KAFKA_SSL: 'false', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' }, /KAFKA_SSL_REJECT_UNAUTHORIZED/)
})

test('SASL: mechanism defaults to plain and is case-insensitive; credentials come in pairs', () => {
  assert.deepEqual(read({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }).sasl, {
    mechanism: 'plain',
    username: 'u',
    password: 'p',
  })
  assert.deepEqual(
    read({ KAFKA_SASL_MECHANISM: 'Scram-Sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }).sasl,
    { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
  )
  rejects({ KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_PASSWORD/)
  rejects({ KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_USERNAME/)
  rejects({ KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /gssapi/)
})

/** For each variable, a bad value; the error must name the variable (or the alias that was used). */
const bad: [string, Env, RegExp][] = [
  ['KAFKA_BROKERS lists no broker', { KAFKA_BROKERS: ' , ,' }, /KAFKA_BROKERS.*no broker/],
  ['KAFKA_BROKERS without a port', { KAFKA_BROKERS: 'a:9092,localhost' }, /KAFKA_BROKERS.*"localhost"/],
  ['KAFKA_BROKERS with a scheme', { KAFKA_BROKERS: 'kafka://a:9092' }, /KAFKA_BROKERS/],
  ['KAFKA_BROKER (alias) bad', { KAFKA_BROKER: 'a b:1' }, /KAFKA_BROKER\b/],
  ['KAFKA_CONNECTION_TIMEOUT zero', { KAFKA_CONNECTION_TIMEOUT: '0' }, /KAFKA_CONNECTION_TIMEOUT.*"0"/],
  ['KAFKA_CONNECTION_TIMEOUT text', { KAFKA_CONNECTION_TIMEOUT: '3s' }, /KAFKA_CONNECTION_TIMEOUT.*"3s"/],
  ['KAFKA_REQUEST_TIMEOUT fraction', { KAFKA_REQUEST_TIMEOUT: '1.5' }, /KAFKA_REQUEST_TIMEOUT/],
  ['KAFKA_INITIAL_RETRY_TIME negative', { KAFKA_INITIAL_RETRY_TIME: '-100' }, /KAFKA_INITIAL_RETRY_TIME/],
  [
    'KAFKA_RETRY_INITIAL_RETRY_TIME (alias)',
    { KAFKA_RETRY_INITIAL_RETRY_TIME: 'x' },
    /KAFKA_RETRY_INITIAL_RETRY_TIME/,
  ],
  ['KAFKA_RETRIES negative', { KAFKA_RETRIES: '-1' }, /KAFKA_RETRIES.*>= 0/],
  ['KAFKA_RETRY_RETRIES (alias)', { KAFKA_RETRY_RETRIES: 'many' }, /KAFKA_RETRY_RETRIES/],
  ['KAFKA_SSL not a flag', { KAFKA_SSL: 'maybe' }, /KAFKA_SSL must be true or false.*"maybe"/],
  ['KAFKA_SSL_CA missing file', { KAFKA_SSL_CA: join(tmpdir(), 'spool-no-such-ca.pem') }, /KAFKA_SSL_CA/],
  [
    'KAFKA_SSL_REJECT_UNAUTHORIZED',
    { KAFKA_SSL_REJECT_UNAUTHORIZED: 'nope' },
    /KAFKA_SSL_REJECT_UNAUTHORIZED/,
  ],
  [
    'KAFKA_SASL_MECHANISM alone',
    { KAFKA_SASL_MECHANISM: 'oauthbearer' },
    /KAFKA_SASL_MECHANISM.*oauthbearer/,
  ],
  ['KAFKA_SASL_USERNAME without password', { KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_USERNAME/],
  ['KAFKA_SASL_PASSWORD without user', { KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_PASSWORD/],
  ['KAFKA_DELIVERY_TIMEOUT zero', { KAFKA_DELIVERY_TIMEOUT: '0' }, /KAFKA_DELIVERY_TIMEOUT.*"0"/],
  ['KAFKA_COMPRESSION unknown', { KAFKA_COMPRESSION: 'brotli' }, /KAFKA_COMPRESSION.*"brotli"/],
  ['KAFKA_ACKS unknown', { KAFKA_ACKS: 'some' }, /KAFKA_ACKS.*"some"/],
  ['SPOOL_STARTUP unknown', { SPOOL_STARTUP: 'later' }, /SPOOL_STARTUP.*"later"/],
  ['SPOOL_OFFLINE unknown', { SPOOL_OFFLINE: 'drop' }, /SPOOL_OFFLINE.*"drop"/],
  ['SPOOL_PARTITIONER unknown', { SPOOL_PARTITIONER: 'legacy' }, /SPOOL_PARTITIONER.*"legacy"/],
  ['SPOOL_OFFLINE_AFTER zero', { SPOOL_OFFLINE_AFTER: '0' }, /SPOOL_OFFLINE_AFTER.*>= 1/],
  ['SPOOL_RETRY_ATTEMPTS zero', { SPOOL_RETRY_ATTEMPTS: '0' }, /SPOOL_RETRY_ATTEMPTS.*>= 1/],
  ['SPOOL_RETRY_TOPICS text', { SPOOL_RETRY_TOPICS: '1000,soon' }, /SPOOL_RETRY_TOPICS.*"soon"/],
  ['SPOOL_RETRY_TOPICS negative', { SPOOL_RETRY_TOPICS: '-5' }, /SPOOL_RETRY_TOPICS/],
  ['SPOOL_RETRY_TOPICS empty entry', { SPOOL_RETRY_TOPICS: '1000,,10000' }, /SPOOL_RETRY_TOPICS/],
  ['SPOOL_SHUTDOWN_TIMEOUT zero', { SPOOL_SHUTDOWN_TIMEOUT: '0' }, /SPOOL_SHUTDOWN_TIMEOUT/],
]

for (const [what, env, message] of bad) {
  test(`bad value fails naming the variable: ${what}`, () => rejects(env, message))
}

test('every variable that can hold a bad value has a failing case (client id and path take any text)', () => {
  // The log-level variables have their own bad-value test below.
  const covered = new Set([...bad.flatMap(([, env]) => Object.keys(env)), 'SPOOL_LOG_LEVEL', 'LOG_LEVEL'])
  const free = new Set(['KAFKA_CLIENT_ID', 'SPOOL_OFFLINE_PATH'])
  for (const name of Object.keys(busEnvironment)) {
    if (!free.has(name)) assert.ok(covered.has(name), `${name} has no bad-value case`)
  }
})

test("SPOOL_LOG_LEVEL sets the default logger's level; LOG_LEVEL is read only without it; info otherwise", () => {
  assert.equal(busLogLevel({}), 'info')
  assert.equal(busLogLevel({ SPOOL_LOG_LEVEL: 'Debug' }), 'debug')
  assert.equal(busLogLevel({ LOG_LEVEL: 'warn' }), 'warn')
  assert.equal(busLogLevel({ SPOOL_LOG_LEVEL: 'error', LOG_LEVEL: 'warn' }), 'error')
})

test('a bad SPOOL_LOG_LEVEL is a SPOOL_ERR_INVALID_OPTION naming the variable', () => {
  for (const [env, variable] of [
    [{ SPOOL_LOG_LEVEL: 'verbose' }, 'SPOOL_LOG_LEVEL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ] as const) {
    assert.throws(
      () => busLogLevel(env),
      (error: unknown) =>
        isSpoolError(error) &&
        error.code === 'SPOOL_ERR_INVALID_OPTION' &&
        error.message.startsWith(`${variable} must be one of trace, debug, info, warn, error, fatal, silent`),
    )
  }
})
