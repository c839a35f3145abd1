import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultBrokerOptions, resolveBrokerOptions } from '../src/index.ts'

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
      [{ port: 70_000 }, /`port`/],
      [{ defaultPartitions: 0 }, /`defaultPartitions`/],
      [{ retentionMs: -5 }, /`retentionMs`/],
      [{ autoCreateTopics: 'yes' }, /`autoCreateTopics`/],
      [{ groupMinSessionTimeout: 10, groupMaxSessionTimeout: 5 }, /`groupMaxSessionTimeout`/],
      [{ sasl: { mechanisms: ['GSSAPI'], users: [] } }, /`sasl.mechanisms`/],
      [{ sasl: {} }, /`sasl`/],
      [{ tls: { key: 1, cert: 'x' } }, /`tls.key`/],
      [{ prot: 1 }, /`prot`/],
    ]
    for (const [input, re] of bad)
      assert.throws(
        () => resolveBrokerOptions(input as never),
        (e: Error & { code?: string }) => re.test(e.message) && e.code === 'SPOOL_ERR_INVALID_OPTION',
        JSON.stringify(input),
      )
  })
})
