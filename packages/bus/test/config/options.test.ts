import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isSpoolError } from '@spool/errors'
import { type BusOptionsInput, defaultBusOptions, resolveBusOptions } from '../../src/config/options.ts'

/** Fails with SPOOL_ERR_INVALID_OPTION naming the option (or an element of it: 'brokers[0]'). */
function rejects(input: unknown, property: string): void {
  assert.throws(
    () => resolveBusOptions(input as BusOptionsInput),
    (error: unknown) => {
      assert.ok(isSpoolError(error), `expected a SpoolError, got ${String(error)}`)
      assert.equal(error.code, 'SPOOL_ERR_INVALID_OPTION')
      assert.match(error.message, new RegExp(`^createBus: option '${property.replace('.', '\\.')}[.'[]`))
      return true
    },
  )
}

/** Arrays and plain objects reachable from `value` (class instances such as a logger are left out). */
function plainParts(value: unknown, path = 'options'): [string, object][] {
  if (value === null || typeof value !== 'object') return []
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== Array.prototype) return []
  return [[path, value], ...Object.entries(value).flatMap(([k, v]) => plainParts(v, `${path}.${k}`))]
}

test('no input gives the defaults', () => {
  const options = resolveBusOptions()
  assert.deepEqual(options, defaultBusOptions)
  assert.deepEqual(options.brokers, ['127.0.0.1:9092'])
  assert.equal(options.clientId, 'spool')
  assert.equal(options.acks, 'all')
  assert.equal(options.idempotent, true)
  assert.equal(options.offline, 'spool')
  assert.deepEqual(options.retry, { attempts: 3, initialDelay: 100, maxDelay: 5_000, topics: [] })
})

test('input overrides defaults; undefined does not; retry merges field by field', () => {
  const options = resolveBusOptions({
    brokers: ['kafka:9092'],
    clientId: undefined,
    linger: 5,
    retry: { attempts: 7, maxDelay: undefined },
  })
  assert.deepEqual(options.brokers, ['kafka:9092'])
  assert.equal(options.clientId, 'spool')
  assert.equal(options.linger, 5)
  assert.deepEqual(options.retry, { attempts: 7, initialDelay: 100, maxDelay: 5_000, topics: [] })
})

test('the result and its parts are frozen', () => {
  const options = resolveBusOptions({ retry: { topics: [1000] } })
  assert.ok(Object.isFrozen(options))
  assert.ok(Object.isFrozen(options.retry))
  assert.ok(Object.isFrozen(options.brokers))
  assert.throws(() => {
    ;(options as { clientId: string }).clientId = 'changed'
  }, TypeError)
  assert.ok(Object.isFrozen(defaultBusOptions))
  assert.ok(Object.isFrozen(defaultBusOptions.retry))
})

test('every nested array and object of the result is frozen, including the default retry topics', () => {
  const options = resolveBusOptions({
    ssl: { ca: 'PEM', rejectUnauthorized: false },
    sasl: { mechanism: 'plain', username: 'u', password: 'p' },
  })
  for (const [path, part] of plainParts(options)) assert.ok(Object.isFrozen(part), `${path} is not frozen`)
  // The default topics array is shared by every bus: it must not be open to change.
  assert.ok(Object.isFrozen(defaultBusOptions.retry.topics), 'defaultBusOptions.retry.topics is not frozen')
})

test("resolving neither freezes nor keeps a live link to the caller's arrays", () => {
  const brokers = ['a:1']
  const topics = [1000]
  const options = resolveBusOptions({ brokers, retry: { topics } })
  assert.equal(Object.isFrozen(brokers), false, "the caller's brokers array was frozen")
  topics.push(5000)
  assert.deepEqual(options.retry.topics, [1000], 'changing the input changed the resolved options')
})

test('valid edge values are accepted', () => {
  assert.deepEqual(resolveBusOptions({ brokers: ['[::1]:9092', 'host.example:65535'] }).brokers, [
    '[::1]:9092',
    'host.example:65535',
  ])
  assert.equal(resolveBusOptions({ retries: 0 }).retries, 0)
  assert.equal(resolveBusOptions({ acks: 'leader', idempotent: false }).acks, 'leader')
  assert.equal(resolveBusOptions({ replicationFactor: 3 }).replicationFactor, 3)
  assert.deepEqual(resolveBusOptions({ retry: { topics: [0, 1000] } }).retry.topics, [0, 1000])
})

const positiveInts = [
  'connectionTimeout',
  'requestTimeout',
  'deliveryTimeout',
  'initialRetryTime',
  'batchSize',
  'sessionTimeout',
  'heartbeatInterval',
  'rebalanceTimeout',
  'maxBuffered',
  'fetchMaxBytes',
  'fetchMaxPartitionBytes',
  'topicPartitions',
  'idempotencyRetention',
  'idempotencyLease',
  'idempotencyBusyWait',
  'shutdownTimeout',
]

for (const name of positiveInts) {
  test(`options.${name} must be a positive integer`, () => {
    for (const bad of [0, -1, 1.5, Number.NaN, '100']) rejects({ [name]: bad }, name)
    assert.equal((resolveBusOptions({ [name]: 1 }) as unknown as Record<string, number>)[name], 1)
  })
}

const invalid: [string, unknown, string][] = [
  ['brokers empty', { brokers: [] }, 'brokers'],
  ['brokers not an array', { brokers: 'a:1' }, 'brokers'],
  ['brokers without port', { brokers: ['localhost'] }, 'brokers'],
  ['brokers with a space', { brokers: ['my host:9092'] }, 'brokers'],
  ['clientId empty', { clientId: '' }, 'clientId'],
  ['clientId not a string', { clientId: 42 }, 'clientId'],
  ['retries negative', { retries: -1 }, 'retries'],
  ['retries fraction', { retries: 0.5 }, 'retries'],
  ['linger negative', { linger: -1 }, 'linger'],
  ['acks numeric', { acks: 1, idempotent: false }, 'acks'],
  ['compression unknown', { compression: 'brotli' }, 'compression'],
  ['envelope unknown', { envelope: 'json' }, 'envelope'],
  ['offline unknown', { offline: 'drop' }, 'offline'],
  ['idempotent with acks leader', { acks: 'leader' }, 'idempotent'],
  ['sasl mechanism', { sasl: { mechanism: 'gssapi', username: 'u', password: 'p' } }, 'sasl.mechanism'],
  ['sasl username', { sasl: { mechanism: 'plain', username: '', password: 'p' } }, 'sasl.username'],
  ['sasl password', { sasl: { mechanism: 'plain', username: 'u' } }, 'sasl.password'],
  ['replicationFactor zero', { replicationFactor: 0 }, 'replicationFactor'],
  ['replicationFactor -2', { replicationFactor: -2 }, 'replicationFactor'],
  ['retry.attempts zero', { retry: { attempts: 0 } }, 'retry.attempts'],
  ['retry.attempts fraction', { retry: { attempts: 1.5 } }, 'retry.attempts'],
  ['retry.initialDelay negative', { retry: { initialDelay: -1 } }, 'retry.initialDelay'],
  ['retry.maxDelay infinite', { retry: { maxDelay: Number.POSITIVE_INFINITY } }, 'retry.maxDelay'],
  ['retry.topics negative', { retry: { topics: [1000, -1] } }, 'retry.topics'],
  ['retry.topics not an array', { retry: { topics: 1000 } }, 'retry.topics'],
]

for (const [what, input, property] of invalid) {
  test(`invalid ${what} fails naming options.${property}`, () => rejects(input, property))
}

const unknown: [string, unknown, string][] = [
  ['a misspelt top-level key', { brokrs: ['x:9092'] }, "unknown option 'brokrs' (did you mean 'brokers'?)"],
  ['a wrong case', { clientID: 'x' }, "unknown option 'clientID' (did you mean 'clientId'?)"],
  [
    'a misspelt retry key',
    { retry: { atempts: 2 } },
    "unknown option 'retry.atempts' (did you mean 'retry.attempts'?)",
  ],
  [
    'a misspelt TLS key',
    { ssl: { rejectUnauthorised: false } },
    "unknown option 'ssl.rejectUnauthorised' (did you mean 'ssl.rejectUnauthorized'?)",
  ],
  [
    'a misspelt SASL key',
    { sasl: { mechanism: 'plain', username: 'u', password: 'p', pasword: 'p' } },
    "unknown option 'sasl.pasword' (did you mean 'sasl.password'?)",
  ],
  ['a key far from every option', { zzzzzzzz: 1 }, "unknown option 'zzzzzzzz'"],
]

for (const [what, input, message] of unknown) {
  test(`${what} is rejected by name`, () => {
    assert.throws(
      () => resolveBusOptions(input as BusOptionsInput),
      (error: unknown) =>
        isSpoolError(error) &&
        error.code === 'SPOOL_ERR_INVALID_OPTION' &&
        error.message === `createBus: ${message}`,
    )
  })
}

test('a logger, a registry and an idempotency store pass through as given, unfrozen', async () => {
  const { pino } = await import('pino')
  const { Registry } = await import('prom-client')
  const { memoryStore } = await import('../../src/idempotency/memory.ts')
  const logger = pino({ level: 'silent' })
  const registry = new Registry()
  const idempotency = memoryStore()
  const options = resolveBusOptions({ logger, registry, idempotency })
  assert.equal(options.logger, logger)
  assert.equal(options.registry, registry)
  assert.equal(options.idempotency, idempotency)
  assert.ok(!Object.isFrozen(idempotency) && !Object.isFrozen(logger))
  rejects({ logger: console.log }, 'logger')
  rejects({ registry: {} }, 'registry')
  rejects({ idempotency: { claim() {} } }, 'idempotency')
})
