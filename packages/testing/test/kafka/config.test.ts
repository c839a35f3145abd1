import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { log4j2Xml, scramFormatArgs, serverProperties } from '../../src/kafka/config.ts'

const parse = (text: string): Map<string, string> =>
  new Map(
    text
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  )

const node = (id: number) => ({ id, port: 40_000 + id, controllerPort: 41_000 + id })

describe('serverProperties', () => {
  it('makes a single node its own quorum with replication 1 and no rebalance delay', () => {
    const p = parse(serverProperties({ self: node(1), all: [node(1)], logDir: '/d' }))
    assert.equal(p.get('process.roles'), 'broker,controller')
    assert.equal(p.get('controller.quorum.voters'), '1@127.0.0.1:41001')
    assert.equal(p.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:40001')
    assert.equal(p.get('default.replication.factor'), '1')
    assert.equal(p.get('offsets.topic.replication.factor'), '1')
    assert.equal(p.get('min.insync.replicas'), '1')
    assert.equal(p.get('group.initial.rebalance.delay.ms'), '0')
    assert.equal(p.get('auto.create.topics.enable'), 'true')
  })

  it('gives three nodes replication 3 and min ISR 2, with every node a voter', () => {
    const all = [node(1), node(2), node(3)]
    const p = parse(serverProperties({ self: all[1]!, all, logDir: '/d' }))
    assert.equal(p.get('node.id'), '2')
    assert.equal(p.get('controller.quorum.voters'), '1@127.0.0.1:41001,2@127.0.0.1:41002,3@127.0.0.1:41003')
    assert.equal(p.get('default.replication.factor'), '3')
    assert.equal(p.get('min.insync.replicas'), '2')
    assert.equal(p.get('transaction.state.log.min.isr'), '2')
  })

  it('lets overrides replace defaults', () => {
    const p = parse(
      serverProperties({ self: node(1), all: [node(1)], logDir: '/d', overrides: { 'num.partitions': 6 } }),
    )
    assert.equal(p.get('num.partitions'), '6')
  })
})

describe('SASL listener', () => {
  it('adds SASL_PLAINTEXT with PLAIN users in JAAS and SCRAM users at format time', () => {
    const self = { ...node(1), saslPort: 42_001 }
    const users = [{ username: 'alice', password: 'alice-secret' }]
    const text = serverProperties({ self, all: [self], logDir: '/d', saslUsers: users })
    const p = parse(text)
    assert.equal(
      p.get('listeners'),
      'PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:41001,SASL_PLAINTEXT://127.0.0.1:42001',
    )
    assert.equal(
      p.get('advertised.listeners'),
      'PLAINTEXT://127.0.0.1:40001,SASL_PLAINTEXT://127.0.0.1:42001',
    )
    assert.equal(p.get('inter.broker.listener.name'), 'PLAINTEXT')
    assert.match(
      text,
      /^listener\.name\.sasl_plaintext\.plain\.sasl\.jaas\.config=.*PlainLoginModule required user_alice="alice-secret";$/m,
    )
    assert.deepEqual(scramFormatArgs(users), [
      '--add-scram',
      'SCRAM-SHA-256=[name=alice,password=alice-secret]',
      '--add-scram',
      'SCRAM-SHA-512=[name=alice,password=alice-secret]',
    ])
    assert.equal(
      parse(serverProperties({ self, all: [self], logDir: '/d' })).get('advertised.listeners'),
      'PLAINTEXT://127.0.0.1:40001',
    )
  })
})

describe('log4j2Xml', () => {
  it('appends to the given file and escapes it for XML', () => {
    const xml = log4j2Xml('/tmp/a&b/server.log')
    assert.match(xml, /fileName="\/tmp\/a&amp;b\/server\.log" append="true"/)
    assert.doesNotMatch(xml, /Console/)
  })
})
