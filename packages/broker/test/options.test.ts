import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isSpoolError } from '@spool/errors'
import { pino } from 'pino'
import { Broker, defaultBrokerOptions, resolveBrokerOptions, startBroker } from '../src/index.ts'

describe('broker options', () => {
  it('fills defaults (Kafka values where Kafka has them) and freezes', () => {
    const o = resolveBrokerOptions({ port: 0 })
    assert.equal(o.port, 0)
    assert.equal(o.host, '127.0.0.1')
    assert.equal(o.maxMessageBytes, 1_048_588)
    assert.equal(o.maxRequestBytes, 104_857_600)
    assert.equal(o.defaultPartitions, 1)
    assert.equal(o.autoCreateTopics, true)
    assert.equal(o.nodeId, 1)
    assert.ok(Object.isFrozen(o))
    assert.ok(Object.isFrozen(defaultBrokerOptions))
  })

  it('names the bad property', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ port: 70_000 }, /option 'port' /],
      [{ port: '9092' }, /option 'port' /],
      [{ defaultPartitions: 0 }, /option 'defaultPartitions' /],
      [{ retentionMs: -5 }, /option 'retentionMs' /],
      [{ autoCreateTopics: 'yes' }, /option 'autoCreateTopics' /],
      [{ groupMinSessionTimeout: 10, groupMaxSessionTimeout: 5 }, /option 'groupMaxSessionTimeout' /],
      [{ sasl: { mechanisms: ['GSSAPI'], users: [] } }, /option 'sasl\.mechanisms\[0\]' /],
      [{ sasl: {} }, /option 'sasl' must give users or usersFile/],
      [{ tls: { key: 1, cert: 'x' } }, /option 'tls\.key' must be string or Buffer$/],
      [{ logger: console }, /option 'logger' must be a pino logger/],
      [{ prot: 1 }, /unknown option 'prot' \(did you mean 'port'\?\)/],
      [
        { tls: { key: 'k', cert: 'c', requestCrt: true } },
        /unknown option 'tls\.requestCrt' \(did you mean 'tls\.requestCert'\?\)/,
      ],
      [{ sasl: { users: [{ username: 'u', pasword: 'p' }] } }, /unknown option 'sasl\.users\[0\]\.pasword'/],
    ]
    for (const [input, re] of bad)
      assert.throws(
        () => resolveBrokerOptions(input as never),
        (e: unknown) =>
          isSpoolError(e) &&
          e.code === 'SPOOL_ERR_INVALID_OPTION' &&
          /^startBroker: /.test(e.message) &&
          re.test(e.message),
        JSON.stringify(input),
      )
  })

  it('rejects a misspelt option before listening', async () => {
    await assert.rejects(startBroker({ prot: 0 } as never), /unknown option 'prot' \(did you mean 'port'\?\)/)
    assert.throws(
      () => new Broker({ dataDri: '/tmp/x' } as never),
      /unknown option 'dataDri' \(did you mean 'dataDir'\?\)/,
    )
  })

  it('passes a logger and TLS buffers through as given', () => {
    const logger = pino({ level: 'silent' })
    const key = Buffer.from('key')
    const o = resolveBrokerOptions({ logger, tls: { key, cert: 'cert' } })
    assert.equal(o.logger, logger)
    assert.equal(o.tls?.key, key)
    assert.equal(new Broker({ logger }).logger, logger)
  })
})
