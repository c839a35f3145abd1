import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ApiKeys, ErrorCodes } from '@spool/protocol'
import { broker, createTopic, wire } from '../helpers/wire.ts'

describe('DescribeConfigs', () => {
  it("reports a topic's configs with Kafka's defaults, overrides and synonyms", async (t) => {
    const b = await broker(t, { retentionBytes: 1_000_000 })
    const c = await wire(t, b)
    await createTopic(c, 'cfg', 1, { 'cleanup.policy': 'compact' })
    const res = await c.request(ApiKeys.DESCRIBE_CONFIGS, 4, {
      resources: [{ resourceType: 2, resourceName: 'cfg', configurationKeys: null }],
      includeSynonyms: true,
      includeDocumentation: true,
    })
    const configs = new Map(res.results[0]!.configs.map((x) => [x.name, x]))
    const expect = {
      'retention.ms': ['604800000', 5],
      'retention.bytes': ['1000000', 4],
      'cleanup.policy': ['compact', 1],
      'max.message.bytes': ['1048588', 5],
      'segment.bytes': ['1073741824', 5],
      'message.timestamp.type': ['CreateTime', 5],
      'min.insync.replicas': ['1', 5],
    }
    for (const [name, [value, source]] of Object.entries(expect)) {
      assert.deepEqual([configs.get(name)?.value, configs.get(name)?.configSource], [value, source], name)
    }
    const policy = configs.get('cleanup.policy')!
    assert.deepEqual(
      policy.synonyms.map((s) => [s.name, s.source]),
      [
        ['cleanup.policy', 1],
        ['log.cleanup.policy', 5],
      ],
    )
    assert.equal(configs.get('retention.ms')!.configType, 5)
    assert.ok(configs.get('retention.ms')!.documentation!.length > 0)
  })

  it('filters keys, describes the broker, and reports unknown topics', async (t) => {
    const b = await broker(t)
    const c = await wire(t, b)
    await createTopic(c, 'k')
    const res = await c.request(ApiKeys.DESCRIBE_CONFIGS, 1, {
      resources: [
        { resourceType: 2, resourceName: 'k', configurationKeys: ['retention.ms'] },
        { resourceType: 4, resourceName: '1', configurationKeys: null },
        { resourceType: 2, resourceName: 'ghost', configurationKeys: null },
        { resourceType: 4, resourceName: '42', configurationKeys: null },
      ],
      includeSynonyms: false,
    })
    assert.deepEqual(
      res.results[0]!.configs.map((x) => x.name),
      ['retention.ms'],
    )
    const node = new Map(res.results[1]!.configs.map((x) => [x.name, x.value]))
    assert.equal(node.get('num.partitions'), '1')
    assert.equal(node.get('message.max.bytes'), '1048588')
    assert.equal(node.get('advertised.listeners'), `PLAINTEXT://127.0.0.1:${b.port}`)
    assert.equal(res.results[2]!.errorCode, ErrorCodes.UNKNOWN_TOPIC_OR_PARTITION)
    assert.equal(res.results[3]!.errorCode, ErrorCodes.INVALID_REQUEST)
  })
})
