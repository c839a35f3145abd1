/** Options and environment: defaults, validation naming the property, env variables. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultJobQuestOptions, jobQuestOptionsFromEnv, resolveJobQuestOptions } from '../src/config.ts'

describe('jobquest options', () => {
  it('defaults to the seed: port 3000, the seed topics, client id jobquest', () => {
    const options = resolveJobQuestOptions()
    assert.equal(options.port, 3000)
    assert.equal(options.namespace, '')
    assert.equal(options.kafka.clientId, 'jobquest')
    assert.equal(options.group, defaultJobQuestOptions.group)
    assert.ok(Object.isFrozen(options))
  })

  it('names the bad property', () => {
    assert.throws(() => resolveJobQuestOptions({ port: 70_000 }), {
      code: 'JOBQUEST_ERR_CONFIG',
      property: 'port',
    })
    assert.throws(() => resolveJobQuestOptions({ namespace: 'a b' }), { property: 'namespace' })
    assert.throws(() => resolveJobQuestOptions({ group: '' }), { property: 'group' })
    assert.throws(() => resolveJobQuestOptions({ historyPerUser: 0 }), { property: 'historyPerUser' })
  })

  it("reads PORT, JOBQUEST_NAMESPACE and Spool's Kafka variables, including the seed's KAFKA_BROKER", () => {
    const options = jobQuestOptionsFromEnv({
      PORT: '4000',
      JOBQUEST_NAMESPACE: 'staging',
      KAFKA_BROKER: 'kafka:9092',
      KAFKA_CLIENT_ID: 'jq',
    })
    assert.equal(options.port, 4000)
    assert.equal(options.namespace, 'staging')
    assert.deepEqual(options.kafka?.brokers, ['kafka:9092'])
    assert.equal(resolveJobQuestOptions(options).kafka.clientId, 'jq')
    assert.throws(() => jobQuestOptionsFromEnv({ PORT: 'abc' }), { property: 'port' })
    assert.throws(() => jobQuestOptionsFromEnv({ KAFKA_BROKERS: 'nope' }), /KAFKA_BROKERS/)
  })
})
